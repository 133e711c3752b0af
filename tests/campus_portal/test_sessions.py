"""Logging out, or changing the password, ends the person's other sessions."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD


def logged_in_client(user) -> Client:
    client = Client()
    assert (
        client.post(
            reverse("account_login"), {"login": user.email, "password": PASSWORD}
        ).status_code
        == 302
    )
    assert client.get("/fr/me/").status_code in (200, 302)
    return client


@pytest.mark.django_db
def test_logging_out_ends_the_session_left_open_elsewhere(student):
    at_school, at_home = logged_in_client(student), logged_in_client(student)
    assert "_auth_user_id" in at_home.session
    at_school.post(reverse("account_logout"))
    response = at_home.get(reverse("students:area"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_changing_the_password_ends_the_other_sessions_but_not_this_one(student):
    here, elsewhere = logged_in_client(student), logged_in_client(student)
    new_password = "Un-tout-nouveau-mot-de-passe-9"
    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert here.get(reverse("students:area")).status_code == 200
    assert elsewhere.get(reverse("students:area")).status_code == 302
