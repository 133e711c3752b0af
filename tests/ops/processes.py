"""Real processes for the operations tests (gunicorn, an S3 server) and a browser behind the proxy."""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from tests.factories import PASSWORD
from tests.students.factories import StudentFactory

BASE_DIR = Path(__file__).resolve().parents[2]
# The host name the proxy forwards: every app server answers to it.
HOST = "campus.test"
# One throwaway key for the whole run: every app server must sign sessions with the same.
SECRET_KEY = secrets.token_urlsafe(50)
# The operations tests' own Redis database, emptied when servers start.
CACHE_URL = "redis://127.0.0.1:6379/2"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url_for_servers() -> str:
    """DATABASE_URL of the test database pytest-django created (call after django_db_setup)."""
    from django.db import connection

    url = urlsplit(os.environ["DATABASE_URL"])
    return url._replace(path=f"/{connection.settings_dict['NAME']}").geturl()


def clean_env(**variables: str) -> dict[str, str]:
    """Nothing leaks in from the test run (its DJANGO_DEBUG=true, its test settings)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(Path.home())),
        "LANG": "C.UTF-8",
        "PYTHONUNBUFFERED": "1",
        **variables,
    }


def production_env(**variables: str) -> dict[str, str]:
    """Production settings, with the values every app server of the run shares."""
    shared = {
        "DJANGO_SETTINGS_MODULE": "campus_portal.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "CACHE_URL": CACHE_URL,
    }
    return clean_env(**{**shared, **variables})


def collect_static(static_root: Path) -> None:
    """The manifest the production static storage needs before any page renders."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=BASE_DIR,
        env=production_env(DJANGO_STATIC_ROOT=str(static_root)),
        check=True,
    )


@contextmanager
def running(command: list[str], *, env: dict[str, str], ready_url: str, log: Path):
    """Start `command`, wait until `ready_url` answers, and always stop it afterwards."""
    with open(log, "wb") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and modules
            command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_ready(process, ready_url, log)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(process: subprocess.Popen, url: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[:3]} exited:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:  # not listening yet, or still starting
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


def gunicorn(port: int, *, env: dict[str, str], log: Path, workers: int = 2):
    """A gunicorn app server on loopback; `--no-control-socket` lets several run at once."""
    command = [sys.executable, "-m", "gunicorn", "campus_portal.wsgi"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--no-control-socket"]
    return running(command, env=env, ready_url=f"http://127.0.0.1:{port}/healthz", log=log)


def moto_s3(port: int, *, log: Path):
    """A local S3-compatible server (moto), empty at start."""
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    return running(command, env=clean_env(), ready_url=f"http://127.0.0.1:{port}/", log=log)


class Visitor:
    """One browser behind the TLS proxy. It keeps its own cookies, so that it can be sent to
    any app server (its session cookie is `Secure`, which plain-HTTP clients would drop)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def get(self, server: str, path: str) -> requests.Response:
        return self._send("GET", server, path)

    def post(self, server: str, path: str, data: dict, files: dict | None = None):
        """Submit a form: the CSRF token comes from the form page, fetched from `server`."""
        page = self.get(server, path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token, f"no form on {path}: {page.status_code}"
        data = {**data, "csrfmiddlewaretoken": token.group(1)}
        return self._send("POST", server, path, data=data, files=files)

    def _send(self, method: str, server: str, path: str, **kwargs) -> requests.Response:
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{path}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = requests.request(
            method, server + path, headers=headers, allow_redirects=False, timeout=30, **kwargs
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response


def student_with_password(email: str):
    """A student whose password the app servers can check: PBKDF2, their hasher (the test
    settings hash with MD5, which production does not accept)."""
    user = StudentFactory(user__email=email).user
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt())
    user.save(update_fields=["password"])
    return user


def log_in(visitor: Visitor, server: str, email: str, password: str) -> requests.Response:
    return visitor.post(server, reverse("account_login"), {"login": email, "password": password})
