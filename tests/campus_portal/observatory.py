"""A Mozilla HTTP Observatory score computed from a Django test response.

The rules follow the Observatory's published scoring table (MDN's "HTTP Observatory: tests
and scoring", and `httpobs/docs/scoring.md` of mozilla/http-observatory, 2024 edition):
every site starts at 100, penalties are taken off first, and the bonuses are added only
when the score after penalties is 90 (grade A) or more. The tests and the modifiers used:

- Content Security Policy: none or unparsable -25; script-src (or its fallback default-src)
  missing, with 'unsafe-inline' (without a nonce or hash), `data:` or a broad scheme, or
  object-src unrestricted -20; any http: source -20; 'unsafe-eval' -10; otherwise +10 with
  `default-src 'none'`, +5 without it (0 when only style-src is unsafe).
- Cookies: none 0; a session cookie (name with "sess" or "login") without Secure -40, without
  HttpOnly -30; another cookie without Secure -20 (-5/-10 with HSTS); an anti-CSRF cookie
  without SameSite -20; a SameSite other than Strict/Lax/None -20; all Secure, session ones
  HttpOnly and all with SameSite +5.
- CORS: `Access-Control-Allow-Origin: *` with credentials -50, anything else 0.
- Redirection (the same URL over http): to https on the same host 0; to another host -5;
  first to another http URL -10; no redirection or not to https -20.
- Referrer-Policy: no-referrer, same-origin, strict-origin, strict-origin-when-cross-origin
  +5; missing or no-referrer-when-downgrade 0; origin, origin-when-cross-origin, unsafe-url
  or unrecognised -5.
- HSTS: max-age of six months (15768000) or more 0 (+5 only when preloaded, which a test
  cannot see); shorter -10; missing or invalid -20.
- Subresource Integrity (HTML only): no scripts or all from the same origin 0; all external
  scripts with `integrity` +5; external scripts over https without it -5, over http -50.
- X-Content-Type-Options: `nosniff` 0, missing or other -5.
- X-Frame-Options: CSP `frame-ancestors` +5; DENY or SAMEORIGIN 0; missing or invalid -20.
- Cross-Origin-Resource-Policy: same-origin, same-site or cross-origin 0; invalid -5
  (the MDN table adds this test and gives it no bonus: modifiers as recalled from it).
X-XSS-Protection and contribute.json are no longer scored by the current Observatory.
"""

import re
from dataclasses import dataclass, field
from http.cookies import Morsel
from urllib.parse import urlsplit

SIX_MONTHS = 15768000
PRIVATE_REFERRER = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
UNSAFE_REFERRER = {"origin", "origin-when-cross-origin", "unsafe-url"}


@dataclass
class Score:
    penalties: list[tuple[str, int]] = field(default_factory=list)
    bonuses: list[tuple[str, int]] = field(default_factory=list)
    neutral: list[str] = field(default_factory=list)

    def add(self, test: str, modifier: int) -> None:
        if modifier < 0:
            self.penalties.append((test, modifier))
        elif modifier > 0:
            self.bonuses.append((test, modifier))
        else:
            self.neutral.append(test)

    @property
    def total(self) -> int:
        score = max(0, 100 + sum(m for _t, m in self.penalties))
        if score >= 90:
            score += sum(m for _t, m in self.bonuses)
        return score

    def breakdown(self) -> str:
        lines = [f"score {self.total}"]
        lines += [f"  [{m:+d}] {t}" for t, m in self.penalties + self.bonuses]
        lines += [f"  [ +0] {t}" for t in self.neutral]
        return "\n".join(lines)


def parse_csp(header: str) -> dict[str, list[str]]:
    policy = {}
    for part in header.split(";"):
        tokens = part.strip().split()
        if tokens:
            policy.setdefault(tokens[0].lower(), [t.lower() for t in tokens[1:]])
    return policy


def csp_test(response) -> tuple[str, int]:
    header = response.get("Content-Security-Policy")
    if not header:
        return "csp-not-implemented", -25
    policy = parse_csp(header)
    default = policy.get("default-src")
    script = policy.get("script-src", default)
    objects = policy.get("object-src", default)
    style = policy.get("style-src", default)
    every = [source for sources in policy.values() for source in sources]
    broad = {"*", "http:", "https:", "data:"}
    if script is None or objects is None:
        return "csp-implemented-with-unsafe-inline", -20
    has_nonce_or_hash = any(s.startswith(("'nonce-", "'sha")) for s in script)
    if ("'unsafe-inline'" in script and not has_nonce_or_hash) or broad & set(script):
        return "csp-implemented-with-unsafe-inline", -20
    if broad & set(objects):
        return "csp-implemented-with-unsafe-inline", -20
    if any(s.startswith("http:") for s in every):
        return "csp-implemented-with-insecure-scheme", -20
    if "'unsafe-eval'" in every:
        return "csp-implemented-with-unsafe-eval", -10
    if style is not None and ({"'unsafe-inline'"} | broad) & set(style):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if default == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


def hsts_max_age(response) -> int | None:
    match = re.search(r"max-age=(\d+)", response.get("Strict-Transport-Security", ""))
    return int(match.group(1)) if match else None


