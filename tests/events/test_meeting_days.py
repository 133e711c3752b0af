"""Meeting days: staff set them up in the admin; visitors read the list, the programme and
who is coming; the home page and company pages show them."""

import datetime
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campus_portal.models import AuditEntry
from companies.models import Company
from events.demo import PAST_SLUG, UPCOMING_SLUG
from events.meeting_days import add_months
from events.models import MeetingDay, Participation, Registration
from tests.companies.factories import CompanyFactory
from tests.events.factories import (
    MeetingDayFactory,
    ParticipationFactory,
    RegistrationFactory,
)
from tests.students.factories import TrackFactory

DAYS_ADMIN = "/admin/events/meetingday/"


def lunch_day(**fields) -> MeetingDay:
    return MeetingDayFactory(
        opens_at=datetime.time(9, 0),
        closes_at=datetime.time(16, 0),
        slot_minutes=10,
        pause_minutes=5,
        breaks=[["12:00", "13:00"]],
        **fields,
    )


# --- Slots ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_slots_skip_the_lunch_break():
    day = lunch_day()
    slots = [
        (timezone.localtime(start).strftime("%H:%M"), timezone.localtime(end).strftime("%H:%M"))
        for start, end in day.slots()
    ]
    # 9:00 to 12:00 and 13:00 to 16:00, one slot every 15 minutes: 12 + 12.
    assert len(slots) == 24
    assert slots[0] == ("09:00", "09:10")
    assert slots[11] == ("11:45", "11:55")
    assert slots[12] == ("13:00", "13:10")
    assert slots[-1] == ("15:45", "15:55")
    assert not [slot for slot in slots if "12:00" <= slot[0] < "13:00"]


@pytest.mark.django_db
def test_the_change_page_shows_the_slots_and_their_capacity(client, staff):
    day = lunch_day()
    ParticipationFactory(meeting_day=day, accepted=True, tables=2)
    ParticipationFactory(meeting_day=day, tables=3)  # requested: not counted
    client.force_login(staff)
    content = client.get(f"{DAYS_ADMIN}{day.pk}/change/").content.decode()
    assert "24 créneaux de 10 minutes" in content
    assert "2 tables acceptées : au plus 48 rendez-vous." in content
    assert "11:45–11:55" in content
    assert "13:00–13:10" in content
    assert "12:00–12:10" not in content


# --- Admin list and actions ------------------------------------------------------------


def _fill(day: MeetingDay) -> None:
    ParticipationFactory.create_batch(2, meeting_day=day, accepted=True)
    ParticipationFactory(meeting_day=day)  # requested
    RegistrationFactory.create_batch(3, meeting_day=day)
    RegistrationFactory(meeting_day=day, status=Registration.Status.CANCELLED)


@pytest.mark.django_db
def test_admin_list_counts_companies_and_students_in_constant_queries(client, staff):
    client.force_login(staff)
    _fill(MeetingDayFactory(title_fr="Journée automnale"))
    _fill(MeetingDayFactory())
    client.get(DAYS_ADMIN)  # the first request of a session records it: not counted
    with CaptureQueriesContext(connection) as few:
        response = client.get(DAYS_ADMIN)
    content = response.content.decode()
    assert "Journée automnale" in content
    assert '<td class="field-accepted_companies">2</td>' in content
    assert '<td class="field-registered_students">3</td>' in content
    for _ in range(4):
        _fill(MeetingDayFactory())
    with CaptureQueriesContext(connection) as many:
        client.get(DAYS_ADMIN)
    assert len(many) == len(few)


@pytest.mark.django_db
def test_advancing_moves_one_step_with_an_audit_entry(client, staff):
    day = MeetingDayFactory(status=MeetingDay.Status.DRAFT)
    client.force_login(staff)
    client.post(DAYS_ADMIN, {"action": "advance_status", ACTION_CHECKBOX_NAME: [day.pk]})
    day.refresh_from_db()
    assert day.status == MeetingDay.Status.COMPANY_REGISTRATION
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (
        staff,
        "meetingday.advance",
        str(day.pk),
    )
    assert "Brouillon" in entry.reason


