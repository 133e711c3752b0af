"""After each meeting a company member rates it (1–4) and notes a follow-up; "send an
offer" invites the student to apply, even one who is not in the talent search."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events.checkin import meeting_has_started
from events.models import Meeting, MeetingDay, Registration
from jobboard.models import OfferInvitation
from jobboard.talent import invite_to_apply
from tests.events.factories import MeetingDayFactory, ParticipationFactory, RegistrationFactory
from tests.jobboard.factories import OfferFactory
from tests.students.factories import StudentFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def day():
    """Yesterday's day: its meetings have all started."""
    return MeetingDayFactory(scheduled=True, date=yesterday())


@pytest.fixture
def participation(day, company):
    return ParticipationFactory(meeting_day=day, company=company, accepted=True, tables=2)


@pytest.fixture
def amina():
    """A complete profile, NOT in the talent search."""
    profile = StudentFactory(
        complete=True,
        user__first_name="Amina",
        user__last_name="Benali",
        user__email="amina@example.be",
    )
    assert not profile.talent_search_opt_in
    return profile


def make_meeting(participation, student, *, slot=0, table=1):
    registration = RegistrationFactory(meeting_day=participation.meeting_day, student=student)
    return Meeting.objects.create(
        meeting_day=participation.meeting_day,
        registration=registration,
        participation=participation,
        table_number=table,
        slot_index=slot,
    )


@pytest.fixture
def meeting(participation, amina):
    return make_meeting(participation, amina)


@pytest.fixture
def offer(company):
    return OfferFactory(published=True, company=company, title="Électricien·ne en alternance")


def rate_url(meeting):
    return reverse("events:meeting_rate", kwargs={"pk": meeting.pk})


def list_url(participation):
    return reverse("events:company_meeting_list", kwargs={"pk": participation.pk})


# --- Rating -------------------------------------------------------------------------------


def test_a_member_rates_a_meeting_and_notes_its_follow_up(client, colleague, meeting):
    client.force_login(colleague)
    page = text(client.get(rate_url(meeting)))
    assert "Amina Benali" in page
    assert "4 – Excellent" in page

    response = client.post(
        rate_url(meeting),
        {"rating": "3", "follow_up": "interview", "note": "  Motivée, à revoir en juin.  "},
    )
    assert response.status_code == 302
    assert response["Location"] == list_url(meeting.participation)
    meeting.refresh_from_db()
    assert meeting.rating == 3
    assert meeting.follow_up == Meeting.FollowUp.INTERVIEW
    assert meeting.follow_up_note == "Motivée, à revoir en juin."
    assert meeting.rated_by == colleague
    assert meeting.rated_at is not None

    page = text(client.get(response["Location"]))
    assert "Rendez-vous avec Amina Benali noté." in page
    assert "3/4 · Inviter à un entretien" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rating": "5", "follow_up": "none"}, "Choisissez une appréciation de 1 à 4."),
        ({"rating": "0", "follow_up": "none"}, "Choisissez une appréciation de 1 à 4."),
        ({"rating": "abc", "follow_up": "none"}, "Choisissez une appréciation de 1 à 4."),
        ({"follow_up": "none"}, "Choisissez une appréciation de 1 à 4."),
        ({"rating": "2", "follow_up": "hire-now"}, "Choisissez une suite dans la liste."),
        ({"rating": "2", "follow_up": "none", "note": "x" * 1001}, "Votre note est trop longue"),
    ],
)
def test_junk_is_refused_with_a_message_and_nothing_saved(
    client, recruiter, meeting, data, message
):
    client.force_login(recruiter)
    response = client.post(rate_url(meeting), data)
    assert response.status_code == 200
    assert message in text(response)
    meeting.refresh_from_db()
    assert meeting.rating is None
    assert meeting.follow_up == ""


def test_what_was_typed_is_kept_on_an_error(client, recruiter, meeting):
    client.force_login(recruiter)
    response = client.post(rate_url(meeting), {"rating": "9", "note": "Très bon contact"})
    assert "Très bon contact" in text(response)


