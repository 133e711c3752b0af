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


def run_with(env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CACHE_URL"))}
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PROBE],
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
