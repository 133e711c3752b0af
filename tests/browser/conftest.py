"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

They run when `BROWSER_TESTS=1` (the PostgreSQL pass of `.ci/run` sets it) and Chromium is
installed; otherwise the whole folder is skipped with the reason.
"""

import os
import pathlib
import re

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = pathlib.Path(__file__).resolve().parents[2] / "test-results"
PASSWORD = "Un-mot-de-passe-solide-2026"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Django's admin is held to "no serious or critical violation" (issue 8).
ADMIN_IMPACTS = {"serious", "critical"}

if os.environ.get("BROWSER_TESTS") != "1":
    pytest.skip(
        "browser tests run only with BROWSER_TESTS=1 (the PostgreSQL pass of .ci/run)",
        allow_module_level=True,
    )
if not os.path.exists(CHROMIUM):
    pytest.skip(
        f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)",
        allow_module_level=True,
    )

# The live server runs in a thread of this process; Playwright's sync API runs an event loop.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[_failed_key] = report.failed
    return report


_failed_key = pytest.StashKey[bool]()


@pytest.fixture
def new_page(browser, live_server, request, mailoutbox):
    """Open pages at a given size; a failing test leaves a screenshot of each in test-results/."""
    contexts = []

    def open_page(width="desktop"):
        w, h = WIDTHS[width]
        context = browser.new_context(
            viewport={"width": w, "height": h}, base_url=live_server.url, locale="fr-BE"
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    failed = request.node.stash.get(_failed_key, False)
    for index, context in enumerate(contexts):
        if failed:
            SCREENSHOTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            for page in context.pages:
                page.screenshot(path=SCREENSHOTS / f"{name}-{index}.png", full_page=True)
        context.close()


class PageChecks:
    """axe (WCAG 2.1 A/AA) on each page in French and in Dutch, reached through the switcher."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.checked = set()
        self.problems = []

    def __call__(self, page):
        path = _path(page.url)
        if path in self.checked:
            return
        self.checked.add(path)
        self._axe(page, path)
        # (d) The language switcher keeps the page and changes the language, both ways.
        with page.expect_navigation():
            page.locator(".language-switcher button[value=nl]").click()
        expected = re.sub(r"^/fr/", "/nl/", path)
        if _path(page.url) != expected or page.locator("html").get_attribute("lang") != "nl":
            self.problems.append(f"{path}: the switcher led to {_path(page.url)}, not {expected}")
        else:
            self._axe(page, expected)
        with page.expect_navigation():
            page.locator(".language-switcher button[value=fr]").click()
        if _path(page.url) != path:
            self.problems.append(f"{expected}: the switcher led back to {_path(page.url)}")

    def admin(self, page):
        """An admin page staff use: no serious or critical WCAG 2.1 A/AA violation."""
        path = _path(page.url)
        if path not in self.checked:
            self.checked.add(path)
            self._axe(page, path, impacts=ADMIN_IMPACTS)

    def _axe(self, page, path, impacts=None):
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert results.response["passes"], f"axe checked nothing on {path}"
        for violation in results.response["violations"]:
            if impacts is not None and violation["impact"] not in impacts:
                continue
            targets = [node["target"] for node in violation["nodes"][:3]]
            self.problems.append(f"{path}: {violation['id']} ({violation['help']}) at {targets}")

    def assert_clean(self):
        assert not self.problems, "\n".join(["Accessibility/language problems:", *self.problems])


def _path(url):
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def check_page():
    """Call on each non-admin page; call `.assert_clean()` at the end of the journey."""
    return PageChecks()
