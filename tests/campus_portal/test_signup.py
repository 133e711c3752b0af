"""Sign-up, email confirmation and login for each role (allauth with our form and adapter)."""

import re

import pytest
from django.urls import reverse

from campus_portal.models import User

PASSWORD = "Un-mot-de-passe-solide-42"


def signup(
    client,
    *,
    account_type="student",
    email="nora@example.be",
    password=PASSWORD,
    password2=None,
    language="fr",
):
    return client.post(
        f"/{language}/accounts/signup/",
        {
            "account_type": account_type,
            "first_name": "Nora",
            "last_name": "Benali",
            "email": email,
            "password1": password,
            "password2": password2 or password,
        },
    )


def confirmation_link(message) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+/confirm-email/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("account_type", "area", "profile"),
    [
        # A new student's profile is incomplete: onboarding comes first.
        ("student", "students:profile_edit", "student_profile"),
        ("company", "companies:area", "recruiter_profile"),
    ],
)
def test_sign_up_confirm_and_log_in_lands_on_the_role_landing_page(
    client, mailoutbox, django_capture_on_commit_callbacks, account_type, area, profile
):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, account_type=account_type)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")

    user = User.objects.get(email="nora@example.be")
    assert user.get_full_name() == "Nora Benali"
    assert hasattr(user, profile)
    assert user.role.key == account_type
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nora@example.be"]

    # Not confirmed yet: logging in sends the confirmation again instead of logging in.
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    link = confirmation_link(mailoutbox[0])
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302

    client.logout()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse(area)
    assert client.get(response.url).status_code == 200


@pytest.mark.django_db
def test_signup_in_dutch_stores_the_language_and_mails_in_dutch(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client, language="nl")
    user = User.objects.get(email="nora@example.be")
    assert user.preferred_language == "nl"
    assert "/nl/accounts/confirm-email/" in mailoutbox[0].body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("password", "password2", "error_field"),
    [
        ("court", None, "password1"),
        ("12345678901234", None, "password1"),
        (PASSWORD, "Autre-mot-de-passe-99", "password2"),
    ],
)
def test_weak_or_mismatched_password_shows_the_error_and_keeps_the_email(
    client, password, password2, error_field
):
    response = signup(client, password=password, password2=password2)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[error_field]
    content = response.content.decode()
    assert 'value="nora@example.be"' in content
    assert 'value="Nora"' in content
    assert "is-invalid" in content
    assert not User.objects.filter(email="nora@example.be").exists()


@pytest.mark.django_db
def test_signup_without_a_role_is_refused_with_a_message(client):
    response = signup(client, account_type="")
    assert response.status_code == 200
    assert response.context["form"].errors["account_type"] == ["Choisissez le type de compte."]


@pytest.mark.django_db
def test_signup_cannot_pick_staff(client):
    response = signup(client, account_type="staff")
    assert response.status_code == 200
    assert "account_type" in response.context["form"].errors
    assert not User.objects.filter(email="nora@example.be").exists()


@pytest.mark.django_db
def test_signup_with_a_known_address_creates_no_account_and_tells_the_owner(
    client, student, mailoutbox, django_capture_on_commit_callbacks
):
    student.preferred_language = "nl"
    student.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, email=student.email.upper())
    # The same answer as for a new address, so the form reveals nothing.
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact=student.email).count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [student.email]
    # In the owner's language, with links into the owner's language.
    assert "/nl/accounts/password/reset/" in mailoutbox[0].body


@pytest.mark.django_db
def test_login_as_staff_lands_on_the_admin_after_the_second_factor(client, staff):
    from tests.factories import totp_code

    response = client.post(
        reverse("account_login"), {"login": staff.email, "password": "correct-horse-battery-staple"}
    )
    assert response.url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert response.url == reverse("admin:index")


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_repeated_failed_logins_are_rate_limited(client, student):
    for _attempt in range(5):
        response = client.post(
            reverse("account_login"), {"login": student.email, "password": "wrong-password"}
        )
        assert response.status_code == 200
    response = client.post(
        reverse("account_login"),
        {"login": student.email, "password": "correct-horse-battery-staple"},
    )
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    assert "Trop de tentatives de connexion échouées" in response.content.decode()