def cookies_test(cookies: list[Morsel], *, hsts: bool) -> tuple[str, int]:
    if not cookies:
        return "cookies-not-found", 0
    worst = ("cookies-secure-with-httponly-sessions-and-samesite", 5)
    for cookie in cookies:
        name = cookie.key.lower()
        session = "sess" in name or "login" in name
        samesite = (cookie["samesite"] or "").lower()
        if samesite and samesite not in {"strict", "lax", "none"}:
            candidate = ("cookies-samesite-flag-invalid", -20)
        elif not cookie["secure"] and session:
            candidate = (
                ("cookies-session-without-secure-flag-but-protected-by-hsts", -10)
                if hsts
                else ("cookies-session-without-secure-flag", -40)
            )
        elif session and not cookie["httponly"]:
            candidate = ("cookies-session-without-httponly-flag", -30)
        elif not cookie["secure"]:
            candidate = (
                ("cookies-without-secure-flag-but-protected-by-hsts", -5)
                if hsts
                else ("cookies-without-secure-flag", -20)
            )
        elif "csrf" in name and not samesite:
            candidate = ("cookies-anticsrf-without-samesite-flag", -20)
        elif not samesite:
            candidate = ("cookies-secure-with-httponly-sessions", 0)
        else:
            continue
        worst = min(worst, candidate, key=lambda pair: pair[1])
    return worst


def redirection_test(http_response, host: str) -> tuple[str, int]:
    if http_response is None:
        return "redirection-not-needed-no-http", 0
    if http_response.status_code not in (301, 302, 307, 308):
        return "redirection-missing", -20
    target = urlsplit(http_response["Location"])
    if target.scheme != "https":
        return "redirection-not-to-https-on-initial-redirection", -10
    if target.hostname != host:
        return "redirection-off-host-from-http", -5
    return "redirection-to-https", 0


def sri_test(response, host: str) -> tuple[str, int]:
    if not response.get("Content-Type", "").startswith("text/html"):
        return "sri-not-implemented-response-not-html", 0
    scripts = re.findall(r"<script\b[^>]*>", response.content.decode(errors="replace"), re.I)
    if not scripts:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    external = []
    for tag in scripts:
        src = re.search(r"""\bsrc=["']?([^"'\s>]+)""", tag)
        if src:
            url = urlsplit(src.group(1))
            if url.netloc and url.hostname != host:
                external.append((url.scheme, "integrity=" in tag))
    if not external:
        return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0
    if all(has_integrity for _scheme, has_integrity in external):
        if any(scheme == "http" for scheme, _i in external):
            return "sri-implemented-but-external-scripts-not-loaded-securely", -20
        return "sri-implemented-and-external-scripts-loaded-securely", 5
    if any(scheme == "http" for scheme, _i in external):
        return "sri-not-implemented-and-external-scripts-not-loaded-securely", -50
    return "sri-not-implemented-but-external-scripts-loaded-securely", -5


def score(response, *, cookies: list[Morsel], http_response=None, host="testserver") -> Score:
    """Score an https `response`, the cookies it set and the answer to the same URL over http."""
    result = Score()
    result.add(*csp_test(response))

    max_age = hsts_max_age(response)
    if max_age is None:
        result.add("hsts-not-implemented", -20)
    elif max_age < SIX_MONTHS:
        result.add("hsts-implemented-max-age-less-than-six-months", -10)
    else:
        result.add("hsts-implemented-max-age-at-least-six-months", 0)

    result.add(*cookies_test(cookies, hsts=bool(max_age and max_age >= SIX_MONTHS)))

    origin = response.get("Access-Control-Allow-Origin")
    credentials = response.get("Access-Control-Allow-Credentials", "").lower() == "true"
    if origin is None:
        result.add("cross-origin-resource-sharing-not-implemented", 0)
    elif origin.strip() == "*" and credentials:
        result.add("cross-origin-resource-sharing-implemented-with-universal-access", -50)
    else:
        result.add("cross-origin-resource-sharing-implemented-with-public-access", 0)

    result.add(*redirection_test(http_response, host))

    referrer = [p.strip().lower() for p in response.get("Referrer-Policy", "").split(",")]
    last = referrer[-1] if referrer and referrer[-1] else None
    if last is None:
        result.add("referrer-policy-not-implemented", 0)
    elif last in PRIVATE_REFERRER:
        result.add("referrer-policy-private", 5)
    elif last == "no-referrer-when-downgrade":
        result.add("referrer-policy-no-referrer-when-downgrade", 0)
    elif last in UNSAFE_REFERRER:
        result.add("referrer-policy-unsafe", -5)
    else:
        result.add("referrer-policy-header-invalid", -5)

    result.add(*sri_test(response, host))

    if response.get("X-Content-Type-Options", "").strip().lower() == "nosniff":
        result.add("x-content-type-options-nosniff", 0)
    else:
        result.add("x-content-type-options-not-implemented", -5)

    csp = parse_csp(response.get("Content-Security-Policy", ""))
    xfo = response.get("X-Frame-Options", "").strip().upper()
    if csp.get("frame-ancestors"):
        result.add("x-frame-options-implemented-via-csp", 5)
    elif xfo in {"DENY", "SAMEORIGIN"}:
        result.add("x-frame-options-sameorigin-or-deny", 0)
    else:
        result.add("x-frame-options-not-implemented", -20)

    corp = response.get("Cross-Origin-Resource-Policy")
    if corp is None:
        result.add("cross-origin-resource-policy-not-implemented", 0)
    elif corp.strip().lower() in {"same-origin", "same-site", "cross-origin"}:
        result.add(f"cross-origin-resource-policy-implemented-with-{corp.strip().lower()}", 0)
    else:
        result.add("cross-origin-resource-policy-header-invalid", -5)
    return result
