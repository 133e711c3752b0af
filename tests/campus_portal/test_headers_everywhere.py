"""The security headers on a page of every app for every persona, on errors and downloads.

The pages and their fixtures come from the permission table: each case names a row (the
first one with that route name where the persona gets a 200) and a persona.
"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.campus_portal.test_headers import assert_security_headers
from tests.companies.factories import CompanyFactory
from tests.permission_table import all_rows

ROWS = all_rows()

PERMISSIONS_POLICY = ("camera=()", "microphone=()", "geolocation=()", "payment=()")

PUBLIC_PAGES = [
    "home",
    "students:track_detail",
    "companies:company_list",
    "companies:company_detail",
    "jobboard:offer_list",
    "jobboard:offer_detail",
    "events:meetingday_list",
    "events:meetingday_detail",
]

CASES = [
    *(
        (persona, name)
        for persona in ("visitor", "student", "recruiter", "staff")
        for name in PUBLIC_PAGES
    ),
    ("student", "students:area"),
    ("student", "students:profile_edit"),
    ("student", "jobboard:my_application_list"),
    ("student", "account_data"),
    ("recruiter", "companies:area"),
    ("recruiter", "jobboard:company_offer_list"),
    ("recruiter", "jobboard:company_application_list"),
    ("recruiter", "events:company_event_list"),
    ("staff", "admin:index"),
    ("staff", "admin_dashboard"),
    ("staff", "events:checkin_home"),
    # Downloads.
    ("student", "students:cv_download"),
    ("student", "events:my_schedule_ics"),
    ("recruiter", "events:company_schedule_ics"),
    ("student", "account_data_export"),
    ("visitor", "calendar_feed"),
    ("visitor", "jobboard:offer_feed"),
    ("student", "jobboard:offer_feed"),
]


def row_for(name: str, persona: str):
    return next(row for row in ROWS if row.name == name and row.expect[persona] == 200)


def assert_all_headers(response, *, logged_in: bool):
    assert_security_headers(response)
    policy = response["Permissions-Policy"]
    for feature in PERMISSIONS_POLICY:
        assert feature in policy
    # Anonymous pages may be cached, but a private feed by token need not be.
    if logged_in:
        cache = response.get("Cache-Control", "")
        assert "no-store" in cache, cache
        assert "private" in cache, cache


@pytest.mark.django_db
@pytest.mark.parametrize(("persona", "name"), CASES, ids=lambda value: value)
def test_every_app_and_persona(persona, name, persona_client, request):
    row = row_for(name, persona)
    url = reverse(row.name, kwargs=row.url_kwargs(request.getfixturevalue))
    response = persona_client(persona).get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert_all_headers(response, logged_in=persona != "visitor")


@pytest.mark.django_db
def test_the_admin_csv_export(client, staff):
    company = CompanyFactory()
    client.force_login(staff)
    response = client.post(
        "/admin/companies/company/",
        {"action": "export_selection_csv", "_selected_action": [company.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert_all_headers(response, logged_in=True)


@pytest.mark.django_db
def test_the_dashboard_csv_export(client, staff):
    client.force_login(staff)
    response = client.get("/admin/dashboard/", {"export": "offers"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert_all_headers(response, logged_in=True)


# --- Error pages -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["visitor", "student"])
def test_404(persona, persona_client):
    response = persona_client(persona).get("/fr/nowhere/")
    assert response.status_code == 404
    assert_all_headers(response, logged_in=persona != "visitor")


@pytest.mark.django_db
def test_403_for_a_student_in_the_company_area(client, student):
    client.force_login(student)
    response = client.get(reverse("companies:area"))
    assert response.status_code == 403
    assert_all_headers(response, logged_in=True)


@pytest.mark.django_db
def test_400_for_a_bad_host(client):
    response = client.get("/fr/", headers={"host": "not-our-host.example"})
    assert response.status_code == 400
    assert_all_headers(response, logged_in=False)


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
def test_csrf_failure(logged_in, student):
    client = Client(enforce_csrf_checks=True)
    if logged_in:
        client.force_login(student)
    response = client.post("/fr/accounts/email/" if logged_in else "/fr/accounts/login/", {})
    assert response.status_code == 403
    assert_all_headers(response, logged_in=logged_in)


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
def test_500(logged_in, settings, student):
    settings.ROOT_URLCONF = "tests.campus_portal.test_errors"
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    if logged_in:
        client.force_login(student)
    response = client.get("/crash/")
    assert response.status_code == 500
    assert_all_headers(response, logged_in=logged_in)