@pytest.mark.django_db
def test_an_archived_day_goes_no_further(client, staff):
    day = MeetingDayFactory(status=MeetingDay.Status.ARCHIVED)
    client.force_login(staff)
    response = client.post(
        DAYS_ADMIN, {"action": "advance_status", ACTION_CHECKBOX_NAME: [day.pk]}, follow=True
    )
    assert "déjà archivée" in response.content.decode()
    day.refresh_from_db()
    assert day.status == MeetingDay.Status.ARCHIVED
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_the_schedule_is_published_on_its_own_page_not_by_advancing(client, staff):
    day = MeetingDayFactory(students_open=True)
    client.force_login(staff)
    response = client.post(
        DAYS_ADMIN, {"action": "advance_status", ACTION_CHECKBOX_NAME: [day.pk]}, follow=True
    )
    assert "publiez le planning depuis la page" in response.content.decode()
    day.refresh_from_db()
    assert day.status == MeetingDay.Status.STUDENT_REGISTRATION
    assert day.schedule_published_at is None


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert add_months(datetime.date(2026, 3, 19), 6) == datetime.date(2026, 9, 19)
    assert add_months(datetime.date(2026, 10, 15), 6) == datetime.date(2027, 4, 15)
    assert add_months(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)


@pytest.mark.django_db
def test_duplicating_copies_the_set_up_without_people(client, staff):
    tracks = TrackFactory.create_batch(2)
    day = MeetingDayFactory(
        title_fr="Journée de printemps",
        title_nl="Lentedag",
        title_en="Spring day",
        description_fr="Venez nombreux.",
        slug="printemps-2026",
        date=datetime.date(2026, 3, 19),
        breaks=[["12:00", "13:00"]],
        max_companies=50,
        company_registration_opens=timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0)),
        company_registration_closes=timezone.make_aware(datetime.datetime(2026, 2, 20, 18, 0)),
        student_registration_opens=timezone.make_aware(datetime.datetime(2026, 2, 23, 9, 0)),
        student_registration_closes=timezone.make_aware(datetime.datetime(2026, 3, 16, 18, 0)),
        status=MeetingDay.Status.HELD,
        tracks=tracks,
    )
    ParticipationFactory(meeting_day=day, accepted=True)
    RegistrationFactory(meeting_day=day)
    client.force_login(staff)
    response = client.post(
        DAYS_ADMIN,
        {"action": "duplicate_for_next_edition", ACTION_CHECKBOX_NAME: [day.pk]},
        follow=True,
    )
    copy = MeetingDay.objects.exclude(pk=day.pk).get()
    assert f"/admin/events/meetingday/{copy.pk}/change/" in response.content.decode()
    assert (copy.title_fr, copy.title_nl, copy.title_en) == (
        "Journée de printemps (copie)",
        "Lentedag (copie)",
        "Spring day (copie)",
    )
    assert copy.description_fr == "Venez nombreux."
    assert copy.slug == "printemps-2026-copie"
    assert copy.date == datetime.date(2026, 9, 19)
    assert copy.status == MeetingDay.Status.DRAFT
    assert copy.schedule_published_at is None
    assert (copy.venue, copy.address, copy.breaks, copy.max_companies) == (
        day.venue,
        day.address,
        [["12:00", "13:00"]],
        50,
    )
    assert (copy.opens_at, copy.closes_at, copy.slot_minutes, copy.pause_minutes) == (
        day.opens_at,
        day.closes_at,
        day.slot_minutes,
        day.pause_minutes,
    )
    assert set(copy.tracks.all()) == set(tracks)
    # The windows move by as many days as the date (184), at the same Brussels time
    # although summer time started in between.
    opens = timezone.localtime(copy.company_registration_opens)
    assert (opens.date(), opens.time()) == (datetime.date(2026, 7, 8), datetime.time(9, 0))
    closes = timezone.localtime(copy.student_registration_closes)
    assert (closes.date(), closes.time()) == (datetime.date(2026, 9, 16), datetime.time(18, 0))
    assert not copy.participations.exists()
    assert not copy.registrations.exists()
    assert not copy.meetings.exists()
    day.refresh_from_db()
    assert day.participations.count() == 1
    assert day.registrations.count() == 1
    assert AuditEntry.objects.get().action == "meetingday.duplicate"
    # A second copy gets a slug of its own.
    client.post(
        DAYS_ADMIN, {"action": "duplicate_for_next_edition", ACTION_CHECKBOX_NAME: [day.pk]}
    )
    assert MeetingDay.objects.filter(slug="printemps-2026-copie-2").exists()


