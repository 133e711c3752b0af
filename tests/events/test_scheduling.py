"""The meeting-day scheduler: hand-made days, random days checked rule by rule, the service."""

import itertools
import random
from datetime import time

import pytest

from campus_portal.models import AuditEntry
from events import schedule_service
from events.models import Meeting, MeetingDay, Participation, Registration
from events.scheduling import (
    EXTRA,
    WISH,
    Company,
    Placement,
    Problem,
    ProblemError,
    Student,
    back_to_back,
    check_schedule,
    quality,
    schedule,
    upper_bounds,
    weight,
)
from events.scheduling import (
    Meeting as Planned,
)
from tests.events.factories import (
    MeetingDayFactory,
    ParticipationFactory,
    PreferenceFactory,
    RegistrationFactory,
)
from tests.students.factories import StudentFactory, TrackFactory

A, B, C, D = 10, 20, 30, 40


def day(students, companies, slots, fixed=(), breaks_after=()):
    return Problem(
        students=tuple(students),
        companies=tuple(companies),
        slots=slots,
        fixed=tuple(fixed),
        breaks_after=frozenset(breaks_after),
    )


def run(problem, **options):
    """Schedule, and check every rule on what comes out."""
    result = schedule(problem, **options)
    assert check_schedule(problem, result.meetings) == []
    return result


def pairs(result):
    return {(m.student, m.company) for m in result.meetings}


# --- Hand-made days ----------------------------------------------------------------------------


def test_everyone_gets_a_wish_before_anyone_gets_a_second():
    # Rank by rank, a greedy scheduler gives student 1 both A and B (A first: 1, 2 take its
    # two slots; then B), and student 3 nothing.
    problem = day(
        [Student(1, (A, B)), Student(2, (A,)), Student(3, (A,))],
        [Company(A), Company(B)],
        slots=2,
    )
    result = run(problem)
    assert pairs(result) == {(1, B), (2, A), (3, A)}
    assert quality(problem, result.meetings).students_covered == 3


def test_coverage_comes_before_the_weighted_wishes():
    # B is full with two meetings placed by hand: student 3's only chance is A (rank 2).
    # The weighted optimum gives A to 1 and 2 (5 + 5, and 2 also meets C: 14) and leaves 3
    # without a wish; coverage first gives A to 1 and 3 (5 + 4) and C to 2: 13.
    problem = day(
        [
            Student(1, (A,)),
            Student(2, (A, C)),
            Student(3, (B, A)),
            Student(101),
            Student(102),
        ],
        [Company(A), Company(B), Company(C)],
        slots=2,
        fixed=[Placement(101, B, 1, 0), Placement(102, B, 1, 1)],
    )
    result = run(problem)
    assert pairs(result) == {(1, A), (3, A), (2, C), (101, B), (102, B)}
    bounds = upper_bounds(problem)
    assert (bounds.students_ranked, bounds.coverable, bounds.weighted) == (3, 3, 14)
    q = quality(problem, result.meetings, bounds)
    assert (q.students_covered, q.weighted_met) == (3, 13)
    assert q.weighted_share == pytest.approx(13 / 14)


def test_higher_ranks_weigh_more():
    # A has two slots, wanted by 1 (rank 1), 2 (rank 2) and 3 (rank 3); all are covered anyway.
    problem = day(
        [Student(1, (A,)), Student(2, (B, A)), Student(3, (C, D, A))],
        [Company(A), Company(B), Company(C), Company(D)],
        slots=2,
    )
    result = run(problem)
    assert pairs(result) == {(1, A), (2, B), (2, A), (3, C), (3, D)}
    (meeting,) = [m for m in result.meetings if (m.student, m.company) == (2, A)]
    assert (meeting.kind, meeting.rank) == (WISH, 2)
    assert [weight(rank) for rank in range(1, 6)] == [5, 4, 3, 2, 1]


def test_a_rank_left_empty_keeps_the_ranks_after_it():
    # The company ranked 2nd is no longer accepted (None, or an id not in the problem).
    problem = day([Student(1, (A, None, B)), Student(2, (99, B))], [Company(A), Company(B)], 2)
    ranks = {(m.student, m.company): m.rank for m in run(problem).meetings}
    assert ranks == {(1, A): 1, (1, B): 3, (2, B): 2}


