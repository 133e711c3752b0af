"""Published schedules: who meets whom and when, as page rows and as iCalendar (.ics)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from companies.membership import active_membership
from events.models import Meeting, MeetingDay, Participation, Registration

BRUSSELS = ZoneInfo("Europe/Brussels")
# After publication the schedule stays readable: on the day and afterwards.
PUBLISHED_STATUSES = (
    MeetingDay.Status.SCHEDULED,
    MeetingDay.Status.HELD,
    MeetingDay.Status.ARCHIVED,
)
PRODID = "-//Campus des Arts et Metiers//Campus Portal//FR"
UID_DOMAIN = "campus-portal"


def is_published(day: MeetingDay) -> bool:
    return day.status in PUBLISHED_STATUSES


def slot_times(day: MeetingDay) -> list[tuple[datetime, datetime]]:
    """The day's slots in Brussels time, whatever time zone is active."""
    return [(start.astimezone(BRUSSELS), end.astimezone(BRUSSELS)) for start, end in day.slots()]


def table_name(participation: Participation, number: int) -> str:
    """What a student looks for in the room: the stand label, and the table if several."""
    label = participation.table_label
    if label and participation.tables > 1:
        return _("%(label)s, table %(number)s") % {"label": label, "number": number}
    return label or _("Table %(number)s") % {"number": number}


def short_name(user) -> str:
    """First name and initial of the last name: enough for a calendar entry."""
    initial = f" {user.last_name[:1]}." if user.last_name else ""
    return f"{user.first_name}{initial}".strip() or _("un·e élève")


def student_meetings(registration: Registration) -> QuerySet:
    return (
        Meeting.objects.filter(
            registration=registration, participation__status=Participation.Status.ACCEPTED
        )
        .select_related("participation__company", "meeting_day")
        .order_by("slot_index")
    )


def company_meetings(participation: Participation) -> QuerySet:
    return (
        Meeting.objects.filter(
            participation=participation, registration__status__in=Registration.ACTIVE_STATUSES
        )
        .select_related(
            "registration__student__user", "registration__student__track", "meeting_day"
        )
        .prefetch_related("registration__student__languages")
        .order_by("table_number", "slot_index")
    )


# --- Page rows ----------------------------------------------------------------------


@dataclass
class Row:
    """A line of a schedule: one meeting, or a run of free slots."""

    start: datetime | None
    end: datetime | None
    meeting: Meeting | None = None
    free_slots: int = 0
    table: str = ""

    @property
    def is_free(self) -> bool:
        return self.meeting is None


@dataclass
class Table:
    number: int
    name: str
    rows: list[Row] = field(default_factory=list)
    meeting_count: int = 0


def _rows(
    slots: list[tuple[datetime, datetime]], meetings: list[Meeting], with_table: bool = False
) -> list[Row]:
    """Every slot in time order, consecutive free slots merged into one row. A meeting in a
    slot the day no longer has (its hours changed after scheduling) comes last, untimed."""
    by_slot = {meeting.slot_index: meeting for meeting in meetings}
    rows: list[Row] = []
    for index, (start, end) in enumerate(slots):
        meeting = by_slot.pop(index, None)
        if meeting is not None:
            rows.append(Row(start, end, meeting))
            if with_table:
                rows[-1].table = table_name(meeting.participation, meeting.table_number)
        elif rows and rows[-1].is_free:
            rows[-1].end = end
            rows[-1].free_slots += 1
        else:
            rows.append(Row(start, end, free_slots=1))
    for _index, meeting in sorted(by_slot.items()):
        table = table_name(meeting.participation, meeting.table_number) if with_table else ""
        rows.append(Row(None, None, meeting, table=table))
    return rows


def student_rows(registration: Registration, meetings: list[Meeting]) -> list[Row]:
    return _rows(slot_times(registration.meeting_day), meetings, with_table=True)


def company_tables(participation: Participation, meetings: list[Meeting]) -> list[Table]:
    slots = slot_times(participation.meeting_day)
    tables = []
    for number in range(1, max(participation.tables, 1) + 1):
        at_table = [meeting for meeting in meetings if meeting.table_number == number]
        tables.append(
            Table(
                number=number,
                name=table_name(participation, number),
                rows=_rows(slots, at_table),
                meeting_count=len(at_table),
            )
        )
    # A meeting at a table the company no longer has still shows.
    extra = sorted({m.table_number for m in meetings} - {t.number for t in tables})
    for number in extra:
        at_table = [meeting for meeting in meetings if meeting.table_number == number]
        tables.append(
            Table(number, table_name(participation, number), _rows(slots, at_table), len(at_table))
        )
    return tables


# --- iCalendar ----------------------------------------------------------------------


def _absolute(url_name: str, **kwargs) -> str:
    return f"{settings.SITE_URL}{reverse(url_name, kwargs=kwargs)}"


def _new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Brussels")
    return calendar


def _location(day: MeetingDay, place: str) -> str:
    return " – ".join(part for part in (f"{day.venue}, {day.address}", place) if part)


