"""A database connection killed under a running app server costs at most the request that
was using it: the next request reconnects (persistent connections with health checks)."""

import threading
import time

import psycopg
import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import PASSWORD
from tests.ops.processes import (
    Visitor,
    database_url_for_servers,
    free_port,
    gunicorn,
    log_in,
    production_env,
    student_with_password,
)

pytestmark = pytest.mark.django_db(transaction=True)

# The app server's connections carry this name: other connections to the test database
# (the browser tests' live server, a previous module's servers) are not the app server's.
APPLICATION_NAME = "campus-db-failures"


@pytest.fixture(scope="module")
def app_server(django_db_setup, static_root, tmp_path_factory):
    """One gunicorn worker: every request goes through the same persistent connection."""
    home = tmp_path_factory.mktemp("db-failures")
    env = production_env(
        DATABASE_URL=f"{database_url_for_servers()}?application_name={APPLICATION_NAME}",
        DATABASE_CONN_MAX_AGE="600",
        DJANGO_STATIC_ROOT=str(static_root),
        DJANGO_MEDIA_ROOT=str(home / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(home / "private"),
    )
    port = free_port()
    with gunicorn(port, env=env, log=home / "gunicorn.log", workers=1):
        yield f"http://127.0.0.1:{port}"


def app_backends() -> list[int]:
    """The app server's connections to the test database."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND application_name = %s",
            [APPLICATION_NAME],
        )
        return [pid for (pid,) in cursor.fetchall()]


def terminate(pids: list[int]) -> None:
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_connection_killed_between_requests_costs_no_request(app_server):
    healthz = reverse("healthz")
    assert Visitor().get(app_server, healthz).status_code == 200
    pids = app_backends()
    assert len(pids) == 1  # kept open between requests (CONN_MAX_AGE)

    terminate(pids)

    # The health check at the start of the next request finds the dead connection.
    assert Visitor().get(app_server, healthz).status_code == 200
    assert app_backends() != pids


def test_a_connection_killed_during_a_request_costs_that_request_only(app_server):
    user = student_with_password("ines@example.be")
    visitor = Visitor()
    assert log_in(visitor, app_server, user.email, PASSWORD).status_code == 302
    page = reverse("account_data")
    assert visitor.get(app_server, page).status_code == 200

    # Hold the sessions table so that the next request waits inside its query, then kill
    # its connection there.
    with psycopg.connect(database_url_for_servers()) as blocker:
        blocker.execute("LOCK TABLE django_session IN ACCESS EXCLUSIVE MODE")
        in_flight = {}
        request = threading.Thread(
            target=lambda: in_flight.update(response=visitor.get(app_server, page))
        )
        request.start()
        waiting = wait_for_a_backend_waiting_on_a_lock(blocker)
        terminate([waiting])
        blocker.rollback()
    request.join(timeout=30)
    assert in_flight["response"].status_code == 500

    # The next request, same session, is served: the worker opened a new connection.
    assert visitor.get(app_server, page).status_code == 200


def wait_for_a_backend_waiting_on_a_lock(blocker: psycopg.Connection, timeout: float = 20) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with psycopg.connect(database_url_for_servers(), autocommit=True) as observer:
            row = observer.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND pid <> %s",
                [blocker.info.backend_pid],
            ).fetchone()
        if row:
            return row[0]
        time.sleep(0.1)
    raise AssertionError("the request never reached the locked table")
