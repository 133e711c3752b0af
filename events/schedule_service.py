"""Running the scheduler on a meeting day: the problem from the database, a preview, saving."""

from __future__ import annotations

import hashlib
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from campus_portal import audit
from events import scheduling
from events.models import Meeting, MeetingDay, Participation, Preference, Registration

# Students the scheduler plans for: registered ones (and, should it run again on the day,
# those already checked in).
SCHEDULED_STATUSES = (Registration.Status.REGISTERED, Registration.Status.PRESENT)
# After the day, meetings carry ratings and follow-ups: the schedule no longer changes.
FROZEN_DAY_STATUSES = (MeetingDay.Status.HELD, MeetingDay.Status.ARCHIVED)


class ScheduleError(Exception):
    """Why the schedule cannot be saved, in words for staff."""


@dataclass
class Preview:
    """A schedule computed for a day, not saved yet.

    - `meetings`: every meeting of the schedule (`scheduling.Meeting`: `student` is a
      Registration pk, `company` a Participation pk, `table` from 1, `slot` an index in
      `day.slots()`, `kind` "wish"/"extra", `rank`, `fixed` for a kept meeting);
    - `kept`: (registration pk, participation pk) → pk of the saved Meeting kept as it is;
    - `dropped`: saved meetings that were to be kept but no longer fit (student no longer
      registered, company no longer accepted, table or slot the day no longer has): saving
      deletes them;
    - `quality` (`scheduling.Quality`: `coverage_share`, `students_covered` /
      `students_ranked`, `first_choices_met` / `first_choices_wanted`, `weighted_share`,
      `fill_rate`, `fill_by_company`, `back_to_back`) and `bounds` (`scheduling.Bounds`:
      the best each objective could reach on its own);
    - `unplaced`: wished or extra pairs no slot could hold (fixed meetings in the way);
    - `registrations`, `participations`: pk → object, to show names.
    """

    meeting_day_id: int
    keep_manual: bool
    keep_existing: bool
    problem: scheduling.Problem
    meetings: list[scheduling.Meeting]
    kept: dict[tuple[int, int], int]
    dropped: list[Meeting]
    quality: scheduling.Quality
    bounds: scheduling.Bounds
    unplaced: list[tuple[int, int]]
    fingerprint: str
    seconds: float
    registrations: dict[int, Registration] = field(default_factory=dict)
    participations: dict[int, Participation] = field(default_factory=dict)

    @property
    def new_meetings(self) -> list[scheduling.Meeting]:
        return [m for m in self.meetings if not m.fixed]

    def fill_rows(self) -> list[tuple[Participation, int, int, float]]:
        """(participation, meetings, table slots, fill rate) per company, by name."""
        count: dict[int, int] = {}
        for m in self.meetings:
            count[m.company] = count.get(m.company, 0) + 1
        rows = []
        for company in self.problem.companies:
            capacity = company.tables * self.problem.slots
            rows.append(
                (
                    self.participations.get(company.id),
                    count.get(company.id, 0),
                    capacity,
                    self.quality.fill_by_company.get(company.id, 0.0),
                )
            )
        rows.sort(key=lambda row: (row[0].company.name.lower() if row[0] else "", row[2]))
        return rows


@dataclass
class _Snapshot:
    problem: scheduling.Problem
    kept: dict[tuple[int, int], int]
    dropped: list[Meeting]
    fingerprint: str
    registrations: dict[int, Registration]
    participations: dict[int, Participation]


def _breaks_after(day: MeetingDay, slots) -> frozenset[int]:
    """Slot indices followed by more than the usual pause (lunch): no longer back to back."""
    pause = timedelta(minutes=day.pause_minutes)
    return frozenset(
        index for index in range(len(slots) - 1) if slots[index + 1][0] - slots[index][1] > pause
    )


def _canonical(problem: scheduling.Problem) -> tuple:
    """The problem with its sets sorted: a set's repr depends on how it was built."""
    return (
        problem.students,
        tuple((c.id, c.tables, tuple(sorted(c.tracks))) for c in problem.companies),
        problem.slots,
        problem.fixed,
        tuple(sorted(problem.breaks_after)),
    )


def build_problem(
    meeting_day: MeetingDay, *, fixed: list[scheduling.Placement] | tuple = ()
) -> scheduling.Problem:
    """The day as the scheduler sees it: accepted companies (with their tables and the
    tracks they seek), registered students (their wishes by rank for accepted companies,
    their track, whether they accept extras), the number of slots, and `fixed` meetings."""
    return _load(meeting_day, keep_manual=False, keep_existing=False, fixed=fixed).problem