def _event(
    *,
    uid: str,
    start: datetime,
    end: datetime,
    summary: str,
    location: str,
    description: str,
    url: str,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start.astimezone(BRUSSELS))
    event.add("dtend", end.astimezone(BRUSSELS))
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description)
    event.add("url", url)
    return event


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{UID_DOMAIN}"


def _add_student_events(calendar: Calendar, registration: Registration) -> None:
    day = registration.meeting_day
    slots = slot_times(day)
    page = _absolute("events:my_schedule", pk=registration.pk)
    for meeting in student_meetings(registration):
        if meeting.slot_index >= len(slots):
            continue
        start, end = slots[meeting.slot_index]
        company = meeting.participation.company
        table = table_name(meeting.participation, meeting.table_number)
        description = "\n".join(
            [
                f"{day.title}",
                _("Entreprise : %(company)s") % {"company": company.name},
                _("Table : %(table)s") % {"table": table},
                _("Ton planning : %(url)s") % {"url": page},
                _("L'entreprise : %(url)s")
                % {"url": f"{settings.SITE_URL}{company.get_absolute_url()}"},
            ]
        )
        calendar.add_component(
            _event(
                uid=meeting_uid(meeting),
                start=start,
                end=end,
                summary=_("Rendez-vous avec %(company)s") % {"company": company.name},
                location=_location(day, table),
                description=description,
                url=page,
            )
        )


def _add_company_events(calendar: Calendar, participation: Participation) -> None:
    day = participation.meeting_day
    slots = slot_times(day)
    page = _absolute("events:company_schedule", pk=participation.pk)
    # The day itself: the company holds its stand from opening to closing.
    opens = timezone.make_aware(datetime.combine(day.date, day.opens_at), BRUSSELS)
    closes = timezone.make_aware(datetime.combine(day.date, day.closes_at), BRUSSELS)
    stand = participation.table_label
    calendar.add_component(
        _event(
            uid=f"meetingday-{day.pk}-participation-{participation.pk}@{UID_DOMAIN}",
            start=opens,
            end=closes,
            summary=(
                _("%(title)s – votre stand %(stand)s") % {"title": day.title, "stand": stand}
                if stand
                else _("%(title)s – votre stand") % {"title": day.title}
            ),
            location=_location(day, stand),
            description="\n".join(
                [
                    _("Journée de rencontre du Campus des Arts et Métiers."),
                    _("Votre planning : %(url)s") % {"url": page},
                ]
            ),
            url=page,
        )
    )
    # Only the first name and initial of a student (many are minors) leave the portal;
    # the full card is on the schedule page.
    for meeting in company_meetings(participation):
        if meeting.slot_index >= len(slots):
            continue
        start, end = slots[meeting.slot_index]
        student = meeting.registration.student
        table = table_name(participation, meeting.table_number)
        lines = [f"{day.title}", _("Table : %(table)s") % {"table": table}]
        if student.track_id:
            lines.append(_("Filière : %(track)s") % {"track": student.track.name})
        lines.append(_("Votre planning : %(url)s") % {"url": page})
        calendar.add_component(
            _event(
                uid=meeting_uid(meeting),
                start=start,
                end=end,
                summary=_("Rendez-vous avec %(name)s") % {"name": short_name(student.user)},
                location=_location(day, table),
                description="\n".join(lines),
                url=page,
            )
        )


def _finish(calendar: Calendar) -> bytes:
    # The VTIMEZONE of Europe/Brussels, so that every client reads TZID the same way; only
    # the transitions around the events (the default covers 1970-2038: 10 kB per file).
    dates = [event.decoded("dtstart").date() for event in calendar.walk("VEVENT")]
    if dates:
        margin = timedelta(days=366)
        calendar.add_missing_timezones(
            first_date=min(dates) - margin, last_date=max(dates) + margin
        )
    return calendar.to_ical()


def student_calendar(registration: Registration) -> bytes:
    calendar = _new_calendar(
        _("Mes rendez-vous – %(title)s") % {"title": registration.meeting_day.title}
    )
    _add_student_events(calendar, registration)
    return _finish(calendar)


def company_calendar(participation: Participation) -> bytes:
    calendar = _new_calendar(
        _("Nos rendez-vous – %(title)s") % {"title": participation.meeting_day.title}
    )
    _add_company_events(calendar, participation)
    return _finish(calendar)


def person_calendar(user) -> bytes:
    """Every upcoming published meeting of a student, or of a company member's company."""
    calendar = _new_calendar(_("Campus Portal – journées de rencontre"))
    upcoming = {
        "meeting_day__status__in": PUBLISHED_STATUSES,
        "meeting_day__date__gte": timezone.localdate(),
    }
    registrations = Registration.objects.filter(
        student__user=user, status__in=Registration.ACTIVE_STATUSES, **upcoming
    ).select_related("meeting_day")
    for registration in registrations.order_by("meeting_day__date"):
        _add_student_events(calendar, registration)
    membership = active_membership(user)
    if membership is not None:
        participations = Participation.objects.filter(
            company=membership.company, status=Participation.Status.ACCEPTED, **upcoming
        ).select_related("meeting_day")
        for participation in participations.order_by("meeting_day__date"):
            _add_company_events(calendar, participation)
    return _finish(calendar)
