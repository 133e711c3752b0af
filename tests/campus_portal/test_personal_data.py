"""Export and erasure of one's data, the registry's coverage, and retention."""

import datetime
import json
import os

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from campus_portal import audit, personal_data
from campus_portal.models import AuditEntry, User
from tests.factories import PASSWORD, UserFactory
from tests.students.factories import StudentFactory


def test_every_model_pointing_to_a_user_is_exported_or_erased():
    user_model = get_user_model()
    pointing = {
        model
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey | models.OneToOneField)
        and field.related_model is user_model
    }
    missing = sorted(model._meta.label for model in pointing - personal_data.covered_models())
    assert not missing, f"Register these models with campus_portal.personal_data: {missing}"


def test_export_is_valid_json_with_everything_about_the_student(client, db, staff):
    profile = StudentFactory(complete=True, skills="Soudure TIG", phone="0470 11 22 33")
    audit.record(actor=staff, action="account.reactivate", target=profile.user, reason="Erreur")
    client.force_login(profile.user)
    response = client.get(reverse("account_data_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == profile.user.email
    assert data["account"]["email_addresses"][0]["verified"] is True
    assert data["account"]["decisions_about_this_account"][0]["reason"] == "Erreur"
    student = data["student_profile"]
    assert student["skills"] == "Soudure TIG"
    assert student["phone"] == "0470 11 22 33"
    assert student["track"] == profile.track.name
    assert student["languages"][0]["language"] == "Français"
    assert student["cv"]["uploaded_at"]
    assert data["company_member"] is None


def test_export_for_a_company_member(client, recruiter):
    client.force_login(recruiter)
    data = json.loads(client.get(reverse("account_data_export")).content)
    assert data["account"]["email"] == recruiter.email
    assert data["student_profile"] is None
    assert data["company_member"]["created_at"]


def test_deleting_the_account_asks_for_the_password(client, student):
    client.force_login(student)
    response = client.post(reverse("account_delete"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "Ce mot de passe n&#x27;est pas le bon." in response.content.decode()
    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert "Cochez la case" in response.content.decode()
    assert User.objects.filter(pk=student.pk).exists()


def test_deleted_student_cannot_log_in_and_the_cv_is_gone(
    client, db, settings, staff, django_capture_on_commit_callbacks
):
    profile = StudentFactory(complete=True)
    user = profile.user
    cv_path = os.path.join(settings.PRIVATE_MEDIA_ROOT, profile.cv.name)
    assert os.path.exists(cv_path)
    entry = audit.record(actor=staff, action="account.reactivate", target=user, reason="r")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not os.path.exists(cv_path)
    assert not User.objects.filter(email=user.email).exists()
    assert not EmailAddress.objects.filter(email=user.email).exists()
    # The audit log keeps the decision, without the person's name.
    entry.refresh_from_db()
    assert entry.target_repr == ""
    assert entry.target_label == "données effacées"
    # The session is gone, and logging in again fails.
    assert client.get(reverse("students:area")).status_code == 302
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_staff_cannot_delete_their_own_account_here(client, staff):
    client.force_login(staff)
    client.post(reverse("account_delete"), {"password": PASSWORD, "confirm": "on"})
    assert User.objects.filter(pk=staff.pk).exists()


def test_deleting_a_staff_member_anonymises_their_decisions(db, staff, student):
    entry = audit.record(actor=staff, action="account.deactivate", target=student, reason="r")
    personal_data.erase_user(staff)
    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.actor_label == "données effacées"
    assert AuditEntry.objects.count() == 1


def test_unconfirmed_signups_are_removed_after_seven_days(db):
    now = timezone.now()
    old = UserFactory(verified_email=False, date_joined=now - datetime.timedelta(days=8))
    EmailAddress.objects.create(user=old, email=old.email, verified=False, primary=True)
    recent = UserFactory(verified_email=False, date_joined=now - datetime.timedelta(days=6))
    confirmed = UserFactory(date_joined=now - datetime.timedelta(days=30))
    call_command("apply_retention", verbosity=0)
    assert list(User.objects.order_by("pk")) == [recent, confirmed]


def test_inactive_accounts_are_warned_then_removed(
    db, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    two_years = now - datetime.timedelta(days=731)
    idle = UserFactory(date_joined=two_years, last_login=two_years, preferred_language="nl")
    active = UserFactory(date_joined=two_years, last_login=now - datetime.timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.apply_retention(now)
    idle.refresh_from_db()
    assert idle.inactivity_warned_at == now
    assert [message.to for message in mailoutbox] == [[idle.email]]
    assert "/nl/accounts/login/" in mailoutbox[0].body

    # Not yet a month later: nothing more. A month later, still idle: removed.
    personal_data.apply_retention(now + datetime.timedelta(days=10))
    assert User.objects.filter(pk=idle.pk).exists()
    personal_data.apply_retention(now + datetime.timedelta(days=31))
    assert not User.objects.filter(pk=idle.pk).exists()
    assert User.objects.filter(pk=active.pk).exists()
    assert len(mailoutbox) == 1


def test_logging_in_after_the_warning_keeps_the_account(db):
    now = timezone.now()
    two_years = now - datetime.timedelta(days=731)
    idle = UserFactory(date_joined=two_years, last_login=two_years)
    personal_data.apply_retention(now)
    User.objects.filter(pk=idle.pk).update(last_login=now + datetime.timedelta(days=5))
    personal_data.apply_retention(now + datetime.timedelta(days=31))
    assert User.objects.filter(pk=idle.pk).exists()
