"""Published schedules: pages, .ics, the calendar feed, the CV access rule, emails."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.access import months_before
from events.models import (
    CalendarFeed,
    EventMailPreference,
    Meeting,
    MeetingDay,
    Registration,
    ReminderSent,
)
from events.reminders import send_event_reminders
from events.schedule_mail import send_schedule_published
from tests.events.factories import MeetingDayFactory, ParticipationFactory, RegistrationFactory
from tests.students.factories import StudentFactory

pytestmark = pytest.mark.django_db

# The factory's day: 09:00–12:00, 10-minute slots and 5-minute pauses: slot n starts at
# 09:00 + 15 n minutes.


@pytest.fixture
def day():
    return MeetingDayFactory(
        scheduled=True,
        venue="Salle des fêtes",
        address="Rue de la Fontaine 4, 1000 Bruxelles",
        date=timezone.localdate() + datetime.timedelta(days=30),
    )


@pytest.fixture
def participation(day, company):
    return ParticipationFactory(
        meeting_day=day, company=company, accepted=True, tables=2, table_label="B12"
    )


@pytest.fixture
def other_participation(day, other_company):
    return ParticipationFactory(meeting_day=day, company=other_company, accepted=True)


@pytest.fixture
def registration(day, student):
    return RegistrationFactory(meeting_day=day, student=student.student_profile)


@pytest.fixture
def met_student(day):
    """A complete profile (track, year, languages, CV) with a registration for the day."""
    profile = StudentFactory(complete=True, user__first_name="Amina", user__last_name="Benali")
    return RegistrationFactory(meeting_day=day, student=profile)


def meet(registration, participation, slot, table=1, **extra):
    return Meeting.objects.create(
        meeting_day=registration.meeting_day,
        registration=registration,
        participation=participation,
        slot_index=slot,
        table_number=table,
        **extra,
    )


def events_of(content: bytes):
    return list(Calendar.from_ical(content).walk("VEVENT"))


# --- The student's page ------------------------------------------------------------------


def test_student_page_lists_their_meetings_in_time_order(
    client, student, registration, participation, other_participation, met_student
):
    meet(registration, participation, slot=3, table=2, rank=2)
    meet(registration, other_participation, slot=0, rank=1)
    meet(met_student, other_participation, slot=1)  # someone else's: not on this page
    client.force_login(student)

    response = client.get(reverse("events:my_schedule", kwargs={"pk": registration.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    assert "2 rendez-vous" in content
    assert content.index("Autre Atelier") < content.index("Firma Elektro")
    assert "09:00–09:10" in content
    assert "09:45–09:55" in content
    assert "B12, table 2" in content  # the stand and the table of a company with two
    assert reverse("companies:company_detail", kwargs={"slug": "firma-elektro"}) in content
    # The free slots between and after the meetings, and the place.
    assert "09:15–09:40" in content
    assert "Libre" in content
    assert "Salle des fêtes, Rue de la Fontaine 4, 1000 Bruxelles" in content
    assert reverse("events:my_schedule_ics", kwargs={"pk": registration.pk}) in content
    assert "09:15–09:25" not in content  # met_student's meeting


def test_another_students_registration_is_a_404(client, other_student, registration):
    client.force_login(other_student)
    for name in ("events:my_schedule", "events:my_schedule_ics"):
        assert client.get(reverse(name, kwargs={"pk": registration.pk})).status_code == 404


def test_before_publication_the_page_says_so_and_shows_no_meeting(
    client, student, registration, participation
):
    day = registration.meeting_day
    day.status = MeetingDay.Status.STUDENT_REGISTRATION
    day.save()
    meet(registration, participation, slot=0)
    client.force_login(student)

    response = client.get(reverse("events:my_schedule", kwargs={"pk": registration.pk}))

    assert "Le planning n'est pas encore publié" in response.content.decode()
    assert "Firma Elektro" not in response.content.decode()
    ics = client.get(reverse("events:my_schedule_ics", kwargs={"pk": registration.pk}))
    assert ics.status_code == 404


def test_the_student_page_shows_the_checkin_code(client, student, registration):
    client.force_login(student)
    response = client.get(reverse("events:my_schedule", kwargs={"pk": registration.pk}))
    code = registration.checkin_code
    assert f"{code[:3]} {code[3:]}" in response.content.decode()


# --- The company's page ------------------------------------------------------------------


def test_company_page_shows_one_printable_section_per_table_with_student_cards(
    client, colleague, participation, other_participation, registration, met_student
):
    meet(met_student, participation, slot=2, table=1, kind=Meeting.Kind.WISH, rank=1)
    meet(registration, participation, slot=0, table=2, kind=Meeting.Kind.EXTRA)
    meet(met_student, other_participation, slot=0)  # another company's: not shown
    client.force_login(colleague)

    response = client.get(reverse("events:company_schedule", kwargs={"pk": participation.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count('class="schedule-table-page') == 2
    assert "B12, table 1" in content
    assert "B12, table 2" in content
    table_1, table_2 = content.split('class="schedule-table-page')[1:]
    profile = met_student.student
    assert "Amina Benali" in table_1
    assert "09:30–09:40" in table_1
    assert profile.track.name in table_1
    assert "Élève en 6e année" in table_1
    assert "Français (Langue maternelle)" in table_1
    assert reverse("students:cv_download", kwargs={"public_id": profile.public_id}) in table_1
    assert "Inès" in table_2
    assert "09:00–09:10" in table_2
    assert "Amina Benali" not in table_2
    # Two cards: the other company's meeting with Amina is not here.
    assert content.count('class="schedule-student-card"') == 2


def test_another_companys_participation_is_a_404(client, other_recruiter, participation):
    client.force_login(other_recruiter)
    for name in ("events:company_schedule", "events:company_schedule_ics"):
        assert client.get(reverse(name, kwargs={"pk": participation.pk})).status_code == 404


def test_print_css_puts_each_table_on_its_own_page():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()
    schedule_print = css[css.index("/* Meeting-day schedules") :]
    assert "@media print" in schedule_print
    rule = schedule_print[schedule_print.index(".schedule-table-page {") :].split("}")[0]
    assert "page-break-after: always" in rule
    assert ".d-print-none" in schedule_print


# --- iCalendar -------------------------------------------------------------------------


def test_student_ics_has_one_event_per_meeting_with_stable_uids_in_brussels_time(
    client, student, registration, participation, other_participation
):
    first = meet(registration, participation, slot=3, table=2)
    second = meet(registration, other_participation, slot=0)
    client.force_login(student)
    url = reverse("events:my_schedule_ics", kwargs={"pk": registration.pk})

    response = client.get(url)

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    events = {str(event["UID"]): event for event in events_of(response.content)}
    assert set(events) == {f"{first.uid}@campus-portal", f"{second.uid}@campus-portal"}
    event = events[f"{first.uid}@campus-portal"]
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.date(), start.hour, start.minute) == (registration.meeting_day.date, 9, 45)
    assert (end.hour, end.minute) == (9, 55)
    assert str(event["SUMMARY"]) == "Rendez-vous avec Firma Elektro"
    assert "Salle des fêtes, Rue de la Fontaine 4, 1000 Bruxelles" in str(event["LOCATION"])
    assert "B12, table 2" in str(event["LOCATION"])
    # A second download gives the same UIDs: calendar apps update instead of duplicating.
    again = {str(event["UID"]) for event in events_of(client.get(url).content)}
    assert again == set(events)


def test_company_ics_has_the_day_and_every_meeting(
    client, recruiter, participation, registration, met_student, student
):
    student.last_name = "Dubois"
    student.save()
    meet(registration, participation, slot=0, table=1)
    meet(met_student, participation, slot=0, table=2)
    client.force_login(recruiter)

    response = client.get(reverse("events:company_schedule_ics", kwargs={"pk": participation.pk}))

    events = events_of(response.content)
    summaries = sorted(str(event["SUMMARY"]) for event in events)
    assert len(events) == 3
    assert "Rendez-vous avec Inès D." in summaries
    assert "Rendez-vous avec Amina B." in summaries
    stand = next(event for event in events if "votre stand" in str(event["SUMMARY"]))
    assert stand.decoded("DTSTART").hour == 9
    assert stand.decoded("DTEND").hour == 12
    assert "B12" in str(stand["LOCATION"])
    # Only a first name and an initial leave the portal.
    assert b"Benali" not in response.content


# --- The personal feed -------------------------------------------------------------------


def test_the_feed_works_without_login_and_a_renewed_link_kills_the_old_one(
    client, student, registration, participation
):
    meeting = meet(registration, participation, slot=1)
    client.force_login(student)
    page = client.get(reverse("events:calendar_settings"))
    feed = CalendarFeed.objects.get(user=student)
    old_url = reverse("calendar_feed", kwargs={"token": feed.token})
    assert old_url == f"/calendar/{feed.token}.ics"
    assert f"{settings.SITE_URL}{old_url}" in page.content.decode()

    anonymous = Client()
    response = anonymous.get(old_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    assert [str(e["UID"]) for e in events_of(response.content)] == [f"{meeting.uid}@campus-portal"]

    renewed = client.post(reverse("events:calendar_renew"))
    assert renewed.status_code == 302
    feed.refresh_from_db()
    assert anonymous.get(old_url).status_code == 404
    assert anonymous.get(feed.get_absolute_url()).status_code == 200


def test_unknown_feed_token_is_a_404(client):
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404


def test_the_feed_of_a_company_member_has_the_company_meetings_to_come(
    client, colleague, participation, registration
):
    upcoming = meet(registration, participation, slot=0)
    past_day = MeetingDayFactory(
        status=MeetingDay.Status.HELD, date=timezone.localdate() - datetime.timedelta(days=7)
    )
    past = ParticipationFactory(meeting_day=past_day, company=participation.company, accepted=True)
    old = meet(RegistrationFactory(meeting_day=past_day), past, slot=0)
    feed = CalendarFeed.objects.create(user=colleague)

    uids = {str(e["UID"]) for e in events_of(client.get(feed.get_absolute_url()).content)}

    assert f"{upcoming.uid}@campus-portal" in uids
    assert f"{old.uid}@campus-portal" not in uids
    assert len(uids) == 2  # the meeting and the day at the stand


# --- Access to the CV --------------------------------------------------------------------


def test_a_meeting_opens_the_cv_to_the_company_until_three_months_after_the_day(
    client, recruiter, other_recruiter, participation, met_student
):
    meet(met_student, participation, slot=0)
    day = participation.meeting_day
    cv_url = reverse("students:cv_download", kwargs={"public_id": met_student.student.public_id})

    client.force_login(recruiter)
    assert client.get(cv_url).status_code == 200  # the day to come

    day.status = MeetingDay.Status.HELD
    day.date = months_before(timezone.localdate(), 3)
    day.save()
    assert client.get(cv_url).status_code == 200  # three months ago, to the day

    day.date -= datetime.timedelta(days=1)
    day.save()
    assert client.get(cv_url).status_code == 404  # longer ago

    client.force_login(other_recruiter)
    day.date = timezone.localdate()
    day.save()
    assert client.get(cv_url).status_code == 404  # another company


def test_an_unpublished_schedule_opens_nothing(client, recruiter, participation, met_student):
    meet(met_student, participation, slot=0)
    day = participation.meeting_day
    day.status = MeetingDay.Status.STUDENT_REGISTRATION
    day.save()
    client.force_login(recruiter)
    public_id = met_student.student.public_id
    assert (
        client.get(reverse("students:cv_download", kwargs={"public_id": public_id})).status_code
        == 404
    )


def test_months_before_keeps_the_end_of_month():
    assert months_before(datetime.date(2025, 5, 31), 3) == datetime.date(2025, 2, 28)
    assert months_before(datetime.date(2025, 2, 15), 3) == datetime.date(2024, 11, 15)


# --- Publication email -----------------------------------------------------------------


def test_publication_email_goes_once_to_students_and_company_members(
    django_capture_on_commit_callbacks,
    mailoutbox,
    student,
    recruiter,
    colleague,
    other_recruiter,
    registration,
    participation,
):
    meet(registration, participation, slot=0)
    student.preferred_language = "nl"
    student.save()
    day = registration.meeting_day

    with django_capture_on_commit_callbacks(execute=True):
        assert send_schedule_published(day) == 3
    with django_capture_on_commit_callbacks(execute=True):
        assert send_schedule_published(day) == 0

    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert set(by_address) == {"ines@example.be", "pieter@firma.be", "sofie@firma.be"}
    to_student = by_address["ines@example.be"]
    # The link in the student's language (the catalogues are filled in later).
    assert f"/nl/me/events/{registration.pk}/schedule/" in to_student.body
    assert "09:00–09:10" in to_student.body
    assert "Firma Elektro" in to_student.body
    to_company = by_address["pieter@firma.be"]
    assert f"/fr/company/events/{participation.pk}/schedule/" in to_company.body
    assert "B12, table 1 : 1 rendez-vous" in to_company.body


# --- Reminders ---------------------------------------------------------------------------


@pytest.fixture
def week_before(registration, participation, recruiter, colleague):
    """The day is in a week; its schedule was published ten days ago."""
    day = registration.meeting_day
    day.date = timezone.localdate() + datetime.timedelta(days=7)
    day.schedule_published_at = timezone.now() - datetime.timedelta(days=10)
    day.save()
    meet(registration, participation, slot=0)
    return day


def test_reminders_go_a_week_before_and_the_day_before_once_each(
    django_capture_on_commit_callbacks, mailoutbox, week_before, other_recruiter
):
    today = timezone.localdate()
    waitlisted = RegistrationFactory(meeting_day=week_before, status=Registration.Status.WAITLISTED)

    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders(today) == 3
        assert send_event_reminders(today) == 0  # run twice the same day
        assert send_event_reminders(today + datetime.timedelta(days=1)) == 0  # same kind

    assert {m.to[0] for m in mailoutbox} == {"ines@example.be", "pieter@firma.be", "sofie@firma.be"}
    assert waitlisted.student.user.email not in {m.to[0] for m in mailoutbox}
    assert all("dans une semaine" in m.subject for m in mailoutbox)

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders(today + datetime.timedelta(days=6)) == 3
        assert send_event_reminders(today + datetime.timedelta(days=6)) == 0
    assert all("c'est demain" in m.subject for m in mailoutbox)
    assert ReminderSent.objects.filter(meeting_day=week_before).count() == 6


def test_reminders_skip_people_who_unsubscribed_and_carry_the_unsubscribe_headers(
    django_capture_on_commit_callbacks, mailoutbox, week_before, colleague, student
):
    EventMailPreference.objects.create(user=colleague, reminders=False)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert "sofie@firma.be" not in {m.to[0] for m in mailoutbox}
    to_student = next(m for m in mailoutbox if m.to == ["ines@example.be"])
    token = EventMailPreference.objects.get(user=student).token
    url = f"{settings.SITE_URL}/fr/events/mail/unsubscribe/{token}/"
    assert to_student.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert to_student.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in to_student.body
    assert "09:00–09:10" in to_student.body


def test_no_week_reminder_right_after_the_publication_email(
    django_capture_on_commit_callbacks, mailoutbox, week_before
):
    week_before.schedule_published_at = timezone.now() - datetime.timedelta(days=2)
    week_before.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders() == 0


# --- Unsubscribe -------------------------------------------------------------------------


def test_unsubscribe_get_asks_and_post_turns_reminders_and_surveys_off(client, student):
    preference = EventMailPreference.objects.create(user=student)
    url = reverse("events:mail_unsubscribe", kwargs={"token": preference.token})

    page = client.get(url)
    preference.refresh_from_db()
    assert "Me désabonner" in page.content.decode()
    assert preference.reminders  # a link scanner changes nothing
    assert preference.surveys

    client.post(url)
    preference.refresh_from_db()
    assert not preference.reminders
    assert not preference.surveys

    client.post(url, {"action": "resubscribe"})
    preference.refresh_from_db()
    assert preference.reminders
    assert preference.surveys


def test_one_click_unsubscribe_needs_no_csrf_token(student):
    preference = EventMailPreference.objects.create(user=student)
    url = reverse("events:mail_unsubscribe", kwargs={"token": preference.token})
    mail_provider = Client(enforce_csrf_checks=True)

    response = mail_provider.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    preference.refresh_from_db()
    assert not preference.reminders
    assert not preference.surveys


def test_unsubscribe_with_an_unknown_token_is_a_404(client):
    url = reverse("events:mail_unsubscribe", kwargs={"token": "not-a-real-token"})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
