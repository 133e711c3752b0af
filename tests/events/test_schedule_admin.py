"""Staff run the scheduler from the admin: preview, save, publish; move a meeting by hand."""

import html

import pytest
from django.urls import reverse

from campus_portal.models import AuditEntry
from events import schedule_service
from events.models import Meeting, MeetingDay
from tests.companies.factories import MembershipFactory
from tests.events.factories import (
    MeetingDayFactory,
    ParticipationFactory,
    PreferenceFactory,
    RegistrationFactory,
)
from tests.students.factories import StudentFactory, TrackFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def day(company, recruiter):
    """Two companies (one with two tables), five students who ranked them."""
    day = MeetingDayFactory(students_open=True)
    track = TrackFactory()
    firm = ParticipationFactory(
        meeting_day=day, company=company, accepted=True, tables=2, tracks=[track]
    )
    other = ParticipationFactory(meeting_day=day, accepted=True, tracks=[track])
    MembershipFactory(company=other.company, owner=True)
    for n in range(5):
        registration = RegistrationFactory(
            meeting_day=day, student=StudentFactory(track=track, user__first_name=f"Élève{n}")
        )
        first, second = (firm, other) if n % 2 else (other, firm)
        PreferenceFactory(registration=registration, participation=first, rank=1)
        PreferenceFactory(registration=registration, participation=second, rank=2)
    return day


def text(response) -> str:
    return html.unescape(response.content.decode())


def schedule_url(day):
    return reverse("admin:events_meetingday_schedule", args=[day.pk])


def preview(client, day, **options):
    data = {"action": "preview", "keep_manual": "on", **options}
    return client.post(schedule_url(day), data)


def save(client, day, fingerprint, **options):
    data = {"action": "save", "keep_manual": "on", "fingerprint": fingerprint, **options}
    return client.post(schedule_url(day), data)


def test_schedule_page_for_staff_only(client, staff, recruiter, day):
    client.force_login(recruiter)
    assert client.get(schedule_url(day)).status_code == 302  # to the admin login
    client.force_login(staff)
    page = client.get(schedule_url(day))
    assert page.status_code == 200
    assert "Calculer un aperçu" in text(page)


def test_day_change_page_links_to_planning_and_report(client, staff, day):
    client.force_login(staff)
    page = text(client.get(reverse("admin:events_meetingday_change", args=[day.pk])))
    assert schedule_url(day) in page
    assert reverse("admin:events_meetingday_report", args=[day.pk]) in page


def test_preview_shows_the_schedule_and_saves_nothing(client, staff, day):
    client.force_login(staff)
    response = preview(client, day)
    assert response.status_code == 200
    page = text(response)
    assert Meeting.objects.count() == 0
    computed = response.context["preview"]
    assert len(computed.meetings) == 10  # every wish fits: 5 students × 2
    assert "Qualité du planning" in page
    assert "Borne supérieure" in page
    assert "Remplissage par entreprise" in page
    assert "Élève0" in page  # the list of meetings per company, table and slot
    assert "Enregistrer le planning" in page
    assert response.context["form"]["fingerprint"].value() == computed.fingerprint


def test_save_stores_what_the_preview_showed(client, staff, day):
    client.force_login(staff)
    shown = preview(client, day).context["preview"]
    response = save(client, day, shown.fingerprint)
    assert response.status_code == 302
    saved = {
        (m.registration_id, m.participation_id, m.table_number, m.slot_index)
        for m in Meeting.objects.filter(meeting_day=day)
    }
    assert saved == {(m.student, m.company, m.table, m.slot) for m in shown.meetings}
    assert AuditEntry.objects.filter(action="meetingday.schedule").count() == 1


def test_save_refused_when_something_changed_since_the_preview(client, staff, day):
    client.force_login(staff)
    shown = preview(client, day).context["preview"]
    late = RegistrationFactory(meeting_day=day, student=StudentFactory(track=None))
    PreferenceFactory(registration=late, participation=day.participations.first(), rank=1)
    response = save(client, day, shown.fingerprint)
    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assert "ont changé depuis l'aperçu" in text(response)
    # The new preview is on the page, with its own fingerprint: saving it now works.
    fresh = response.context["preview"]
    assert fresh.fingerprint != shown.fingerprint
    assert save(client, day, fresh.fingerprint).status_code == 302
    assert Meeting.objects.filter(registration=late).exists()