def test_a_meeting_not_started_cannot_be_rated(client, recruiter, company, amina):
    future = ParticipationFactory(
        meeting_day=MeetingDayFactory(scheduled=True), company=company, accepted=True
    )
    meeting = make_meeting(future, amina)
    client.force_login(recruiter)
    page = text(client.get(rate_url(meeting)))
    assert "Ce rendez-vous n'a pas encore commencé" in page
    assert 'name="rating"' not in page

    response = client.post(rate_url(meeting), {"rating": "4", "follow_up": "none"})
    assert "Ce rendez-vous n'a pas encore commencé : notez-le après." in text(response)
    meeting.refresh_from_db()
    assert meeting.rating is None
    assert "à venir" in text(client.get(list_url(future)))


def test_a_meeting_can_be_rated_once_its_slot_has_started_or_the_day_is_held(company, amina):
    today = MeetingDayFactory(
        scheduled=True,
        date=timezone.localdate(),
        opens_at=datetime.time(0, 0),
        closes_at=datetime.time(23, 59),
    )
    first = make_meeting(
        ParticipationFactory(meeting_day=today, company=company, accepted=True), amina, slot=0
    )
    assert meeting_has_started(first)  # today at 00:00

    tomorrow = MeetingDayFactory(
        scheduled=True, date=timezone.localdate() + datetime.timedelta(days=1)
    )
    later = make_meeting(
        ParticipationFactory(meeting_day=tomorrow, company=company, accepted=True), amina
    )
    assert not meeting_has_started(later)
    # Staff may close the day early: then every meeting of it can be rated.
    MeetingDay.objects.filter(pk=tomorrow.pk).update(status=MeetingDay.Status.HELD)
    later = Meeting.objects.select_related("meeting_day").get(pk=later.pk)
    assert meeting_has_started(later)


def test_another_companys_meeting_is_a_404(client, other_recruiter, meeting):
    client.force_login(other_recruiter)
    assert client.get(rate_url(meeting)).status_code == 404
    assert client.post(rate_url(meeting), {"rating": "1", "follow_up": "none"}).status_code == 404
    assert client.get(list_url(meeting.participation)).status_code == 404
    meeting.refresh_from_db()
    assert meeting.rating is None


def test_a_cancelled_registrations_meeting_is_a_404(client, recruiter, meeting):
    Registration.objects.filter(pk=meeting.registration_id).update(
        status=Registration.Status.CANCELLED
    )
    client.force_login(recruiter)
    assert client.get(rate_url(meeting)).status_code == 404


# --- "Send an offer" ----------------------------------------------------------------------


def test_send_an_offer_invites_a_student_the_company_met_even_not_opted_in(
    client, recruiter, student, meeting, offer, mailoutbox, django_capture_on_commit_callbacks
):
    other_offer = OfferFactory(published=True)  # another company's: not in the list
    client.force_login(recruiter)
    page = text(client.get(rate_url(meeting)))
    assert "Électricien·ne en alternance" in page
    assert other_offer.title not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            rate_url(meeting),
            {
                "rating": "4",
                "follow_up": "offer",
                "offer": str(offer.pk),
                "message": "Nous avons aimé votre projet.",
                "note": "Interne : très bon.",
            },
        )
    assert response.status_code == 302
    invitation = OfferInvitation.objects.get()
    assert invitation.offer == offer
    assert invitation.student == meeting.registration.student
    assert invitation.sent_by == recruiter
    assert invitation.message == "Nous avons aimé votre projet."
    meeting.refresh_from_db()
    assert (meeting.rating, meeting.follow_up) == (4, Meeting.FollowUp.OFFER)
    assert meeting.follow_up_note == "Interne : très bon."

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["amina@example.be"]
    assert "t'a rencontré·e à la journée" in mail.body
    assert "recherche de talents" not in mail.body
    assert "Interne" not in mail.body  # the team's note stays with the team
    assert reverse("jobboard:my_invitation_detail", kwargs={"pk": invitation.pk}) in mail.body

    page = text(client.get(response["Location"]))
    assert "reçoit votre invitation à postuler à « Électricien·ne en alternance »" in page

    client.force_login(meeting.registration.student.user)
    assert "Électricien·ne en alternance" in text(
        client.get(reverse("jobboard:my_invitation_list"))
    )


def test_send_an_offer_needs_an_offer_of_the_company(client, recruiter, meeting, offer):
    client.force_login(recruiter)
    response = client.post(rate_url(meeting), {"rating": "4", "follow_up": "offer"})
    assert "Choisissez l'offre à laquelle vous invitez l'élève." in text(response)

    elsewhere = OfferFactory(published=True)
    response = client.post(
        rate_url(meeting), {"rating": "4", "follow_up": "offer", "offer": str(elsewhere.pk)}
    )
    assert "Cette offre n'est pas une de vos offres publiées" in text(response)
    assert not OfferInvitation.objects.exists()
    meeting.refresh_from_db()
    assert meeting.rating is None


