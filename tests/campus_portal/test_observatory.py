"""The Mozilla HTTP Observatory score of the portal under its production security settings."""

import pytest

from tests.campus_portal import observatory
from tests.factories import PASSWORD

PRODUCTION = {
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_SSL_REDIRECT": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SESSION_COOKIE_SECURE": True,
    "SESSION_COOKIE_NAME": "__Host-sessionid",
    "CSRF_COOKIE_SECURE": True,
    "CSRF_COOKIE_NAME": "__Host-csrftoken",
    "LANGUAGE_COOKIE_SECURE": True,
}


def scan(client, url):
    response = client.get(url, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    cookies = list(response.cookies.values())
    http_response = client.get(url)
    return (
        response,
        cookies,
        observatory.score(response, cookies=cookies, http_response=http_response),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/fr/", "/fr/accounts/login/"])
def test_the_observatory_score_reaches_100(client, settings, url):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    _response, _cookies, result = scan(client, url)
    assert result.total >= 100, result.breakdown()
    assert not result.penalties, result.breakdown()


@pytest.mark.django_db
def test_the_login_page_sets_host_prefixed_secure_cookies(client, settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    _response, cookies, result = scan(client, "/fr/accounts/login/")
    assert cookies
    for cookie in cookies:
        assert cookie.key.startswith("__Host-"), cookie.key
        assert cookie["secure"]
        assert cookie["path"] == "/"
        assert not cookie["domain"]
    assert ("cookies-secure-with-httponly-sessions-and-samesite", 5) in result.bonuses


@pytest.mark.django_db
def test_logging_in_sets_a_session_cookie_that_scores_too(client, settings, student):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    response = client.post(
        "/fr/accounts/login/",
        {"login": student.email, "password": PASSWORD},
        HTTP_X_FORWARDED_PROTO="https",
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    result = observatory.score(response, cookies=list(response.cookies.values()))
    assert result.total >= 100, result.breakdown()
    assert not result.penalties, result.breakdown()


@pytest.mark.django_db
def test_the_scorer_sees_missing_headers(client):
    """Development settings (no HSTS, no redirection, cookies without Secure) lose points."""
    response = client.get("/fr/accounts/login/")
    result = observatory.score(
        response, cookies=list(response.cookies.values()), http_response=response
    )
    tests = {test for test, _modifier in result.penalties}
    assert "hsts-not-implemented" in tests
    assert "redirection-missing" in tests
    assert result.total < 100, result.breakdown()