# --- Public pages ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_shows_upcoming_days_then_past_ones_never_drafts(client):
    soon = MeetingDayFactory(title_fr="Journée de mai")
    later = MeetingDayFactory(
        title_fr="Journée de juin", date=timezone.localdate() + datetime.timedelta(days=60)
    )
    MeetingDayFactory(title_fr="Journée en préparation", status=MeetingDay.Status.DRAFT)
    MeetingDayFactory(
        title_fr="Journée passée de mars",
        date=timezone.localdate() - datetime.timedelta(days=100),
        status=MeetingDay.Status.HELD,
    )
    ParticipationFactory(meeting_day=soon, accepted=True)
    content = client.get(reverse("events:meetingday_list")).content.decode()
    assert "Journée en préparation" not in content
    assert content.index("Journée de mai") < content.index("Journée de juin")
    assert content.index("Journée de juin") < content.index("Journée passée de mars")
    assert "Inscriptions des entreprises ouvertes jusqu'au" in content
    assert "Inscriptions des élèves bientôt ouvertes." in content
    assert "1 entreprise participe déjà." in content
    assert later.get_absolute_url() in content


@pytest.mark.django_db
def test_the_list_runs_in_constant_queries(client):
    MeetingDayFactory()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("events:meetingday_list"))
    for _ in range(5):
        ParticipationFactory(meeting_day=MeetingDayFactory(), accepted=True)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("events:meetingday_list"))
    assert len(many) == len(few)


