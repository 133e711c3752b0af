"""What a logged-in request spends before its view: the session, the user with what its
role reads, and the session's activity written every five minutes at most."""

import pytest
from allauth.usersessions.models import UserSession
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campus_portal import middleware
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """The middleware's clock, moved by hand."""
    now = [1_800_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: now[0])
    return now


def log_in(client, user):
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def last_seen(user):
    return UserSession.objects.get(user=user).last_seen_at


def test_activity_is_written_every_five_minutes_or_when_the_client_changes(client, student, clock):
    log_in(client, student)
    area = reverse("students:area")
    client.get(area)
    seen = last_seen(student)
    clock[0] += 60
    with CaptureQueriesContext(connection) as captured:
        client.get(area)
    assert last_seen(student) == seen
    assert not [query for query in captured if "usersession" in query["sql"]]
    client.get(area, REMOTE_ADDR="10.0.0.7")  # another network: recorded at once
    moved = UserSession.objects.get(user=student)
    assert moved.ip == "10.0.0.7"
    assert moved.last_seen_at > seen
    clock[0] += middleware.ACTIVITY_INTERVAL_SECONDS
    client.get(area, REMOTE_ADDR="10.0.0.7")
    assert last_seen(student) > moved.last_seen_at


@pytest.mark.parametrize(
    ("persona", "url", "tables"),
    [
        ("student", "students:area", ["students_studentprofile", "students_track"]),
        (
            "recruiter",
            "companies:need_list",
            ["companies_recruiterprofile", "companies_membership", "students_studentprofile"],
        ),
    ],
)
def test_the_role_and_its_relations_come_with_the_user(persona, url, tables, request, client):
    """One query for the user, its profiles, its track or its membership and company."""
    client.force_login(request.getfixturevalue(persona))
    client.get(reverse(url))
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(url)).status_code == 200
    for table in tables:
        alone = [q["sql"] for q in captured if q["sql"].startswith(f'SELECT "{table}"."id"')]
        assert not alone, table
