"""Reminders of a meeting day, a week before and the day before, with a one-click unsubscribe."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from campus_portal.mail import send_templated_mail
from campus_portal.personal_data import Section
from events.models import EventMailPreference, MeetingDay, Registration, ReminderSent
from events.schedule_mail import absolute_url, language_of, recipients, schedule_context

# The week's reminder goes 7 days before; if the daily run missed a day or two, it still
# goes, but never so late that it lands next to the day-before one.
WEEK_WINDOW = range(5, 8)
DAY_BEFORE = 1
# No week reminder in the days right after the publication email.
FRESH_DAYS = 3


def reminder_kind(day: MeetingDay, today: date) -> str | None:
    days_left = (day.date - today).days
    if days_left == DAY_BEFORE:
        return ReminderSent.Kind.DAY
    if days_left in WEEK_WINDOW:
        published = day.schedule_published_at
        # Published a day or two ago: the publication email has just said it all.
        if published is None or (today - timezone.localdate(published)).days >= FRESH_DAYS:
            return ReminderSent.Kind.WEEK
    return None


def send_event_reminders(today: date | None = None) -> int:
    """Send the reminders due today for every published day to come; returns the number of
    emails. Each person gets each kind at most once per day (a `ReminderSent` row), and
    nobody who turned reminders off."""
    today = today or timezone.localdate()
    days = MeetingDay.objects.filter(
        status=MeetingDay.Status.SCHEDULED,
        date__gt=today,
        date__lte=today + timedelta(days=max(WEEK_WINDOW)),
    ).order_by("date", "pk")
    sent = 0
    for day in days:
        kind = reminder_kind(day, today)
        if kind is not None:
            sent += _send_for_day(day, kind)
    return sent


def _send_for_day(day: MeetingDay, kind: str) -> int:
    sent = 0
    for recipient in recipients(day):
        if (
            recipient.registration is not None
            and recipient.registration.status != Registration.Status.REGISTERED
        ):
            continue
        preference, _created = EventMailPreference.objects.get_or_create(user=recipient.user)
        if not preference.reminders:
            continue
        with transaction.atomic():
            _row, created = ReminderSent.objects.get_or_create(
                meeting_day=day, user=recipient.user, kind=kind
            )
            if not created:
                continue
            language = language_of(recipient.user)
            unsubscribe_url = absolute_url(
                "events:mail_unsubscribe", language, token=preference.token
            )
            send_templated_mail(
                template="events/email/reminder",
                to=recipient.user,
                context={
                    "day": day,
                    "kind": kind,
                    "is_day_before": kind == ReminderSent.Kind.DAY,
                    "unsubscribe_url": unsubscribe_url,
                    **schedule_context(recipient),
                },
                headers={
                    # RFC 2369 and RFC 8058: the mail client's own "unsubscribe" button
                    # POSTs `List-Unsubscribe=One-Click` to this URL.
                    "List-Unsubscribe": f"<{unsubscribe_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
            )
        sent += 1
    return sent


def export_reminders(user) -> list[dict]:
    return [
        {
            "meeting_day": str(row.meeting_day),
            "kind": row.get_kind_display(),
            "sent_at": row.sent_at,
        }
        for row in ReminderSent.objects.filter(user=user).select_related("meeting_day")
    ]


REMINDERS_SECTION = Section(
    key="meeting_day_reminders", models=(ReminderSent,), export=export_reminders
)
