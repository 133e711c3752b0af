"""Staff decisions about accounts take a reason, tell the person and land in the audit log."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from campus_portal.models import AuditEntry
from tests.factories import PASSWORD

CHANGELIST = "/admin/campus_portal/user/"


@pytest.mark.django_db
def test_deactivating_an_account_asks_for_a_reason_first(client, staff, student):
    client.force_login(staff)
    response = client.post(CHANGELIST, {"action": "deactivate", ACTION_CHECKBOX_NAME: [student.pk]})
    assert response.status_code == 200
    assert "Motif" in response.content.decode()
    # Confirming without a reason is refused and changes nothing.
    response = client.post(
        CHANGELIST,
        {"action": "deactivate", ACTION_CHECKBOX_NAME: [student.pk], "apply": "1", "reason": ""},
    )
    assert response.status_code == 200
    assert "Indiquez le motif de la décision." in response.content.decode()
    student.refresh_from_db()
    assert student.is_active
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_deactivation_is_audited_mailed_and_stops_login(
    client, staff, student, mailoutbox, django_capture_on_commit_callbacks
):
    student.preferred_language = "nl"
    student.save()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST,
            {
                "action": "deactivate",
                ACTION_CHECKBOX_NAME: [student.pk],
                "apply": "1",
                "reason": "Faux profil signalé par l'école.",
            },
        )
    assert response.status_code == 302
    entry = AuditEntry.objects.get()
    assert entry.actor == staff
    assert (entry.action, entry.target_id) == ("account.deactivate", str(student.pk))
    assert entry.reason == "Faux profil signalé par l'école."
    assert len(mailoutbox) == 1
    assert "Faux profil signalé par l'école." in mailoutbox[0].body
    assert "/nl/help/" in mailoutbox[0].body

    client.logout()
    response = client.post(reverse("account_login"), {"login": student.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 302)


@pytest.mark.django_db
def test_staff_cannot_deactivate_themselves(client, staff):
    client.force_login(staff)
    client.post(
        CHANGELIST,
        {"action": "deactivate", ACTION_CHECKBOX_NAME: [staff.pk], "apply": "1", "reason": "x"},
    )
    staff.refresh_from_db()
    assert staff.is_active
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_the_audit_log_is_readable_but_not_editable_in_admin(client, staff, student):
    from campus_portal import audit

    entry = audit.record(actor=staff, action="account.deactivate", target=student, reason="r")
    client.force_login(staff)
    assert client.get("/admin/campus_portal/auditentry/").status_code == 200
    assert client.get(f"/admin/campus_portal/auditentry/{entry.pk}/change/").status_code == 200
    assert client.get("/admin/campus_portal/auditentry/add/").status_code == 403
    assert client.get(f"/admin/campus_portal/auditentry/{entry.pk}/delete/").status_code == 403