def _load(day: MeetingDay, *, keep_manual: bool, keep_existing: bool, fixed=None) -> _Snapshot:
    slots = day.slots()
    participations = {
        p.pk: p
        for p in Participation.objects.filter(
            meeting_day=day, status=Participation.Status.ACCEPTED
        ).select_related("company")
    }
    tracks: dict[int, set[int]] = {pk: set() for pk in participations}
    for participation_id, track_id in Participation.tracks.through.objects.filter(
        participation_id__in=participations
    ).values_list("participation_id", "track_id"):
        tracks[participation_id].add(track_id)
    registrations = {
        r.pk: r
        for r in Registration.objects.filter(
            meeting_day=day, status__in=SCHEDULED_STATUSES
        ).select_related("student__user")
    }
    wishes: dict[int, dict[int, int]] = {pk: {} for pk in registrations}
    for registration_id, participation_id, rank in Preference.objects.filter(
        registration_id__in=registrations, participation_id__in=participations
    ).values_list("registration_id", "participation_id", "rank"):
        wishes[registration_id][rank] = participation_id
    students = tuple(
        scheduling.Student(
            id=pk,
            # Ranks as the student gave them; a rank whose company left stays empty.
            wishes=tuple(wishes[pk].get(rank) for rank in range(1, max(wishes[pk], default=0) + 1)),
            track=registration.student.track_id,
            accepts_extra=registration.accepts_extra_meetings,
        )
        for pk, registration in sorted(registrations.items())
    )
    companies = tuple(
        scheduling.Company(id=pk, tables=p.tables, tracks=frozenset(tracks[pk]))
        for pk, p in sorted(participations.items())
    )
    existing = list(
        Meeting.objects.filter(meeting_day=day)
        .order_by("pk")
        .values_list(
            "pk",
            "registration_id",
            "participation_id",
            "table_number",
            "slot_index",
            "is_manual",
        )
    )
    kept: dict[tuple[int, int], int] = {}
    dropped_pks = []
    placements = list(fixed or ())
    for pk, registration_id, participation_id, table, slot, is_manual in existing:
        if not (keep_existing or (keep_manual and is_manual)):
            continue
        participation = participations.get(participation_id)
        if (
            registration_id in registrations
            and participation is not None
            and 1 <= table <= participation.tables
            and 0 <= slot < len(slots)
        ):
            kept[(registration_id, participation_id)] = pk
            placements.append(
                scheduling.Placement(
                    student=registration_id, company=participation_id, table=table, slot=slot
                )
            )
        else:
            dropped_pks.append(pk)
    problem = scheduling.Problem(
        students=students,
        companies=companies,
        slots=len(slots),
        fixed=tuple(sorted(placements)),
        breaks_after=_breaks_after(day, slots),
    )
    digest = hashlib.sha256()
    digest.update(repr((_canonical(problem), keep_manual, keep_existing, existing)).encode())
    dropped = list(
        Meeting.objects.filter(pk__in=dropped_pks).select_related(
            "registration__student__user", "participation__company"
        )
    )
    return _Snapshot(
        problem=problem,
        kept=kept,
        dropped=dropped,
        fingerprint=digest.hexdigest(),
        registrations=registrations,
        participations=participations,
    )