@pytest.mark.django_db
def test_a_draft_day_is_404(client, staff):
    day = MeetingDayFactory(status=MeetingDay.Status.DRAFT)
    assert client.get(day.get_absolute_url()).status_code == 404
    client.force_login(staff)
    assert client.get(day.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_the_programme_and_only_accepted_verified_companies(client):
    day = lunch_day(title_fr="Journée des métiers", venue="Salle des fêtes", tracks=[])
    electricity = TrackFactory(name_fr="Électricien·ne automaticien·ne")
    coming = ParticipationFactory(
        meeting_day=day, accepted=True, company__name="Elektro Brussel", tracks=[electricity]
    )
    for status in ("requested", "waitlisted", "declined", "cancelled"):
        ParticipationFactory(meeting_day=day, status=status, company__name=f"Firme {status}")
    ParticipationFactory(
        meeting_day=day,
        accepted=True,
        company=CompanyFactory(name="Firme suspendue", status=Company.Status.SUSPENDED),
    )
    content = client.get(day.get_absolute_url()).content.decode()
    assert "Journée des métiers" in content
    assert "Salle des fêtes" in content
    assert "de 09:00 à 16:00" in content
    assert "de 12:00 à 13:00" in content  # the lunch break
    assert "24 créneaux de 10 minutes" in content
    assert "Qui vient ?" in content
    assert "Elektro Brussel" in content
    assert coming.company.get_absolute_url() in content
    assert "Électricien·ne automaticien·ne" in content
    assert electricity.get_absolute_url() in content
    assert "Firme" not in content


@pytest.mark.django_db
def test_the_programme_tells_each_role_what_to_do_now(client, recruiter, company, student):
    day = MeetingDayFactory()
    register = reverse("events:meetingday_register", kwargs={"slug": day.slug})
    content = client.get(day.get_absolute_url()).content.decode()
    assert "Inscrire mon entreprise" in content
    assert register in content
    assert "Inscriptions des élèves bientôt ouvertes." in content
    client.force_login(recruiter)
    ParticipationFactory(meeting_day=day, company=company)
    content = client.get(day.get_absolute_url()).content.decode()
    assert "Votre participation : <strong>Demandée</strong>" in content
    assert "Modifier votre demande" in content
    client.force_login(student)
    content = client.get(day.get_absolute_url()).content.decode()
    assert "Mon profil" in content  # prepare the profile before the window opens
    assert "Inscrire mon entreprise" not in content


# --- Sections on the home page and on company pages ----------------------------------


@pytest.mark.django_db
def test_the_home_page_shows_the_next_public_day(client):
    assert "Prochaine journée de rencontre" not in client.get("/fr/").content.decode()
    MeetingDayFactory(title_fr="Journée secrète", status=MeetingDay.Status.DRAFT)
    later = MeetingDayFactory(
        title_fr="Journée d'automne", date=timezone.localdate() + datetime.timedelta(days=90)
    )
    soon = MeetingDayFactory(title_fr="Journée de printemps")
    content = client.get("/fr/").content.decode()
    assert "Prochaine journée de rencontre" in content
    assert soon.get_absolute_url() in content
    assert later.get_absolute_url() not in content
    assert "Journée secrète" not in content
    assert 'href="/fr/events/"' in content  # the header's "Journées"


@pytest.mark.django_db
def test_a_company_page_shows_the_coming_days_where_it_is_accepted(client, company):
    accepted = MeetingDayFactory(title_fr="Journée acceptée")
    ParticipationFactory(meeting_day=accepted, company=company, accepted=True)
    requested = MeetingDayFactory(title_fr="Journée demandée")
    ParticipationFactory(meeting_day=requested, company=company)
    past = MeetingDayFactory(
        title_fr="Journée passée",
        date=timezone.localdate() - datetime.timedelta(days=30),
        status=MeetingDay.Status.HELD,
    )
    ParticipationFactory(meeting_day=past, company=company, accepted=True)
    content = client.get(company.get_absolute_url()).content.decode()
    assert "Journée acceptée" in content
    assert accepted.get_absolute_url() in content
    assert "Journée demandée" not in content
    assert "Journée passée" not in content


@pytest.mark.django_db
def test_a_company_page_without_coming_days_has_no_section(client, company):
    content = client.get(company.get_absolute_url()).content.decode()
    assert "company-days-heading" not in content


# --- Demo data -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_demo_days_load_twice_without_change(settings):
    settings.DEBUG = True
    for _run in range(2):
        call_command("load_reference", verbosity=0)
        call_command("load_demo", stdout=io.StringIO())
    upcoming = MeetingDay.objects.get(slug=UPCOMING_SLUG)
    assert upcoming.status == MeetingDay.Status.STUDENT_REGISTRATION
    assert upcoming.student_registration_is_open
    assert 18 <= (upcoming.date - timezone.localdate()).days <= 24
    assert len(upcoming.slots()) == 24
    accepted = upcoming.participations.filter(status=Participation.Status.ACCEPTED)
    assert accepted.count() == 4
    assert all(1 <= p.tables <= 2 and p.tracks.exists() for p in accepted)
    assert upcoming.tracks.exists()
    past = MeetingDay.objects.get(slug=PAST_SLUG)
    assert past.status == MeetingDay.Status.HELD
    assert past.date < timezone.localdate()


@pytest.mark.django_db
def test_staff_open_the_add_page_with_the_three_languages(client, staff):
    client.force_login(staff)
    content = client.get(f"{DAYS_ADMIN}add/").content.decode()
    assert 'name="title_fr"' in content
    assert 'name="title_nl"' in content
    assert 'name="title_en"' in content
    assert "Enregistrez la journée pour voir ses créneaux." in content