def test_extras_only_for_students_who_accept_them_of_a_sought_track():
    problem = day(
        [
            Student(1, track=1, accepts_extra=True),
            Student(2, track=1, accepts_extra=False),
            Student(3, track=2, accepts_extra=True),
            Student(4, track=None, accepts_extra=True),
        ],
        [Company(A, tracks=frozenset({1})), Company(B, tracks=frozenset({2}))],
        slots=2,
    )
    result = run(problem)
    assert pairs(result) == {(1, A), (3, B)}
    assert {(m.kind, m.rank) for m in result.meetings} == {(EXTRA, None)}


def test_extras_go_first_to_students_with_fewer_meetings():
    # A seeks track 1 and has two slots; student 1 already meets C, 2 and 3 meet nobody.
    students = [Student(n, track=1, accepts_extra=True) for n in (2, 3)]
    students.append(Student(1, (C,), track=1, accepts_extra=True))
    problem = day(students, [Company(A, tracks=frozenset({1})), Company(C)], slots=2)
    result = run(problem)
    assert pairs(result) == {(1, C), (2, A), (3, A)}


def test_wishes_come_before_extras():
    # A's only slot goes to the student who wished it, not to the one of its track.
    problem = day(
        [Student(1, (A,)), Student(2, track=1, accepts_extra=True)],
        [Company(A, tracks=frozenset({1}))],
        slots=1,
    )
    assert pairs(run(problem)) == {(1, A)}


def test_fixed_meetings_are_kept_as_they_are():
    problem = day(
        [Student(1, (A, B)), Student(2, (A,)), Student(3, (B,))],
        [Company(A, tables=2), Company(B), Company(C)],
        slots=3,
        fixed=[Placement(1, A, 2, 1), Placement(3, C, 1, 0)],
    )
    result = run(problem)
    fixed = {
        (m.student, m.company, m.table, m.slot, m.kind, m.rank) for m in result.meetings if m.fixed
    }
    # Staff may place a meeting nobody wished (student 3 with C): it stays, as an extra.
    assert fixed == {(1, A, 2, 1, WISH, 1), (3, C, 1, 0, EXTRA, None)}
    # Student 1 does not meet A twice; their meeting with B is in another slot.
    assert sorted(m.company for m in result.meetings if m.student == 1) == [A, B]
    assert pairs(result) >= {(2, A), (3, B)}


def test_a_company_meets_at_most_tables_times_slots_students():
    problem = day([Student(n, (A,)) for n in range(1, 11)], [Company(A, tables=2)], slots=3)
    result = run(problem)
    assert len(result.meetings) == 6
    assert sorted((m.table, m.slot) for m in result.meetings) == [
        (t, s) for t in (1, 2) for s in range(3)
    ]
    bounds = upper_bounds(problem)
    assert (bounds.coverable, bounds.capacity) == (6, 6)
    assert quality(problem, result.meetings, bounds).fill_by_company == {A: 1.0}


def test_a_student_meets_at_most_once_a_slot():
    problem = day([Student(1, (A, B, C))], [Company(A), Company(B), Company(C)], slots=2)
    result = run(problem)
    assert len(result.meetings) == 2
    assert {m.company for m in result.meetings} == {A, B}  # the two best ranks


def test_same_day_same_schedule_in_any_order():
    problem = random_day(random.Random(7), students=30, companies=6, slots=8)
    first = run(problem)
    shuffled = list(problem.students)
    random.Random(1).shuffle(shuffled)
    again = day(reversed(shuffled), reversed(problem.companies), problem.slots)
    assert run(problem).meetings == first.meetings
    assert run(again).meetings == first.meetings


def test_spacing_leaves_a_free_slot_between_meetings():
    # 20 students, 5 companies, 8 slots: 4 meetings each on average, tables nearly full.
    problem = random_day(random.Random(1), students=20, companies=5, slots=8, wishes=5)
    plain = run(problem, improve_spacing=False)
    spaced = run(problem)
    assert pairs(plain) == pairs(spaced)
    before, after = (
        back_to_back(problem, plain.meetings)[0],
        back_to_back(problem, spaced.meetings)[0],
    )
    assert after < before
    assert after == 0


def test_meetings_on_either_side_of_a_break_are_not_back_to_back():
    meetings = [Planned(1, A, 1, 1), Planned(1, B, 1, 2), Planned(2, A, 1, 2), Planned(2, B, 1, 3)]
    problem = day([Student(1, (A, B)), Student(2, (B, A))], [Company(A), Company(B)], 4)
    assert back_to_back(problem, meetings) == (2, 2)
    with_lunch = day(problem.students, problem.companies, 4, breaks_after={1})
    assert back_to_back(with_lunch, meetings) == (1, 1)