def generate(
    meeting_day: MeetingDay, *, keep_manual: bool = True, keep_existing: bool = False
) -> Preview:
    """Compute the day's schedule without saving it: meetings, quality and bounds.

    Keeps the meetings placed by hand (unless `keep_manual=False`) and, with
    `keep_existing=True`, every meeting already saved; everything else is planned anew.
    About a second for a large day (1,000 students, 80 companies). Raises ScheduleError if
    the day has no slot.

    How the admin uses it (a preview first; nothing is saved until staff confirm):

        preview = schedule_service.generate(day, keep_manual=True, keep_existing=published)
        # show preview.quality, preview.bounds, preview.fill_rows(), preview.dropped, …
        # with preview.fingerprint in the confirmation form (a hidden field).

        # On confirmation (another request), the same options give the same schedule (the
        # scheduler is deterministic) unless registrations or meetings changed meanwhile:
        preview = schedule_service.generate(day, keep_manual=…, keep_existing=…)
        if preview.fingerprint != posted_fingerprint:
            ...  # show the new preview: something changed since staff looked
        schedule_service.save(day, preview, by=request.user)

    Once the schedule is published, students and companies have it in their calendars:
    re-running should keep it unless staff ask otherwise, so pass
    `keep_existing=day.status == MeetingDay.Status.SCHEDULED` by default.
    """
    if not meeting_day.slots():
        raise ScheduleError(
            _("La journée n'a aucun créneau : vérifiez ses horaires, la durée et les pauses.")
        )
    started = time.perf_counter()
    snapshot = _load(meeting_day, keep_manual=keep_manual, keep_existing=keep_existing)
    result = scheduling.schedule(snapshot.problem)
    bounds = scheduling.upper_bounds(snapshot.problem)
    return Preview(
        meeting_day_id=meeting_day.pk,
        keep_manual=keep_manual,
        keep_existing=keep_existing,
        problem=snapshot.problem,
        meetings=result.meetings,
        kept=snapshot.kept,
        dropped=snapshot.dropped,
        quality=scheduling.quality(snapshot.problem, result.meetings, bounds),
        bounds=bounds,
        unplaced=result.unplaced,
        fingerprint=snapshot.fingerprint,
        seconds=time.perf_counter() - started,
        registrations=snapshot.registrations,
        participations=snapshot.participations,
    )


def save(meeting_day: MeetingDay, preview: Preview, by) -> int:
    """Replace the day's meetings with the preview's, in one transaction.

    Meetings the preview kept stay untouched; every other saved meeting of the day is
    deleted and the new ones created (a pair that met in the old schedule keeps its
    meeting's uid, so calendar apps update the event rather than add one). Refuses when
    the day has been held, when anything changed since the preview (fingerprint), or if
    the schedule breaks a rule. Returns the number of meetings created; audit log
    "meetingday.schedule".
    """
    if preview.meeting_day_id != meeting_day.pk:
        raise ScheduleError(_("Cet aperçu est celui d'une autre journée."))
    with transaction.atomic():
        day = MeetingDay.objects.select_for_update().get(pk=meeting_day.pk)
        if day.status in FROZEN_DAY_STATUSES:
            raise ScheduleError(_("La journée a eu lieu : son planning ne change plus."))
        current = _load(day, keep_manual=preview.keep_manual, keep_existing=preview.keep_existing)
        if current.fingerprint != preview.fingerprint:
            raise ScheduleError(
                _(
                    "Les inscriptions, les entreprises ou le planning ont changé depuis "
                    "l'aperçu : générez-le à nouveau."
                )
            )
        errors = scheduling.check_schedule(current.problem, preview.meetings)
        if errors:
            raise ScheduleError(
                _("Le planning enfreint %(count)d règle(s) : %(first)s")
                % {"count": len(errors), "first": errors[0]}
            )
        replaced = Meeting.objects.filter(meeting_day=day).exclude(pk__in=current.kept.values())
        uids = {
            (registration_id, participation_id): uid
            for registration_id, participation_id, uid in replaced.values_list(
                "registration_id", "participation_id", "uid"
            )
        }
        replaced.delete()
        created = Meeting.objects.bulk_create(
            meeting_row(day, m, uid=uids.get((m.student, m.company)) or uuid.uuid4())
            for m in preview.meetings
            if not m.fixed
        )
        q = preview.quality
        audit.record(
            actor=by,
            action="meetingday.schedule",
            target=day,
            reason=_(
                "%(created)d rendez-vous planifiés, %(kept)d conservés ; %(covered)d élèves "
                "sur %(ranked)d ont au moins un souhait ; remplissage %(fill)d %%."
            )
            % {
                "created": len(created),
                "kept": len(current.kept),
                "covered": q.students_covered,
                "ranked": q.students_ranked,
                "fill": round(100 * q.fill_rate),
            },
        )
    return len(created)


def meeting_row(day: MeetingDay, meeting: scheduling.Meeting, *, uid) -> Meeting:
    """The (unsaved) row of one of the scheduler's meetings on `day`."""
    return Meeting(
        meeting_day=day,
        registration_id=meeting.student,
        participation_id=meeting.company,
        table_number=meeting.table,
        slot_index=meeting.slot,
        kind=Meeting.Kind.WISH if meeting.kind == scheduling.WISH else Meeting.Kind.EXTRA,
        rank=meeting.rank,
        uid=uid,
    )