def test_saving_again_replaces_computed_meetings_and_keeps_manual_ones(client, staff, day):
    client.force_login(staff)
    save(client, day, preview(client, day).context["preview"].fingerprint)
    meetings = list(Meeting.objects.filter(meeting_day=day).order_by("pk"))
    manual = meetings[0]
    # Staff move one meeting by hand to the last slot.
    last = len(day.slots()) - 1
    busy = Meeting.objects.filter(meeting_day=day, slot_index=last).filter(
        registration=manual.registration
    ) | Meeting.objects.filter(
        meeting_day=day,
        slot_index=last,
        participation=manual.participation,
        table_number=manual.table_number,
    )
    busy.exclude(pk=manual.pk).delete()
    response = client.post(
        reverse("admin:events_meeting_change", args=[manual.pk]),
        {"slot_index": last, "table_number": manual.table_number, "_save": "1"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    manual.refresh_from_db()
    assert (manual.slot_index, manual.is_manual) == (last, True)
    computed_pks = set(
        Meeting.objects.filter(meeting_day=day, is_manual=False).values_list("pk", flat=True)
    )

    save(client, day, preview(client, day).context["preview"].fingerprint)
    manual.refresh_from_db()  # still there, where staff put it
    assert manual.slot_index == last
    assert manual.is_manual
    after = set(
        Meeting.objects.filter(meeting_day=day, is_manual=False).values_list("pk", flat=True)
    )
    assert after
    assert not (after & computed_pks)  # the computed ones were replaced

    # Unless staff untick "keep the meetings placed by hand".
    data = {"action": "preview"}
    shown = client.post(schedule_url(day), data).context["preview"]
    client.post(schedule_url(day), {"action": "save", "fingerprint": shown.fingerprint})
    assert not Meeting.objects.filter(pk=manual.pk).exists()


def test_published_day_keeps_existing_meetings_by_default(client, staff, day):
    client.force_login(staff)
    save(client, day, preview(client, day).context["preview"].fingerprint)
    MeetingDay.objects.filter(pk=day.pk).update(status=MeetingDay.Status.SCHEDULED)
    page = client.get(schedule_url(day))
    form = page.context["form"]
    assert form["keep_existing"].value() is True
    assert form["keep_manual"].value() is True
    assert "Publier le planning" not in text(page)  # already published


def test_publish_moves_the_day_and_emails_everyone(
    client, staff, day, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    save(client, day, preview(client, day).context["preview"].fingerprint)
    page = text(client.get(schedule_url(day)))
    assert "Publier le planning" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:events_meetingday_publish_schedule", args=[day.pk]),
            {"reason": "Planning relu avec la direction."},
        )
    assert response.status_code == 302
    day.refresh_from_db()
    assert day.status == MeetingDay.Status.SCHEDULED
    assert day.schedule_published_at is not None
    entry = AuditEntry.objects.get(action="meetingday.publish_schedule")
    assert entry.reason == "Planning relu avec la direction."
    assert entry.actor == staff
    # Five students, the recruiter of the first company, the owner of the other.
    assert len(mailoutbox) == 7


def test_publish_needs_a_saved_schedule(client, staff, day, mailoutbox):
    client.force_login(staff)
    url = reverse("admin:events_meetingday_publish_schedule", args=[day.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"reason": ""}, follow=True)
    assert "enregistrez d'abord un planning" in text(response)
    day.refresh_from_db()
    assert day.status == MeetingDay.Status.STUDENT_REGISTRATION
    assert not mailoutbox


def test_publish_refused_on_a_published_day(client, staff, day):
    client.force_login(staff)
    save(client, day, preview(client, day).context["preview"].fingerprint)
    MeetingDay.objects.filter(pk=day.pk).update(status=MeetingDay.Status.SCHEDULED)
    url = reverse("admin:events_meetingday_publish_schedule", args=[day.pk])
    response = client.post(url, {}, follow=True)
    assert "Seule une journée" in text(response)
    assert not AuditEntry.objects.filter(action="meetingday.publish_schedule").exists()


def test_held_day_cannot_be_rescheduled(client, staff, day):
    client.force_login(staff)
    fingerprint = preview(client, day).context["preview"].fingerprint
    MeetingDay.objects.filter(pk=day.pk).update(status=MeetingDay.Status.HELD)
    response = save(client, day, fingerprint)
    assert response.status_code == 200
    assert "ne change plus" in text(response)
    assert not Meeting.objects.exists()


# --- Moving a meeting by hand ----------------------------------------------------------------


@pytest.fixture
def scheduled(client, staff, day):
    client.force_login(staff)
    save(client, day, preview(client, day).context["preview"].fingerprint)
    return day


def change(client, meeting, slot, table):
    return client.post(
        reverse("admin:events_meeting_change", args=[meeting.pk]),
        {"slot_index": slot, "table_number": table, "_save": "1"},
    )


def test_moving_onto_the_students_other_meeting_is_refused(client, scheduled):
    meeting, other = Meeting.objects.filter(meeting_day=scheduled).order_by("registration", "pk")[
        :2
    ]
    assert meeting.registration_id == other.registration_id
    response = change(client, meeting, other.slot_index, meeting.table_number)
    assert response.status_code == 200
    assert "L'élève a déjà un rendez-vous à" in text(response)
    meeting.refresh_from_db()
    assert not meeting.is_manual


def test_moving_onto_a_busy_table_is_refused(client, scheduled):
    meetings = Meeting.objects.filter(meeting_day=scheduled)
    meeting = meetings.first()
    taken = (
        meetings.filter(participation=meeting.participation, table_number=meeting.table_number)
        .exclude(pk=meeting.pk)
        .exclude(
            slot_index__in=Meeting.objects.filter(registration=meeting.registration).values(
                "slot_index"
            )
        )
        .first()
    )
    assert taken is not None
    response = change(client, meeting, taken.slot_index, taken.table_number)
    assert response.status_code == 200
    assert "Cette table reçoit déjà" in text(response)


def test_a_table_the_company_does_not_have_is_refused(client, scheduled):
    meeting = Meeting.objects.filter(meeting_day=scheduled).first()
    response = change(client, meeting, meeting.slot_index, 9)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["table_number"]


def test_a_free_move_is_saved_as_manual(client, scheduled):
    meeting = Meeting.objects.filter(meeting_day=scheduled).first()
    busy = set(
        Meeting.objects.filter(registration=meeting.registration).values_list(
            "slot_index", flat=True
        )
    ) | set(
        Meeting.objects.filter(
            participation=meeting.participation, table_number=meeting.table_number
        ).values_list("slot_index", flat=True)
    )
    free = next(s for s in range(len(scheduled.slots())) if s not in busy)
    assert change(client, meeting, free, meeting.table_number).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.slot_index, meeting.is_manual) == (free, True)


def test_meetings_list_filters_by_day(client, scheduled):
    url = reverse("admin:events_meeting_changelist")
    response = client.get(url, {"meeting_day__id__exact": scheduled.pk})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 10


def test_service_preview_saves_nothing(day):
    computed = schedule_service.generate(day)
    assert computed.meetings
    assert not Meeting.objects.exists()


def test_meetings_of_a_held_day_stay_put(client, scheduled):
    meeting = Meeting.objects.filter(meeting_day=scheduled).first()
    MeetingDay.objects.filter(pk=scheduled.pk).update(status=MeetingDay.Status.HELD)
    slot = meeting.slot_index
    response = change(client, meeting, (slot + 1) % len(scheduled.slots()), 1)
    assert response.status_code == 403
    delete = reverse("admin:events_meeting_delete", args=[meeting.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.slot_index == slot


def test_removing_a_meeting_by_hand(client, scheduled):
    meeting = Meeting.objects.filter(meeting_day=scheduled).first()
    delete = reverse("admin:events_meeting_delete", args=[meeting.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Meeting.objects.filter(pk=meeting.pk).exists()