def test_the_checker_names_every_broken_rule():
    problem = day(
        [Student(1, (A,)), Student(2, (A,), track=1), Student(3, (B,))],
        [Company(A, tracks=frozenset({2})), Company(B)],
        slots=2,
        fixed=[Placement(3, B, 1, 0)],
    )
    broken = [
        Planned(1, A, 1, 0, WISH, 1),
        Planned(1, B, 1, 0, EXTRA),  # student 1 twice in slot 0; extra not accepted
        Planned(2, A, 1, 0, WISH, 1),  # table A1 twice in slot 0
        Planned(2, A, 1, 1, WISH, 1),  # pair (2, A) twice
        Planned(9, A, 2, 5, WISH, 1),  # unknown student, no table 2, no slot 5
        Planned(1, 77, 1, 1, EXTRA),  # company not accepted
        Planned(2, B, 1, 1, WISH, 2),  # not a wish of student 2
    ]
    errors = "\n".join(check_schedule(problem, broken))
    for expected in (
        "student has two meetings in slot",
        "table has two students in slot",
        "pair meets twice",
        "student 9 is not registered",
        "has no table 2",
        "no slot 5",
        "company 77 is not accepted",
        "not the student's wish",
        "did not accept extras",
        "was not kept",
    ):
        assert expected in errors
    assert check_schedule(problem, [Planned(3, B, 1, 0, WISH, 1, fixed=True)]) == []


def test_impossible_fixed_meetings_are_refused():
    with pytest.raises(ProblemError):
        schedule(
            day(
                [Student(1), Student(2)],
                [Company(A)],
                slots=2,
                fixed=[Placement(1, A, 1, 0), Placement(2, A, 1, 0)],
            )
        )
    with pytest.raises(ProblemError):
        schedule(day([Student(1)], [Company(A)], slots=2, fixed=[Placement(1, A, 2, 0)]))


# --- Random days -------------------------------------------------------------------------------


def random_day(rng, *, students, companies, slots, wishes=3, fixed=0):
    company_list = [
        Company(
            id=100 + j,
            tables=rng.randint(1, 3),
            tracks=frozenset(rng.sample(range(4), rng.randint(0, 2))),
        )
        for j in range(companies)
    ]
    ids = [c.id for c in company_list]
    student_list = [
        Student(
            id=i + 1,
            wishes=tuple(rng.sample(ids, rng.randint(0, min(wishes, companies)))),
            track=rng.choice([None, 0, 1, 2, 3]),
            accepts_extra=rng.random() < 0.6,
        )
        for i in range(students)
    ]
    placements, used = [], set()
    for _ in range(fixed):
        student, company = rng.choice(student_list), rng.choice(company_list)
        placement = Placement(
            student.id, company.id, rng.randint(1, company.tables), rng.randrange(slots)
        )
        keys = {
            (placement.student, placement.slot),
            (placement.company, placement.table, placement.slot),
            (placement.student, placement.company),
        }
        if not keys & used:
            used |= keys
            placements.append(placement)
    return day(student_list, company_list, slots, placements)


def best_by_brute_force(problem):
    """The lexicographic optimum (students covered, weighted wishes) over every set of wished
    pairs that fits the capacities (any such set has a slot for each meeting: König)."""
    caps = {c.id: c.tables * problem.slots for c in problem.companies}
    wished = [(s.id, c, weight(r)) for s in problem.students for r, c in enumerate(s.wishes, 1)]
    best = (0, 0)
    for size in range(len(wished) + 1):
        for chosen in itertools.combinations(wished, size):
            per_company, per_student = {}, {}
            for s, c, _w in chosen:
                per_company[c] = per_company.get(c, 0) + 1
                per_student[s] = per_student.get(s, 0) + 1
            if any(n > caps[c] for c, n in per_company.items()):
                continue
            if any(n > problem.slots for n in per_student.values()):
                continue
            best = max(best, (len(per_student), sum(w for _s, _c, w in chosen)))
    return best


@pytest.mark.parametrize("seed", range(50))
def test_random_days_keep_every_rule_and_reach_the_bound(seed):
    rng = random.Random(seed)
    problem = random_day(
        rng,
        students=rng.randint(1, 40),
        companies=rng.randint(1, 8),
        slots=rng.randint(1, 10),
        wishes=5,
        fixed=rng.choice([0, 0, 3, 10]),
    )
    result = run(problem)
    bounds = upper_bounds(problem)
    q = quality(problem, result.meetings, bounds)
    assert q.students_covered == bounds.coverable
    assert q.weighted_met <= bounds.weighted
    assert q.meetings <= bounds.meetings
    assert result.unplaced == []


