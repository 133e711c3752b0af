"""Staff enrol and use a second factor before any admin page."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, totp_code


@pytest.mark.django_db
def test_staff_without_a_second_factor_are_sent_to_enrol(client):
    newcomer = UserFactory(is_staff=True, is_superuser=True, second_factor=False)
    client.force_login(newcomer)
    for url in ["/admin/", "/admin/companies/company/", "/admin/dashboard/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("mfa_activate_totp")
    # Their other pages stay open, the enrolment page first of all.
    assert client.get("/fr/").status_code == 200


@pytest.mark.django_db
def test_staff_log_in_through_the_second_factor(client):
    staff = UserFactory(is_staff=True, is_superuser=True, email="claire@campus.brussels")
    assert Authenticator.objects.filter(user=staff).exists()
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_enrolment_qr_code_shows_under_the_csp(client):
    newcomer = UserFactory(is_staff=True, second_factor=False)
    client.force_login(newcomer)
    # allauth asks for the password again before enrolling a second factor.
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'src="data:image/svg+xml' in content
    assert "img-src 'self' data:" in response["Content-Security-Policy"]