def test_a_second_invitation_to_the_same_offer_is_refused_and_nothing_changes(
    client, recruiter, meeting, offer
):
    client.force_login(recruiter)
    data = {"rating": "4", "follow_up": "offer", "offer": str(offer.pk)}
    client.post(rate_url(meeting), data)
    response = client.post(rate_url(meeting), {**data, "rating": "2"})
    assert "déjà une invitation en cours pour cette offre" in text(response)
    assert OfferInvitation.objects.count() == 1
    meeting.refresh_from_db()
    assert meeting.rating == 4

    # Re-rated without choosing an offer again: kept, no new invitation.
    response = client.post(rate_url(meeting), {"rating": "3", "follow_up": "offer"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.rating == 3
    assert OfferInvitation.objects.count() == 1
    assert "Invitations déjà envoyées" in text(client.get(rate_url(meeting)))


def test_invite_via_meeting_only_for_the_student_the_company_met(
    recruiter, other_recruiter, other_company, meeting, offer, amina
):
    stranger = StudentFactory(complete=True)
    with pytest.raises(ValidationError, match="n'a pas rencontré votre entreprise"):
        invite_to_apply(
            offer=offer, student=stranger, message="", by=recruiter, via_meeting=meeting
        )
    # Another company's member cannot use this meeting either.
    theirs = OfferFactory(published=True, company=other_company)
    with pytest.raises(ValidationError, match="n'a pas rencontré votre entreprise"):
        invite_to_apply(
            offer=theirs, student=amina, message="", by=other_recruiter, via_meeting=meeting
        )
    # Without the meeting, the talent-search rule still holds for a student not opted in.
    with pytest.raises(ValidationError, match="recherche de talents"):
        invite_to_apply(offer=offer, student=amina, message="", by=recruiter)
    assert not OfferInvitation.objects.exists()


def test_a_meeting_more_than_three_months_old_sends_no_offer(client, recruiter, company, amina):
    old_day = MeetingDayFactory(
        status=MeetingDay.Status.HELD, date=timezone.localdate() - datetime.timedelta(days=120)
    )
    participation = ParticipationFactory(meeting_day=old_day, company=company, accepted=True)
    meeting = make_meeting(participation, amina)
    offer = OfferFactory(published=True, company=company)
    client.force_login(recruiter)
    response = client.post(
        rate_url(meeting), {"rating": "4", "follow_up": "offer", "offer": str(offer.pk)}
    )
    assert "plus de trois mois" in text(response)
    assert not OfferInvitation.objects.exists()


# --- The company's list -------------------------------------------------------------------


def test_the_list_shows_each_tables_meetings_in_order(client, recruiter, participation, amina):
    make_meeting(participation, amina, slot=2, table=1)
    other = StudentFactory(complete=True, user__first_name="Inès", user__last_name="Vandenberghe")
    rated = make_meeting(participation, other, slot=0, table=2)
    Meeting.objects.filter(pk=rated.pk).update(rating=2, follow_up=Meeting.FollowUp.NONE)
    client.force_login(recruiter)
    page = text(client.get(list_url(participation)))
    assert page.index("Table 1") < page.index("Amina Benali") < page.index("Table 2")
    assert page.index("Table 2") < page.index("Inès Vandenberghe")
    assert "09:30" in page  # slot 2: 09:00, 09:15, 09:30
    assert "2/4 · Pas de suite" in page
    assert "Notés : 1 sur 2." in page
    assert rate_url(rated) in page


def test_the_list_makes_the_same_number_of_queries_for_few_and_many(
    client, recruiter, participation, django_assert_max_num_queries
):
    client.force_login(recruiter)
    client.get(list_url(participation))  # the session's first request records it
    for slot in range(2):
        make_meeting(participation, StudentFactory(complete=True), slot=slot)
    with django_assert_max_num_queries(100) as few:
        client.get(list_url(participation))
    for slot in range(2, 8):
        make_meeting(participation, StudentFactory(complete=True), slot=slot)
    with django_assert_max_num_queries(100) as many:
        client.get(list_url(participation))
    assert len(many.captured_queries) == len(few.captured_queries)
