"""Production settings refuse to start without what they need, and harden cookies."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "portal.example.be",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}
PROBE = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
    "s.SECURE_SSL_REDIRECT, s.SECURE_REDIRECT_EXEMPT, s.TASKS['default']['BACKEND'])"
)


def run_with(env, probe=PROBE):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL"))}
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "campus_portal.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "CACHE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = run_with(env)
    assert result.returncode != 0
    assert f"{missing} is not set" in result.stderr


def test_debug_is_off_unless_asked_for():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_DEBUG"}
    result = run_with(env)
    assert result.returncode == 0, result.stderr
    assert "__Host-sessionid" in result.stdout


def test_production_cookies_and_redirects():
    result = run_with(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "True",
        "True",
        "['^healthz$']",
        "django_tasks_db.DatabaseBackend",
    ]


def test_rate_limits_count_the_client_the_proxy_saw_not_the_proxy():
    """Behind nginx every request comes from the proxy's address; the client is the
    entry nginx appends to X-Forwarded-For (the ones before it are the client's word)."""
    probe = (
        "import django; django.setup(); from django.test import RequestFactory; "
        "from allauth.account.adapter import get_adapter; "
        "request = RequestFactory().get('/', REMOTE_ADDR='127.0.0.1', "
        "HTTP_X_FORWARDED_FOR='198.51.100.7, 203.0.113.9'); "
        "print(get_adapter(request).get_client_ip(request))"
    )
    result = run_with(PRODUCTION, probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "203.0.113.9"


def test_public_files_are_readable_by_the_web_server_whatever_the_umask(tmp_path):
    """nginx, another user, serves logos and static files; a CV stays private."""
    probe = """
import os
os.umask(0o077)  # stricter than any service's
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import storages

def mode(path):
    return oct(os.stat(path).st_mode & 0o777)

for store, name in [("default", "logos/a.png"), ("staticfiles", "a.css"), ("private", "cvs/a.pdf")]:
    print(mode(storages[store].path(storages[store].save(name, ContentFile(b"x")))))
print(mode(storages["default"].path("logos")))
"""
    folders = {
        "DJANGO_MEDIA_ROOT": tmp_path / "media",
        "DJANGO_STATIC_ROOT": tmp_path / "static",
        "DJANGO_PRIVATE_MEDIA_ROOT": tmp_path / "private",
    }
    result = run_with({**PRODUCTION, **{name: str(path) for name, path in folders.items()}}, probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0o644", "0o644", "0o640", "0o755"]
