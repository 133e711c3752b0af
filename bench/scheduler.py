"""Run the meeting-day scheduler on generated days and report time, memory and quality.

A day as in the acceptance of the meeting days: 1,000 students with five wishes each,
80 companies with 1–3 tables, 16 slots, company popularity Zipf-like (a few companies wanted
by many). Each seed runs in its own process, so the peak memory is that seed's alone.
Needs no database: `.venv/bin/python bench/scheduler.py` (see bench/README.md).
"""

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from events.scheduling import (  # noqa: E402 - after the path is set
    Company,
    Placement,
    Problem,
    Student,
    check_schedule,
    quality,
    schedule,
    upper_bounds,
    weight,
)

TRACKS = 12
TIME_TARGET = 10.0
MEMORY_TARGET = 500.0


def generate_day(
    seed: int, *, students: int = 1000, companies: int = 80, slots: int = 16, zipf: float = 1.0
) -> Problem:
    """A generated day: popularity 1/rankᶻ, a student's wishes drawn without replacement,
    three times likelier at companies seeking the student's track; 80 % accept extras."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    popularity = [1 / (n + 1) ** zipf for n in range(companies)]
    rng.shuffle(popularity)
    company_list = []
    for j in range(companies):
        tracks = frozenset(rng.sample(range(TRACKS), rng.randint(1, 4)))
        company_list.append(Company(id=j + 1, tables=rng.choice((1, 1, 2, 2, 3)), tracks=tracks))
    student_list = []
    for i in range(students):
        track = rng.randrange(TRACKS)
        weights = [
            popularity[j] * (3 if track in c.tracks else 1) for j, c in enumerate(company_list)
        ]
        wishes: list[int] = []
        while len(wishes) < 5:
            (j,) = rng.choices(range(companies), weights=weights)
            if company_list[j].id not in wishes:
                wishes.append(company_list[j].id)
        student_list.append(
            Student(id=i + 1, wishes=tuple(wishes), track=track, accepts_extra=rng.random() < 0.8)
        )
    return Problem(students=tuple(student_list), companies=tuple(company_list), slots=slots)


def greedy_by_rank(problem: Problem) -> tuple[int, int]:
    """The spreadsheet way, for comparison: every first choice while the company has room,
    then every second choice, … (Students covered, weighted wishes met.)"""
    room = {c.id: c.tables * problem.slots for c in problem.companies}
    met: dict[int, list[int]] = {s.id: [] for s in problem.students}
    for rank in range(1, 6):
        for student in problem.students:
            if rank <= len(student.wishes) and room[student.wishes[rank - 1]] > 0:
                room[student.wishes[rank - 1]] -= 1
                met[student.id].append(rank)
    return _score(met)


def round_robin(problem: Problem) -> tuple[int, int]:
    """A fairer hand-made way: in turns, each student gets their best wish that still has
    room, one meeting a turn."""
    room = {c.id: c.tables * problem.slots for c in problem.companies}
    met: dict[int, list[int]] = {s.id: [] for s in problem.students}
    following = {s.id: 0 for s in problem.students}
    for _turn in range(5):
        for student in problem.students:
            while following[student.id] < len(student.wishes):
                company = student.wishes[following[student.id]]
                following[student.id] += 1
                if room[company] > 0:
                    room[company] -= 1
                    met[student.id].append(following[student.id])
                    break
    return _score(met)


def _score(met: dict[int, list[int]]) -> tuple[int, int]:
    return sum(1 for ranks in met.values() if ranks), sum(
        weight(rank) for ranks in met.values() for rank in ranks
    )


def moved_by_hand(problem: Problem, count: int, seed: int) -> Problem:
    """The day after staff moved `count` meetings of its schedule by hand (each to a slot
    where its student and its table were free): those stay fixed, the rest is planned anew."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    meetings = schedule(problem).meetings
    busy = {(m.student, m.slot) for m in meetings} | {
        (m.company, m.table, m.slot) for m in meetings
    }
    fixed = []
    for m in rng.sample(meetings, min(count, len(meetings))):
        free = [
            slot
            for slot in range(problem.slots)
            if (m.student, slot) not in busy and (m.company, m.table, slot) not in busy
        ]
        if not free:
            continue
        slot = rng.choice(free)
        busy -= {(m.student, m.slot), (m.company, m.table, m.slot)}
        busy |= {(m.student, slot), (m.company, m.table, slot)}
        fixed.append(Placement(m.student, m.company, m.table, slot))
    return replace(problem, fixed=tuple(fixed))


