"""Companies register for a meeting day; staff accept, waitlist or decline them; companies
cancel. Each decision is audited and mailed to the company's members in their language."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from campus_portal.models import AuditEntry
from companies.models import Company
from events.models import MeetingDay, Participation
from tests.companies.factories import MembershipFactory, NeedFactory
from tests.events.factories import MeetingDayFactory, ParticipationFactory, days
from tests.jobboard.factories import OfferFactory
from tests.students.factories import TrackFactory

PARTICIPATIONS_ADMIN = "/admin/events/participation/"


def register_url(day: MeetingDay) -> str:
    return reverse("events:meetingday_register", kwargs={"slug": day.slug})


def form_data(tracks, **fields) -> dict:
    return {
        "tables": "2",
        "tracks": [track.pk for track in tracks],
        "needs_electricity": "on",
        "logistics_remarks": "Nous venons avec un tableau électrique de démonstration.",
        "accept_charter": "on",
        **fields,
    }


def decide(client, action, participation, reason=""):
    return client.post(
        PARTICIPATIONS_ADMIN,
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [participation.pk],
            "apply": "1",
            "reason": reason,
        },
    )


@pytest.fixture
def track(db):
    return TrackFactory(name_fr="Électricien·ne automaticien·ne")


# --- The company registers ---------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_registers_within_the_window_with_the_charter(client, recruiter, company, track):
    NeedFactory(company=company, tracks=[track])
    offer = OfferFactory(company=company, published=True, title="Électricien·ne en alternance")
    day = MeetingDayFactory()
    client.force_login(recruiter)
    page = client.get(register_url(day)).content.decode()
    assert "Charte de participation" in page
    assert "Respect des élèves, dont beaucoup sont mineurs." in page
    assert "Électricien·ne en alternance" in page
    # The tracks of the company's open needs come ticked.
    assert f'value="{track.pk}" class="form-check-input" id="id_tracks_' in page
    assert page.count("checked") >= 1

    # Without the charter: refused next to the field, what was typed stays.
    data = form_data([track], offers=[offer.pk])
    del data["accept_charter"]
    response = client.post(register_url(day), data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Acceptez la charte de participation pour inscrire l&#x27;entreprise." in content
    assert "tableau électrique de démonstration" in content
    assert not Participation.objects.exists()

    before = timezone.now()
    response = client.post(register_url(day), form_data([track], offers=[offer.pk]))
    assert response.status_code == 302
    assert response.url == reverse("events:company_event_list")
    participation = Participation.objects.get()
    assert participation.status == Participation.Status.REQUESTED
    assert (participation.meeting_day, participation.company) == (day, company)
    assert participation.tables == 2
    assert participation.needs_electricity
    assert not participation.needs_space
    assert list(participation.tracks.all()) == [track]
    assert list(participation.offers.all()) == [offer]
    assert participation.charter_accepted_by == recruiter
    assert participation.charter_accepted_at >= before
    assert AuditEntry.objects.get().action == "participation.request"
    listing = client.get(reverse("events:company_event_list")).content.decode()
    assert day.title in listing
    assert "Demandée" in listing


@pytest.mark.django_db
def test_a_colleague_edits_the_request_while_the_window_is_open(
    client, recruiter, colleague, company, track
):
    day = MeetingDayFactory()
    participation = ParticipationFactory(
        meeting_day=day,
        company=company,
        tracks=[track],
        status=Participation.Status.WAITLISTED,
        charter_accepted_by=recruiter,
    )
    client.force_login(colleague)
    assert "Enregistrer les modifications" in client.get(register_url(day)).content.decode()
    client.post(register_url(day), form_data([track], tables="3"))
    participation.refresh_from_db()
    assert participation.tables == 3
    assert participation.status == Participation.Status.WAITLISTED
    assert participation.charter_accepted_by == colleague
    assert Participation.objects.count() == 1


@pytest.mark.django_db
def test_bad_input_is_refused_with_a_message(client, recruiter, track):
    day = MeetingDayFactory()
    client.force_login(recruiter)
    response = client.post(register_url(day), form_data([], tables="7"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Choisissez au moins une filière." in content
    assert "Choisissez 1, 2 ou 3 tables." in content
    assert not Participation.objects.exists()


@pytest.mark.django_db
def test_outside_the_window_the_page_says_when_and_refuses(client, recruiter, track):
    upcoming = MeetingDayFactory(
        company_registration_opens=days(5), company_registration_closes=days(15)
    )
    closed = MeetingDayFactory(
        company_registration_opens=days(-20), company_registration_closes=days(-1)
    )
    client.force_login(recruiter)
    content = client.get(register_url(upcoming)).content.decode()
    opens = timezone.localtime(upcoming.company_registration_opens)
    assert "Les inscriptions des entreprises ouvrent le" in content
    assert f"{opens:%H:%M}" in content
    assert "Charte de participation" not in content
    content = client.get(register_url(closed)).content.decode()
    assert "Les inscriptions des entreprises sont closes depuis le" in content
    for day in (upcoming, closed):
        response = client.post(register_url(day), form_data([track]))
        assert response.status_code == 200
    assert not Participation.objects.exists()


@pytest.mark.django_db
def test_an_unverified_company_cannot_register(client, track):
    member = MembershipFactory(company__status=Company.Status.PENDING, owner=True).user
    day = MeetingDayFactory()
    client.force_login(member)
    content = client.get(register_url(day)).content.decode()
    assert "n'est pas vérifiée" in content
    assert "Charte de participation" not in content
    client.post(register_url(day), form_data([track]))
    assert not Participation.objects.exists()


@pytest.mark.django_db
def test_an_accepted_participation_is_no_longer_edited_by_the_company(
    client, recruiter, company, track
):
    day = MeetingDayFactory()
    participation = ParticipationFactory(
        meeting_day=day, company=company, accepted=True, table_label="B4", tables=1
    )
    client.force_login(recruiter)
    content = client.get(register_url(day)).content.decode()
    assert "Table ou stand : B4." in content
    assert "ne se modifie plus ici" in content
    client.post(register_url(day), form_data([track], tables="3"))
    participation.refresh_from_db()
    assert participation.tables == 1


@pytest.mark.django_db
def test_the_shared_address_sends_each_role_to_its_side(client, staff, student, recruiter):
    day = MeetingDayFactory()
    response = client.get(register_url(day))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    client.force_login(staff)
    assert client.get(register_url(day)).status_code == 403
    client.force_login(student)
    response = client.get(register_url(day))
    # The student's registration page (events/registration_views.py), not the company form.
    assert response.status_code == 200
    assert "Charte de participation" not in response.content.decode()
    draft = MeetingDayFactory(status=MeetingDay.Status.DRAFT)
    client.force_login(recruiter)
    assert client.get(register_url(draft)).status_code == 404


# --- Staff decide ------------------------------------------------------------------------


@pytest.fixture
def requested(company, recruiter, colleague):
    """A request of `company`, whose members read Dutch (recruiter) and English (colleague);
    a pending join request gets no mail."""
    type(recruiter).objects.filter(pk=recruiter.pk).update(preferred_language="nl")
    type(colleague).objects.filter(pk=colleague.pk).update(preferred_language="en")
    MembershipFactory(company=company, requested=True)
    return ParticipationFactory(company=company, meeting_day=MeetingDayFactory())


def _mails_by_language(mailoutbox) -> dict[str, str]:
    return {message.to[0]: message for message in mailoutbox}


@pytest.mark.django_db
def test_accepting_mails_each_member_in_their_language_and_is_audited(
    client, staff, requested, recruiter, colleague, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(staff)
    Participation.objects.filter(pk=requested.pk).update(table_label="A3")
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, "accept", requested)
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.status == Participation.Status.ACCEPTED
    assert requested.decided_at is not None
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (
        staff,
        "participation.accept",
        str(requested.pk),
    )
    mails = _mails_by_language(mailoutbox)
    assert set(mails) == {recruiter.email, colleague.email}
    assert "/nl/company/events/" in mails[recruiter.email].body
    assert "/en/company/events/" in mails[colleague.email].body
    assert all("A3" in message.body for message in mailoutbox)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "status"),
    [("waitlist", Participation.Status.WAITLISTED), ("decline", Participation.Status.DECLINED)],
)
def test_waitlisting_and_declining_need_a_reason_which_the_members_receive(
    client, staff, requested, action, status, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(staff)
    response = decide(client, action, requested, reason="")
    assert response.status_code == 200
    assert "Indiquez le motif de la décision." in response.content.decode()
    requested.refresh_from_db()
    assert requested.status == Participation.Status.REQUESTED
    reason = "Toutes les tables de la salle sont déjà attribuées."
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, action, requested, reason=reason)
    requested.refresh_from_db()
    assert requested.status == status
    assert requested.decision_reason == reason
    assert AuditEntry.objects.get().action == f"participation.{action}"
    assert len(mailoutbox) == 2
    assert all(reason in message.body for message in mailoutbox)
    assert {message.body.split("/company/events/")[0][-3:] for message in mailoutbox} == {
        "/nl",
        "/en",
    }


@pytest.mark.django_db
def test_accepting_beyond_the_maximum_of_companies_is_refused(client, staff, company):
    day = MeetingDayFactory(max_companies=1)
    ParticipationFactory(meeting_day=day, accepted=True)
    waiting = ParticipationFactory(meeting_day=day, company=company)
    client.force_login(staff)
    response = decide(client, "accept", waiting)
    assert response.status_code == 302
    messages = [str(message) for message in response.wsgi_request._messages]
    assert any("déjà 1 entreprises acceptées, son maximum" in m for m in messages)
    waiting.refresh_from_db()
    assert waiting.status == Participation.Status.REQUESTED
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_staff_set_the_table_label_in_the_list(client, staff, requested):
    client.force_login(staff)
    content = client.get(PARTICIPATIONS_ADMIN).content.decode()
    assert 'name="form-0-table_label"' in content
    response = client.post(
        PARTICIPATIONS_ADMIN,
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(requested.pk),
            "form-0-table_label": "Stand 12",
            "_save": "Enregistrer",
        },
    )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert requested.table_label == "Stand 12"


# --- The company cancels -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_member_cancels_and_the_team_is_told(
    client, recruiter, colleague, company, django_capture_on_commit_callbacks, mailoutbox
):
    participation = ParticipationFactory(company=company, accepted=True)
    url = reverse("events:participation_cancel", kwargs={"pk": participation.pk})
    client.force_login(colleague)
    assert client.get(url).status_code == 405
    content = client.get(reverse("events:company_event_list")).content.decode()
    assert url in content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    participation.refresh_from_db()
    assert participation.status == Participation.Status.CANCELLED
    assert AuditEntry.objects.get().action == "participation.cancel"
    assert {message.to[0] for message in mailoutbox} == {recruiter.email, colleague.email}
    assert all(colleague.get_full_name() in message.body for message in mailoutbox)


@pytest.mark.django_db
def test_another_companys_participation_is_404_on_cancel(
    client, other_recruiter, company, recruiter
):
    participation = ParticipationFactory(company=company, accepted=True)
    client.force_login(other_recruiter)
    url = reverse("events:participation_cancel", kwargs={"pk": participation.pk})
    assert client.post(url).status_code == 404
    participation.refresh_from_db()
    assert participation.status == Participation.Status.ACCEPTED


@pytest.mark.django_db
def test_once_the_schedule_is_out_cancelling_goes_through_the_office(client, recruiter, company):
    participation = ParticipationFactory(
        company=company, accepted=True, meeting_day=MeetingDayFactory(scheduled=True)
    )
    client.force_login(recruiter)
    url = reverse("events:participation_cancel", kwargs={"pk": participation.pk})
    assert url not in client.get(reverse("events:company_event_list")).content.decode()
    response = client.post(url, follow=True)
    assert "contactez le secrétariat du campus" in response.content.decode()
    participation.refresh_from_db()
    assert participation.status == Participation.Status.ACCEPTED


@pytest.mark.django_db
def test_after_a_cancellation_staff_confirm_the_waitlisted_company(
    client, staff, recruiter, company
):
    day = MeetingDayFactory(max_companies=1)
    leaving = ParticipationFactory(meeting_day=day, company=company, accepted=True)
    waiting = ParticipationFactory(meeting_day=day, status=Participation.Status.WAITLISTED)
    client.force_login(recruiter)
    client.post(reverse("events:participation_cancel", kwargs={"pk": leaving.pk}))
    waiting.refresh_from_db()
    assert waiting.status == Participation.Status.WAITLISTED  # nobody moves up alone
    client.force_login(staff)
    content = client.get(PARTICIPATIONS_ADMIN).content.decode()
    assert "1 place libre et 1 entreprise(s) en liste d&#x27;attente" in content
    assert "status__exact=waitlisted" in content
    decide(client, "accept", waiting)
    waiting.refresh_from_db()
    assert waiting.status == Participation.Status.ACCEPTED


# --- The company's list of days ----------------------------------------------------------


@pytest.mark.django_db
def test_the_list_offers_open_days_and_links_to_the_published_schedule(client, recruiter, company):
    open_day = MeetingDayFactory(title_fr="Journée ouverte")
    scheduled = MeetingDayFactory(title_fr="Journée planifiée", scheduled=True)
    accepted = ParticipationFactory(meeting_day=scheduled, company=company, accepted=True)
    MeetingDayFactory(
        title_fr="Journée passée",
        date=timezone.localdate() - datetime.timedelta(days=10),
        status=MeetingDay.Status.HELD,
    )
    client.force_login(recruiter)
    content = client.get(reverse("events:company_event_list")).content.decode()
    assert "Journée ouverte" in content
    assert register_url(open_day) in content
    assert "Journée planifiée" in content
    assert reverse("events:company_schedule", kwargs={"pk": accepted.pk}) in content
    assert "Journée passée" not in content
    # The company area's menu leads here.
    assert "Journées de rencontre" in client.get(reverse("companies:area")).content.decode()
