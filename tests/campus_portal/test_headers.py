"""The security headers on anonymous and logged-in pages."""

import pytest

CSP_DIRECTIVES = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "script-src 'self'",
]


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    for directive in CSP_DIRECTIVES:
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/fr/", "/fr/help/", "/fr/no-such-page/"])
def test_anonymous_pages_carry_the_headers_and_may_be_cached(client, url):
    response = client.get(url)
    assert_security_headers(response)
    assert "no-store" not in response.get("Cache-Control", "")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/fr/accounts/login/", "/fr/accounts/signup/"])
def test_login_and_signup_carry_the_headers(client, url):
    assert_security_headers(client.get(url))


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/fr/", "/fr/me/", "/fr/accounts/email/", "/fr/no-such-page/"])
def test_pages_for_a_logged_in_user_are_never_stored(client, student, url):
    client.force_login(student)
    response = client.get(url)
    assert_security_headers(response)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_admin_pages_carry_the_headers(client, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_security_headers(response)
    assert "no-store" in response["Cache-Control"]


def test_no_template_has_inline_script_or_style():
    import re
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for path in templates.rglob("*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", text):
            offenders.append(f"{path}: inline <script>")
        if re.search(r"\sstyle=|<style|\son[a-z]+=", text):
            offenders.append(f"{path}: inline style or handler")
    assert not offenders


def test_no_template_uses_a_gutter_wider_than_the_containers_padding_on_phones():
    """Bootstrap's `g-5` rows stick out of a `.container` by 12 px on a 390 px screen."""
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    offenders = [
        str(path) for path in templates.rglob("*.html") if 'class="row g-5' in path.read_text()
    ]
    assert not offenders
