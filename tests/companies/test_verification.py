"""Staff verify, reject, suspend and reinstate companies in the admin, with reasons, mail and audit."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from campus_portal.models import AuditEntry
from companies.models import Company
from tests.companies.factories import CompanyFactory, MembershipFactory

CHANGELIST = "/admin/companies/company/"


def decide(client, action, company, reason=""):
    return client.post(
        CHANGELIST,
        {"action": action, ACTION_CHECKBOX_NAME: [company.pk], "apply": "1", "reason": reason},
    )


@pytest.fixture
def pending(db):
    company = CompanyFactory(name="Bakkerij Zoet")
    MembershipFactory(company=company, owner=True, user__preferred_language="nl")
    MembershipFactory(company=company, user__preferred_language="fr")
    return company


def test_verifying_tells_every_member_in_their_language_and_is_audited(
    client, staff, pending, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    assert client.get(pending.get_absolute_url()).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, "verify", pending)
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Company.Status.VERIFIED
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (
        staff,
        "company.verify",
        str(pending.pk),
    )
    assert len(mailoutbox) == 2
    bodies = {message.to[0]: message.body for message in mailoutbox}
    languages = {m.user.email: m.user.preferred_language for m in pending.memberships.all()}
    for email, body in bodies.items():
        assert f"/{languages[email]}/company/" in body
    client.logout()
    assert client.get(pending.get_absolute_url()).status_code == 200


def test_rejecting_needs_a_reason_which_the_members_receive(
    client, staff, pending, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    response = decide(client, "reject", pending, reason="")
    assert response.status_code == 200
    assert "Indiquez le motif de la décision." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == Company.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, "reject", pending, reason="Numéro d'entreprise radié à la BCE.")
    pending.refresh_from_db()
    assert pending.status == Company.Status.REJECTED
    assert pending.status_reason == "Numéro d'entreprise radié à la BCE."
    assert all("Numéro d'entreprise radié à la BCE." in m.body for m in mailoutbox)
    assert AuditEntry.objects.get().reason == "Numéro d'entreprise radié à la BCE."


def test_a_rejected_company_is_corrected_and_resubmitted(client, db):
    company = CompanyFactory(rejected=True)
    owner = MembershipFactory(company=company, owner=True).user
    client.force_login(owner)
    content = client.get(reverse("companies:area")).content.decode()
    assert "Inscription refusée" in content
    assert "Numéro inconnu" in content
    client.post(reverse("companies:resubmit"))
    company.refresh_from_db()
    assert company.status == Company.Status.PENDING
    assert AuditEntry.objects.get().action == "company.resubmit"


def test_suspend_and_reinstate(client, staff, company, recruiter):
    client.force_login(staff)
    decide(client, "suspend", company, reason="Offres trompeuses signalées.")
    company.refresh_from_db()
    assert company.status == Company.Status.SUSPENDED
    client.logout()
    assert client.get(company.get_absolute_url()).status_code == 404
    client.force_login(staff)
    decide(client, "reinstate", company)
    company.refresh_from_db()
    assert company.status == Company.Status.VERIFIED
    assert [e.action for e in AuditEntry.objects.order_by("pk")] == [
        "company.suspend",
        "company.reinstate",
    ]


def test_an_illegal_transition_is_refused_and_changes_nothing(client, staff, company):
    client.force_login(staff)
    response = decide(client, "reject", company, reason="x")
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.status == Company.Status.VERIFIED
    assert not AuditEntry.objects.exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Impossible" in m for m in messages)


def test_transitions_on_the_model_refuse_illegal_moves(db):
    from django.core.exceptions import ValidationError

    company = CompanyFactory()
    with pytest.raises(ValidationError):
        company.suspend("x")
    with pytest.raises(ValidationError):
        company.resubmit()
    company.verify()
    assert company.status == Company.Status.VERIFIED