@pytest.mark.parametrize("seed", range(25))
def test_tiny_days_reach_the_brute_force_optimum(seed):
    rng = random.Random(1000 + seed)
    problem = random_day(
        rng, students=rng.randint(1, 4), companies=rng.randint(1, 3), slots=rng.randint(1, 2)
    )
    q = quality(problem, run(problem).meetings)
    assert (q.students_covered, q.weighted_met) == best_by_brute_force(problem)


# --- On the database ---------------------------------------------------------------------------


@pytest.fixture
def scheduled_day(db):
    """A day with two accepted companies (the first with two tables) and one that was not
    accepted; three registered students, one cancelled and one waitlisted."""
    track, other_track = TrackFactory(), TrackFactory()
    meeting_day = MeetingDayFactory(students_open=True)
    first = ParticipationFactory(meeting_day=meeting_day, accepted=True, tables=2, tracks=[track])
    second = ParticipationFactory(meeting_day=meeting_day, accepted=True, tracks=[other_track])
    requested = ParticipationFactory(meeting_day=meeting_day)
    registrations = [
        RegistrationFactory(meeting_day=meeting_day, student=StudentFactory(track=track))
        for _ in range(3)
    ]
    cancelled = RegistrationFactory(
        meeting_day=meeting_day,
        student=StudentFactory(track=track),
        status=Registration.Status.CANCELLED,
    )
    waitlisted = RegistrationFactory(
        meeting_day=meeting_day,
        student=StudentFactory(track=track),
        status=Registration.Status.WAITLISTED,
    )
    PreferenceFactory(registration=registrations[0], participation=first, rank=1)
    PreferenceFactory(registration=registrations[0], participation=requested, rank=2)
    PreferenceFactory(registration=registrations[0], participation=second, rank=3)
    PreferenceFactory(registration=registrations[1], participation=second, rank=1)
    PreferenceFactory(registration=cancelled, participation=first, rank=1)
    PreferenceFactory(registration=waitlisted, participation=first, rank=1)
    Registration.objects.filter(pk=registrations[1].pk).update(accepts_extra_meetings=False)
    Registration.objects.filter(pk=registrations[2].pk).update(accepts_extra_meetings=True)
    return meeting_day, first, second, registrations


def test_the_problem_comes_from_accepted_companies_and_registered_students(scheduled_day):
    meeting_day, first, second, registrations = scheduled_day
    problem = schedule_service.build_problem(meeting_day)
    assert [c.id for c in problem.companies] == sorted([first.pk, second.pk])
    assert [s.id for s in problem.students] == sorted(r.pk for r in registrations)
    wishes = {s.id: s.wishes for s in problem.students}
    # The company that was not accepted leaves rank 2 empty.
    assert wishes[registrations[0].pk] == (first.pk, None, second.pk)
    assert problem.slots == len(meeting_day.slots()) == 12
    assert problem.breaks_after == frozenset()


def test_a_lunch_break_separates_slots(db):
    meeting_day = MeetingDayFactory(
        opens_at=time(11, 0), closes_at=time(14, 0), breaks=[["12:00", "13:00"]]
    )
    problem = schedule_service.build_problem(meeting_day)
    # 11:00, 11:15, 11:30, 11:45 (ends at 11:55), then 13:00 …
    assert problem.breaks_after == frozenset({3})


def test_generate_then_save(scheduled_day, staff):
    meeting_day, first, second, registrations = scheduled_day
    preview = schedule_service.generate(meeting_day)
    assert Meeting.objects.count() == 0  # a preview saves nothing
    planned = {(m.student, m.company, m.kind, m.rank) for m in preview.meetings}
    assert planned == {
        (registrations[0].pk, first.pk, WISH, 1),
        (registrations[0].pk, second.pk, WISH, 3),
        (registrations[1].pk, second.pk, WISH, 1),
        # Student 3 accepts extras and first seeks their track.
        (registrations[2].pk, first.pk, EXTRA, None),
    }
    assert preview.quality.coverage_share == 1.0
    assert preview.bounds.capacity == 3 * 12
    assert [row[0] for row in preview.fill_rows()] == sorted(
        [first, second], key=lambda p: p.company.name.lower()
    )

    assert schedule_service.save(meeting_day, preview, by=staff) == 4
    saved = {
        (m.registration_id, m.participation_id, m.kind, m.rank, m.is_manual)
        for m in Meeting.objects.filter(meeting_day=meeting_day)
    }
    assert saved == {(s, c, k, r, False) for s, c, k, r in planned}
    entry = AuditEntry.objects.get(action="meetingday.schedule")
    assert entry.target_id == str(meeting_day.pk)
    assert "4 rendez-vous" in entry.reason


