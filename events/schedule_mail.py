"""The email that tells students and companies their schedule is published."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from campus_portal.mail import send_templated_mail
from companies.models import Company, Membership
from events.models import MeetingDay, Participation, Registration, ReminderSent
from events.schedules import company_meetings, company_tables, student_meetings, student_rows


@dataclass
class Recipient:
    user: object
    registration: Registration | None = None
    participation: Participation | None = None

    @property
    def is_student(self) -> bool:
        return self.registration is not None


def recipients(day: MeetingDay) -> Iterator[Recipient]:
    """The registered students, then the active members of the accepted companies; each
    person once."""
    seen = set()
    registrations = (
        Registration.objects.filter(
            meeting_day=day,
            status__in=Registration.ACTIVE_STATUSES,
            student__user__is_active=True,
        )
        .select_related("student__user", "meeting_day")
        .order_by("pk")
    )
    for registration in registrations:
        user = registration.student.user
        if user.pk not in seen:
            seen.add(user.pk)
            yield Recipient(user, registration=registration)
    participations = (
        Participation.objects.filter(
            meeting_day=day,
            status=Participation.Status.ACCEPTED,
            company__status=Company.Status.VERIFIED,
        )
        .select_related("company", "meeting_day")
        .order_by("pk")
    )
    for participation in participations:
        members = (
            Membership.objects.active()
            .filter(company=participation.company, user__is_active=True)
            .select_related("user")
            .order_by("pk")
        )
        for membership in members:
            if membership.user.pk not in seen:
                seen.add(membership.user.pk)
                yield Recipient(membership.user, participation=participation)


def absolute_url(url_name: str, language: str, **kwargs) -> str:
    """A link for an email, in the recipient's language."""
    with translation.override(language):
        path = reverse(url_name, kwargs=kwargs)
    return f"{settings.SITE_URL}{path}"


def language_of(user) -> str:
    return getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE


def schedule_context(recipient: Recipient) -> dict:
    """What the schedule emails show: a student's meetings, or a company's tables."""
    language = language_of(recipient.user)
    if recipient.is_student:
        registration = recipient.registration
        meetings = list(student_meetings(registration))
        return {
            "is_student": True,
            "registration": registration,
            "meeting_rows": [
                row for row in student_rows(registration, meetings) if not row.is_free
            ],
            "schedule_url": absolute_url("events:my_schedule", language, pk=registration.pk),
        }
    participation = recipient.participation
    meetings = list(company_meetings(participation))
    return {
        "is_student": False,
        "participation": participation,
        "tables": company_tables(participation, meetings),
        "meeting_count": len(meetings),
        "schedule_url": absolute_url("events:company_schedule", language, pk=participation.pk),
    }


def send_schedule_published(day: MeetingDay) -> int:
    """Email each registered student and each member of an accepted company that the
    schedule of `day` is published, with a link to their schedule; returns the number of
    emails. Called when staff publish; a person gets it once per day, so calling it again
    only reaches people added since. A service message: sent even to people who turned
    reminders off."""
    sent = 0
    for recipient in recipients(day):
        with transaction.atomic():
            _row, created = ReminderSent.objects.get_or_create(
                meeting_day=day, user=recipient.user, kind=ReminderSent.Kind.PUBLISHED
            )
            if not created:
                continue
            language = language_of(recipient.user)
            send_templated_mail(
                template="events/email/schedule_published",
                to=recipient.user,
                context={
                    "day": day,
                    "calendar_url": absolute_url("events:calendar_settings", language),
                    **schedule_context(recipient),
                },
            )
        sent += 1
    return sent
