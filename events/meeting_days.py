"""Meeting days' life: staff move a day on or copy its set-up; pages read its windows."""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campus_portal import audit
from events.models import MeetingDay

DUPLICATE_MONTHS = 6
COPY_SUFFIX = " (copie)"
# Slugs are 50 characters at most (SlugField's default).
SLUG_LENGTH = 50


# --- Registration windows, as the public pages tell them ----------------------------------


@dataclass(frozen=True)
class Window:
    """A registration window as the pages tell it: "upcoming", "open" or "closed"."""

    state: str
    opens: datetime
    closes: datetime

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def is_upcoming(self) -> bool:
        return self.state == "upcoming"

    @property
    def opens_later(self) -> bool:
        """The opening date is still ahead (else staff have yet to open the window)."""
        return self.opens > timezone.now()


def _window(day: MeetingDay, status: str, is_open: bool, opens, closes) -> Window:
    if is_open:
        state = "open"
    elif MeetingDay.ORDER.index(day.status) <= MeetingDay.ORDER.index(status) and (
        timezone.now() < closes
    ):
        state = "upcoming"
    else:
        state = "closed"
    return Window(state, opens, closes)


def company_window(day: MeetingDay) -> Window:
    return _window(
        day,
        MeetingDay.Status.COMPANY_REGISTRATION,
        day.company_registration_is_open,
        day.company_registration_opens,
        day.company_registration_closes,
    )


def student_window(day: MeetingDay) -> Window:
    return _window(
        day,
        MeetingDay.Status.STUDENT_REGISTRATION,
        day.student_registration_is_open,
        day.student_registration_opens,
        day.student_registration_closes,
    )


# --- Staff actions -------------------------------------------------------------------------


@transaction.atomic
def advance_day(day: MeetingDay, *, by) -> MeetingDay.Status:
    """Move `day` to the next state of its life (DESIGN.md), logged in the audit; all but
    the publication of the schedule, which has its own admin page."""
    day.refresh_from_db(from_queryset=MeetingDay.objects.select_for_update())
    if day.status == MeetingDay.Status.STUDENT_REGISTRATION:
        # Publishing the schedule is its own step (the day's "Planning" page in the admin):
        # it checks there are meetings and emails everyone their schedule.
        raise ValidationError(
            _(
                "Pour passer à « Planning publié », publiez le planning depuis la page "
                "« Planning » de la journée : chacun reçoit alors ses rendez-vous."
            )
        )
    before = day.get_status_display()
    day.advance()
    day.save(update_fields=["status", "schedule_published_at"])
    audit.record(
        actor=by,
        action="meetingday.advance",
        target=day,
        reason=f"{before} → {day.get_status_display()}",
    )
    return day.status


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day (31 August + 6 → 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _moved(moment: datetime, days: int) -> datetime:
    """`moment` `days` later at the same local time, across a change to or from DST."""
    local = timezone.localtime(moment)
    return timezone.make_aware(datetime.combine(local.date() + timedelta(days=days), local.time()))


def _free_slug(base: str) -> str:
    base = base[: SLUG_LENGTH - 3].rstrip("-")
    slug, suffix = base, 2
    while MeetingDay.objects.filter(slug=slug).exists():
        tail = f"-{suffix}"
        slug, suffix = f"{base[: SLUG_LENGTH - len(tail)]}{tail}", suffix + 1
    return slug


@transaction.atomic
def duplicate_day(day: MeetingDay, *, by) -> MeetingDay:
    """A draft copy of `day`'s set-up six months later, for the next edition: titles,
    description, venue, hours, slots, breaks, limits, tracks, and the registration windows
    moved by as many days as the date. No participation, registration or meeting."""
    new_date = add_months(day.date, DUPLICATE_MONTHS)
    shift = (new_date - day.date).days
    copy = MeetingDay(
        slug=_free_slug(f"{day.slug}-copie"),
        date=new_date,
        venue=day.venue,
        address=day.address,
        opens_at=day.opens_at,
        closes_at=day.closes_at,
        slot_minutes=day.slot_minutes,
        pause_minutes=day.pause_minutes,
        breaks=list(day.breaks or []),
        company_registration_opens=_moved(day.company_registration_opens, shift),
        company_registration_closes=_moved(day.company_registration_closes, shift),
        student_registration_opens=_moved(day.student_registration_opens, shift),
        student_registration_closes=_moved(day.student_registration_closes, shift),
        max_companies=day.max_companies,
        max_students=day.max_students,
        status=MeetingDay.Status.DRAFT,
    )
    for field in MeetingDay._meta.get_fields():
        # The translated columns (title_fr, description_nl, …) of modeltranslation.
        name = getattr(field, "attname", "")
        if name.startswith(("title_", "description_")):
            value = getattr(day, name)
            if name.startswith("title_") and value:
                value = f"{value}{COPY_SUFFIX}"[: field.max_length]
            setattr(copy, name, value)
    if not copy.title:
        raise ValidationError(_("La journée n'a pas de titre à copier."))
    copy.full_clean(exclude=["tracks"])
    copy.save()
    copy.tracks.set(day.tracks.all())
    audit.record(actor=by, action="meetingday.duplicate", target=copy, reason=str(day))
    return copy