def test_saving_again_keeps_manual_meetings_and_uids(scheduled_day, staff):
    meeting_day, first, second, registrations = scheduled_day
    schedule_service.save(meeting_day, schedule_service.generate(meeting_day), by=staff)
    manual = Meeting.objects.get(registration=registrations[1])
    manual.slot_index, manual.is_manual = 11, True
    manual.save()
    other = Meeting.objects.get(registration=registrations[0], participation=first)
    uid = other.uid

    preview = schedule_service.generate(meeting_day)
    assert preview.kept == {(registrations[1].pk, second.pk): manual.pk}
    schedule_service.save(meeting_day, preview, by=staff)
    manual.refresh_from_db()  # still there, where staff put it
    assert (manual.slot_index, manual.is_manual) == (11, True)
    assert Meeting.objects.get(registration=registrations[0], participation=first).uid == uid
    assert Meeting.objects.filter(meeting_day=meeting_day).count() == 4

    # Without keep_manual, staff's meeting is planned again like any other.
    preview = schedule_service.generate(meeting_day, keep_manual=False)
    assert preview.kept == {}
    schedule_service.save(meeting_day, preview, by=staff)
    assert not Meeting.objects.filter(is_manual=True).exists()


def test_keep_existing_keeps_the_published_schedule(scheduled_day, staff):
    meeting_day, first, second, registrations = scheduled_day
    schedule_service.save(meeting_day, schedule_service.generate(meeting_day), by=staff)
    before = set(Meeting.objects.values_list("pk", "slot_index", "table_number"))
    late = RegistrationFactory(meeting_day=meeting_day, student=StudentFactory())
    PreferenceFactory(registration=late, participation=second, rank=1)

    preview = schedule_service.generate(meeting_day, keep_existing=True)
    assert len(preview.kept) == 4
    schedule_service.save(meeting_day, preview, by=staff)
    assert before <= set(Meeting.objects.values_list("pk", "slot_index", "table_number"))
    assert Meeting.objects.filter(registration=late, participation=second).exists()


def test_meetings_that_no_longer_fit_are_dropped(scheduled_day, staff):
    meeting_day, first, second, registrations = scheduled_day
    schedule_service.save(meeting_day, schedule_service.generate(meeting_day), by=staff)
    Meeting.objects.update(is_manual=True)
    Registration.objects.filter(pk=registrations[1].pk).update(status=Registration.Status.CANCELLED)
    preview = schedule_service.generate(meeting_day)
    assert [m.registration_id for m in preview.dropped] == [registrations[1].pk]
    schedule_service.save(meeting_day, preview, by=staff)
    assert not Meeting.objects.filter(registration=registrations[1]).exists()


def test_a_stale_preview_is_refused(scheduled_day, staff):
    meeting_day, first, second, registrations = scheduled_day
    preview = schedule_service.generate(meeting_day)
    PreferenceFactory(registration=registrations[1], participation=first, rank=2)
    with pytest.raises(schedule_service.ScheduleError, match="générez-le à nouveau"):
        schedule_service.save(meeting_day, preview, by=staff)
    assert not Meeting.objects.exists()


def test_a_held_day_keeps_its_schedule(scheduled_day, staff):
    meeting_day, *_ = scheduled_day
    preview = schedule_service.generate(meeting_day)
    MeetingDay.objects.filter(pk=meeting_day.pk).update(status=MeetingDay.Status.HELD)
    with pytest.raises(schedule_service.ScheduleError, match="a eu lieu"):
        schedule_service.save(meeting_day, preview, by=staff)


def test_a_day_without_slots_cannot_be_scheduled(db):
    meeting_day = MeetingDayFactory(opens_at=time(9, 0), closes_at=time(9, 5))
    with pytest.raises(schedule_service.ScheduleError, match="aucun créneau"):
        schedule_service.generate(meeting_day)


def test_the_tables_of_a_participation_are_never_exceeded(scheduled_day):
    meeting_day, first, *_ = scheduled_day
    Participation.objects.filter(pk=first.pk).update(tables=1)
    preview = schedule_service.generate(meeting_day)
    assert {m.table for m in preview.meetings if m.company == first.pk} == {1}
