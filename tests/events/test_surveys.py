"""Surveys after a meeting day: who gets one, in which language, and answering it once."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone, translation

from events.models import EventMailPreference, Registration, SurveyResponse
from events.surveys import SurveyError, send_surveys
from tests.companies.factories import CompanyFactory, MembershipFactory
from tests.events.factories import MeetingDayFactory, ParticipationFactory, RegistrationFactory
from tests.students.factories import StudentFactory

pytestmark = pytest.mark.django_db


def held_day(**kwargs):
    return MeetingDayFactory(
        date=timezone.localdate() - datetime.timedelta(days=1), status="held", **kwargs
    )


@pytest.fixture
def day(student, other_student, recruiter, colleague, other_recruiter, company, other_company):
    """Inès came, Yassine did not; Firma Elektro came, Autre Atelier did not."""
    day = held_day(title_fr="Journée des métiers", title_nl="Beroependag")
    RegistrationFactory(
        meeting_day=day, student=student.student_profile, status=Registration.Status.PRESENT
    )
    RegistrationFactory(
        meeting_day=day, student=other_student.student_profile, status=Registration.Status.NO_SHOW
    )
    ParticipationFactory(
        meeting_day=day, company=company, accepted=True, checked_in_at=timezone.now()
    )
    ParticipationFactory(meeting_day=day, company=other_company, accepted=True)
    return day


def test_present_students_and_members_of_present_companies_get_one(
    day, student, recruiter, colleague, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_surveys(day) == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [student.email, recruiter.email, colleague.email]
    )
    responses = SurveyResponse.objects.filter(meeting_day=day)
    assert {(r.user, r.role) for r in responses} == {
        (student, "student"),
        (recruiter, "company"),
        (colleague, "company"),
    }
    to_student = next(m for m in mailoutbox if m.to == [student.email])
    token = responses.get(user=student).token
    assert reverse("events:survey_answer", kwargs={"token": token}) in to_student.body
    assert "Journée des métiers" in to_student.subject
    assert "ton avis" in to_student.subject
    preference = EventMailPreference.objects.get(user=student)
    unsubscribe = reverse("events:mail_unsubscribe", kwargs={"token": preference.token})
    assert unsubscribe in to_student.body
    assert to_student.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert to_student.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    to_company = next(m for m in mailoutbox if m.to == [recruiter.email])
    assert "votre avis" in to_company.subject


def test_sending_again_reaches_nobody_twice(day, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_surveys(day)
        assert send_surveys(day) == 0
    assert len(mailoutbox) == 3


def test_unsubscribed_people_get_none(
    day, student, recruiter, mailoutbox, django_capture_on_commit_callbacks
):
    EventMailPreference.objects.create(user=student, surveys=False)
    EventMailPreference.objects.create(user=recruiter, surveys=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_surveys(day) == 1
    assert [m.to for m in mailoutbox] == [["sofie@firma.be"]]
    assert not SurveyResponse.objects.filter(user__in=[student, recruiter]).exists()


def test_email_in_the_recipients_language(
    day, student, mailoutbox, django_capture_on_commit_callbacks
):
    student.preferred_language = "nl"
    student.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_surveys(day)
    message = next(m for m in mailoutbox if m.to == [student.email])
    token = SurveyResponse.objects.get(user=student).token
    assert f"/nl/events/survey/{token}/" in message.body
    assert "Beroependag" in message.subject


def test_not_before_the_day(student):
    day = MeetingDayFactory(scheduled=True)
    RegistrationFactory(
        meeting_day=day, student=StudentFactory(), status=Registration.Status.REGISTERED
    )
    with pytest.raises(SurveyError):
        send_surveys(day)
    with pytest.raises(CommandError):
        call_command("send_event_surveys", "--day", day.slug)


def test_command(day, mailoutbox, django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_surveys", "--day", day.slug)
    assert "Surveys sent: 3" in capsys.readouterr().out
    assert len(mailoutbox) == 3
    with pytest.raises(CommandError):
        call_command("send_event_surveys", "--day", "no-such-day")


# --- Answering ------------------------------------------------------------------------------


@pytest.fixture
def survey(student):
    return SurveyResponse.objects.create(meeting_day=held_day(), user=student, role="student")


def test_answered_once_without_login(client, survey):
    url = reverse("events:survey_answer", kwargs={"token": survey.token})
    page = client.get(url)
    assert page.status_code == 200
    assert "Es-tu satisfait·e" in page.content.decode()
    response = client.post(url, {"satisfaction": "4", "useful": "yes", "comment": "Très bien."})
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.satisfaction, survey.useful, survey.comment) == (4, True, "Très bien.")
    assert survey.answered_at is not None
    # A second answer (another tab, the back button) changes nothing.
    thanks = client.post(url, {"satisfaction": "1", "useful": "no", "comment": "Changé"})
    assert thanks.status_code == 200
    assert "Merci" in thanks.content.decode()
    survey.refresh_from_db()
    assert (survey.satisfaction, survey.useful, survey.comment) == (4, True, "Très bien.")
    assert "Merci" in client.get(url).content.decode()


def test_companies_are_addressed_formally(client, recruiter):
    survey = SurveyResponse.objects.create(meeting_day=held_day(), user=recruiter, role="company")
    page = client.get(reverse("events:survey_answer", kwargs={"token": survey.token}))
    assert "Êtes-vous satisfait·e" in page.content.decode()


def test_bad_answers_are_refused_next_to_the_field(client, survey):
    url = reverse("events:survey_answer", kwargs={"token": survey.token})
    response = client.post(url, {"satisfaction": "9", "useful": "", "comment": "x" * 2001})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"satisfaction", "useful", "comment"}
    assert "Réponds par oui ou par non." in response.content.decode()
    assert "x" * 2001 in response.content.decode()  # what was typed is kept
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_unknown_token_is_404(client, student):
    url = reverse("events:survey_answer", kwargs={"token": "nope"})
    assert client.get(url).status_code == 404
    assert client.post(url, {"satisfaction": "4", "useful": "yes"}).status_code == 404
    client.force_login(student)
    assert client.get(url).status_code == 404


def test_survey_page_in_dutch(client, survey):
    with translation.override("nl"):
        url = reverse("events:survey_answer", kwargs={"token": survey.token})
    assert url.startswith("/nl/")
    assert client.get(url).status_code == 200


def test_company_members_who_left_get_none(
    day, company, recruiter, colleague, mailoutbox, django_capture_on_commit_callbacks
):
    colleague.is_active = False
    colleague.save()
    other = CompanyFactory(verified=True)
    MembershipFactory(company=other)  # a company that never registered for the day
    with django_capture_on_commit_callbacks(execute=True):
        assert send_surveys(day) == 2
