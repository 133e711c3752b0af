"""The benchmark's floor page exists only when DJANGO_BENCH_FLOOR is on."""

import os
import subprocess
import sys
from pathlib import Path

from django.urls import NoReverseMatch, reverse

ROOT = Path(__file__).resolve().parents[2]


def test_no_floor_page_by_default(client):
    try:
        reverse("bench_floor")
    except NoReverseMatch:
        pass
    else:
        raise AssertionError("the floor page is routed without DJANGO_BENCH_FLOOR")
    assert client.get("/bench/floor/").status_code == 404


def test_the_floor_answers_through_the_middleware_when_switched_on():
    # The URL configuration is read once per process: a fresh one with the switch on.
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client(HTTP_HOST='localhost').get('/bench/floor/'); "
        "print(r.status_code, r.content.decode().strip(), r.headers['Content-Security-Policy'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DJANGO_BENCH_FLOOR": "true",
    }
    result = subprocess.run(  # noqa: S603 - this interpreter, our own code
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    status, body, csp = result.stdout.split(" ", 2)
    assert (status, body) == ("200", "ok")
    # The whole middleware stack ran: its headers are on the answer.
    assert "default-src 'self'" in csp