def run_one(seed: int, *, manual: int = 0, **sizes) -> dict:
    problem = generate_day(seed, **sizes)
    if manual:
        problem = moved_by_hand(problem, manual, seed)
    started = time.perf_counter()
    result = schedule(problem)
    schedule_seconds = time.perf_counter() - started
    bounds = upper_bounds(problem)
    total_seconds = time.perf_counter() - started
    q = quality(problem, result.meetings, bounds)
    errors = check_schedule(problem, result.meetings)
    per_student: dict[int, int] = {}
    for m in result.meetings:
        per_student[m.student] = per_student.get(m.student, 0) + 1
    wishes_offered = sum(len(s.wishes) for s in problem.students)
    demand = {}
    for s in problem.students:
        for c in s.wishes:
            demand[c] = demand.get(c, 0) + 1
    return {
        "seed": seed,
        "schedule_s": schedule_seconds,
        "with_bounds_s": total_seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "students": len(problem.students),
        "wishes": wishes_offered,
        "capacity": bounds.capacity,
        "top_demand": max(demand.values()),
        "covered": q.students_covered,
        "coverable": q.coverable,
        "ranked": q.students_ranked,
        "first_met": q.first_choices_met,
        "first_wanted": q.first_choices_wanted,
        "wishes_met": q.wishes_met,
        "weighted_met": q.weighted_met,
        "weighted_bound": q.weighted_bound,
        "extras": q.extras,
        "meetings": q.meetings,
        "meetings_bound": bounds.meetings,
        "fill": q.fill_rate,
        "full_companies": sum(1 for rate in q.fill_by_company.values() if rate >= 1.0),
        "companies": len(problem.companies),
        "back_to_back": q.back_to_back,
        # m meetings in n slots (no break) cannot have fewer than 2m − n − 1 back to back.
        "back_to_back_floor": sum(
            max(0, 2 * count - problem.slots - 1) for count in per_student.values()
        ),
        "students_back_to_back": q.students_back_to_back,
        "errors": len(errors),
        "greedy": greedy_by_rank(problem),
        "round_robin": round_robin(problem),
        "rounds": result.rounds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="how many seeds (1, 2, …)")
    parser.add_argument("--students", type=int, default=1000)
    parser.add_argument("--companies", type=int, default=80)
    parser.add_argument("--slots", type=int, default=16)
    parser.add_argument("--zipf", type=float, default=1.0, help="popularity exponent")
    parser.add_argument(
        "--manual",
        type=int,
        default=0,
        help="first move N meetings by hand (kept fixed), then schedule again around them",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child: one seed, JSON
    args = parser.parse_args()
    sizes = {
        "students": args.students,
        "companies": args.companies,
        "slots": args.slots,
        "zipf": args.zipf,
    }
    if args.one is not None:
        print(json.dumps(run_one(args.one, manual=args.manual, **sizes)))
        return
    rows = []
    for seed in range(1, args.seeds + 1):
        child = subprocess.run(  # noqa: S603 - this very script, our arguments
            [sys.executable, __file__, "--one", str(seed)]
            + [f"--{k}={v}" for k, v in sizes.items()]
            + [f"--manual={args.manual}"],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(child.stdout))
    print(
        f"{args.students} students × 5 wishes, {args.companies} companies (1–3 tables), "
        f"{args.slots} slots, Zipf exponent {args.zipf}"
        + (f"; {args.manual} meetings moved by hand first" if args.manual else "")
    )
    header = (
        "| seed | time s (+bounds) | peak MB | table slots | covered / bound | first choices "
        "| weighted / bound | meetings (extras) | fill | back-to-back (floor) | checker |"
    )
    print(header)
    print("|---:" * 11 + "|")
    failed = False
    for r in rows:
        ok = (
            r["errors"] == 0
            and r["covered"] == r["coverable"]
            and r["weighted_met"] >= 0.95 * r["weighted_bound"]
            and r["with_bounds_s"] < TIME_TARGET
            and r["peak_mb"] < MEMORY_TARGET
        )
        failed |= not ok
        print(
            f"| {r['seed']} | {r['schedule_s']:.2f} ({r['with_bounds_s']:.2f}) "
            f"| {r['peak_mb']:.0f} | {r['capacity']} | {r['covered']} / {r['coverable']} "
            f"| {r['first_met']} / {r['first_wanted']} "
            f"| {r['weighted_met']} / {r['weighted_bound']} "
            f"({100 * r['weighted_met'] / r['weighted_bound']:.1f} %) "
            f"| {r['meetings']} ({r['extras']}) | {100 * r['fill']:.1f} % "
            f"| {r['back_to_back']} ({r['back_to_back_floor']}) "
            f"| {'ok' if r['errors'] == 0 else r['errors']} |"
        )
    print()
    print("The same days by hand-made rules (students with a wished meeting; weighted / bound):")
    print("| seed | greedy by rank | round robin |")
    print("|---:|---:|---:|")
    for r in rows:
        cells = [
            f"{covered} ; {value / r['weighted_bound']:.1%}"
            for covered, value in (r["greedy"], r["round_robin"])
        ]
        print(f"| {r['seed']} | {cells[0]} | {cells[1]} |")
    print(
        f"{rows[0]['wishes']} wishes a day; the most wanted company: "
        + ", ".join(str(r["top_demand"]) for r in rows)
        + " wishes"
    )
    print("targets met" if not failed else "TARGET MISSED")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
