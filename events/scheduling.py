"""The meeting-day scheduler: who meets which company, at which table, in which slot."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

MAX_WISHES = 5
WISH = "wish"
EXTRA = "extra"
# Rounds of "forbid what could not be placed and solve again" (only fixed meetings need any).
MAX_ROUNDS = 4
# Passes of the spacing improvement; each pass only keeps strict improvements.
MAX_SPACING_PASSES = 8
# Students with at least this many meetings are kept to even or to odd slots where they
# can (see `_Colouring.assign_parity`).
PARITY_MIN_MEETINGS = 2


def weight(rank: int) -> int:
    """What meeting a wish of this rank is worth: rank 1 → 5 … rank 5 → 1."""
    return max(1, MAX_WISHES + 1 - rank)


# --- Input and output ---------------------------------------------------------------------


@dataclass(frozen=True)
class Student:
    """A registered student. `wishes` lists company ids by rank: wishes[0] is rank 1.

    None, or a company that is not in the problem (no longer accepted), is a rank left
    empty: it is ignored and the ranks after it stay as the student gave them.
    """

    id: int
    wishes: tuple[int | None, ...] = ()
    track: int | None = None
    accepts_extra: bool = False


@dataclass(frozen=True)
class Company:
    """An accepted company: `tables` tables (numbered from 1), seeking `tracks`."""

    id: int
    tables: int = 1
    tracks: frozenset[int] = frozenset()


@dataclass(frozen=True, order=True)
class Placement:
    """A meeting fixed in advance (placed by hand, or kept from a published schedule)."""

    student: int
    company: int
    table: int
    slot: int


@dataclass(frozen=True)
class Problem:
    """A meeting day to schedule: slots are numbered 0 … slots − 1.

    `breaks_after` holds the slot indices followed by a break (lunch): meetings on both sides
    of a break are not back to back.
    """

    students: tuple[Student, ...]
    companies: tuple[Company, ...]
    slots: int
    fixed: tuple[Placement, ...] = ()
    breaks_after: frozenset[int] = frozenset()


@dataclass(frozen=True, order=True)
class Meeting:
    """One meeting of the schedule; `rank` is the wish's rank (None for an extra)."""

    student: int
    company: int
    table: int
    slot: int
    kind: str = WISH
    rank: int | None = None
    fixed: bool = False


@dataclass
class Result:
    meetings: list[Meeting]
    # (student, company) pairs that step 1 or 2 chose but no slot could hold (fixed meetings
    # in the way); they were left out and the flows solved again without them.
    unplaced: list[tuple[int, int]] = field(default_factory=list)
    rounds: int = 1
    seconds: float = 0.0


@dataclass(frozen=True)
class Bounds:
    """Upper bounds of each objective (flow relaxations, exact for these networks)."""

    students_ranked: int  # students with at least one wish for an accepted company
    coverable: int  # most students who can get at least one wished meeting
    weighted: int  # most weighted wishes, ignoring the coverage priority
    capacity: int  # table slots of the day: Σ tables × slots
    free_capacity: int  # the same, less the fixed meetings: what steps 1 and 2 share
    meetings: int  # most meetings in all (wishes and eligible extras, fixed included)


@dataclass(frozen=True)
class Quality:
    """How good a schedule is, beside the bounds, for the preview."""

    students_ranked: int
    students_covered: int
    coverable: int
    first_choices_wanted: int
    first_choices_met: int
    wishes_met: int
    weighted_met: int
    weighted_bound: int
    extras: int
    meetings: int
    capacity: int
    fill_by_company: dict[int, float]
    back_to_back: int
    students_back_to_back: int

    @property
    def coverage_share(self) -> float:
        return self.students_covered / self.students_ranked if self.students_ranked else 1.0

    @property
    def weighted_share(self) -> float:
        return self.weighted_met / self.weighted_bound if self.weighted_bound else 1.0

    @property
    def fill_rate(self) -> float:
        return self.meetings / self.capacity if self.capacity else 0.0


class ProblemError(ValueError):
    """The problem itself is inconsistent (duplicate ids, impossible fixed meetings)."""


# --- Indexing -------------------------------------------------------------------------------


class _Index:
    """The problem in dense integer indices, in a canonical order (sorted ids)."""

    def __init__(self, problem: Problem):
        if problem.slots < 1:
            raise ProblemError("A day needs at least one slot.")
        self.slots = problem.slots
        self.breaks_after = frozenset(problem.breaks_after)
        self.students = sorted(problem.students, key=lambda s: s.id)
        self.companies = sorted(problem.companies, key=lambda c: c.id)
        self.s_of = {s.id: i for i, s in enumerate(self.students)}
        self.c_of = {c.id: j for j, c in enumerate(self.companies)}
        if len(self.s_of) != len(self.students):
            raise ProblemError("Two students have the same id.")
        if len(self.c_of) != len(self.companies):
            raise ProblemError("Two companies have the same id.")
        self.tables: list[tuple[int, int]] = []  # table index → (company index, number)
        self.company_tables: list[list[int]] = []
        for j, company in enumerate(self.companies):
            if company.tables < 1:
                raise ProblemError(f"Company {company.id} has no table.")
            first = len(self.tables)
            self.tables.extend((j, number) for number in range(1, company.tables + 1))
            self.company_tables.append(list(range(first, len(self.tables))))
        self.table_of = {(j, number): t for t, (j, number) in enumerate(self.tables)}
        # rank_of[i][j]: the rank student i gave company j (first mention wins).
        self.rank_of: list[dict[int, int]] = []
        for student in self.students:
            ranks: dict[int, int] = {}
            for position, company_id in enumerate(student.wishes, start=1):
                j = self.c_of.get(company_id) if company_id is not None else None
                if j is not None and j not in ranks:
                    ranks[j] = position
            self.rank_of.append(ranks)
        self.eligible_extra: list[list[int]] = []
        for student in self.students:
            if student.accepts_extra and student.track is not None:
                self.eligible_extra.append(
                    [j for j, c in enumerate(self.companies) if student.track in c.tracks]
                )
            else:
                self.eligible_extra.append([])
        self.fixed = self._index_fixed(problem.fixed)
        self.blocked = self._blocked_pairs()

    def _blocked_pairs(self) -> set[tuple[int, int]]:
        """Pairs that can never meet: fixed meetings leave the student no free slot that a
        table of the company has free too."""
        if not self.fixed:
            return set()
        busy_student = [0] * len(self.students)
        busy_table = [0] * len(self.tables)
        for i, t, slot in self.fixed:
            busy_student[i] |= 1 << slot
            busy_table[t] |= 1 << slot
        every = (1 << self.slots) - 1
        blocked = set()
        for i, busy in enumerate(busy_student):
            if not busy:
                continue
            companies = set(self.rank_of[i]) | set(self.eligible_extra[i])
            for j in companies:
                if all(every & ~(busy | busy_table[t]) == 0 for t in self.company_tables[j]):
                    blocked.add((i, j))
        return blocked

    def _index_fixed(self, fixed: Iterable[Placement]) -> list[tuple[int, int, int]]:
        """Fixed meetings as (student, table, slot) indices; raises on any broken rule."""
        result, errors = [], []
        student_slot, table_slot, pairs = set(), set(), set()
        for placement in sorted(fixed):
            i = self.s_of.get(placement.student)
            j = self.c_of.get(placement.company)
            t = self.table_of.get((j, placement.table)) if j is not None else None
            if i is None or j is None or t is None or not 0 <= placement.slot < self.slots:
                errors.append(f"fixed {placement}: unknown student, company, table or slot")
                continue
            for seen, key in (
                (student_slot, (i, placement.slot)),
                (table_slot, (t, placement.slot)),
                (pairs, (i, j)),
            ):
                if key in seen:
                    errors.append(f"fixed {placement}: clashes with another fixed meeting")
                seen.add(key)
            result.append((i, t, placement.slot))
        if errors:
            raise ProblemError("; ".join(errors))
        return result

    def meeting(self, i: int, t: int, slot: int, *, fixed: bool) -> Meeting:
        j, number = self.tables[t]
        rank = self.rank_of[i].get(j)
        return Meeting(
            student=self.students[i].id,
            company=self.companies[j].id,
            table=number,
            slot=slot,
            kind=WISH if rank is not None else EXTRA,
            rank=rank,
            fixed=fixed,
        )


# --- Flows ------------------------------------------------------------------------------------


def _solve_flow(
    n_students: int,
    company_caps: Sequence[int],
    arcs: Sequence[tuple[int, int, float]],
    segments: Sequence[Sequence[tuple[int, float]]],
) -> list[int]:
    """Min-cost flow source → company → student → sink, on a bipartite graph, as an LP.

    `arcs` are (student, company, cost) with capacity 1; `segments[i]` are student i's arcs
    to the sink, (capacity, cost), with non-decreasing costs (a convex cost). Nothing forces
    flow: an arc is used only where it lowers the cost (the "bypass"). Returns the indices
    of the arcs that carry flow.
    """
    n_seg = sum(len(seg) for seg in segments)
    if not arcs or n_seg == 0:
        return []
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, linprog, milp
    from scipy.sparse import csr_matrix

    n_arcs = len(arcs)
    n = n_arcs + n_seg
    cost = np.empty(n)
    upper = np.empty(n)
    cost[:n_arcs] = [c for _, _, c in arcs]
    upper[:n_arcs] = 1.0
    student_of_arc = np.fromiter((i for i, _, _ in arcs), dtype=np.int64, count=n_arcs)
    company_of_arc = np.fromiter((j for _, j, _ in arcs), dtype=np.int64, count=n_arcs)
    seg_student = np.empty(n_seg, dtype=np.int64)
    k = 0
    for i, seg in enumerate(segments):
        for capacity, seg_cost in seg:
            cost[n_arcs + k] = seg_cost
            upper[n_arcs + k] = capacity
            seg_student[k] = i
            k += 1
    arc_columns = np.arange(n_arcs)
    # Company rows: Σ arcs ≤ free capacity.
    a_ub = csr_matrix(
        (np.ones(n_arcs), (company_of_arc, arc_columns)), shape=(len(company_caps), n)
    )
    # Student rows (flow conservation): Σ arcs in − Σ segments out = 0.
    a_eq = csr_matrix(
        (
            np.concatenate([np.ones(n_arcs), -np.ones(n_seg)]),
            (
                np.concatenate([student_of_arc, seg_student]),
                np.concatenate([arc_columns, n_arcs + np.arange(n_seg)]),
            ),
        ),
        shape=(n_students, n),
    )
    b_ub = np.asarray(company_caps, dtype=float)
    b_eq = np.zeros(n_students)
    # Dual simplex returns a basic (vertex) solution, integral on a network matrix.
    result = linprog(
        cost,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=np.column_stack([np.zeros(n), upper]),
        method="highs-ds",
    )
    x = result.x if result.status == 0 else None
    if x is None or np.abs(x - np.round(x)).max() > 1e-6:
        # Not expected (the LP is integral), but never round a fractional answer.
        result = milp(
            cost,
            constraints=[
                LinearConstraint(a_ub, -np.inf, b_ub),
                LinearConstraint(a_eq, b_eq, b_eq),
            ],
            bounds=Bounds(np.zeros(n), upper),
            integrality=np.ones(n),
        )
        if result.status != 0:
            raise RuntimeError(f"The flow could not be solved: {result.message}")
        x = result.x
    return [int(k) for k in np.flatnonzero(np.round(x[:n_arcs]) > 0.5)]


class _State:
    """Capacities left once the fixed meetings (and chosen pairs) are counted."""

    def __init__(self, index: _Index):
        self.index = index
        self.student_load = [0] * len(index.students)
        self.table_load = [0] * len(index.tables)
        self.pairs: set[tuple[int, int]] = set()
        self.covered = [False] * len(index.students)
        for i, t, _ in index.fixed:
            j = index.tables[t][0]
            self.student_load[i] += 1
            self.table_load[t] += 1
            self.pairs.add((i, j))
            if j in index.rank_of[i]:
                self.covered[i] = True

    def company_caps(self) -> list[int]:
        slots = self.index.slots
        return [
            sum(slots - self.table_load[t] for t in tables) for tables in self.index.company_tables
        ]

    def student_caps(self) -> list[int]:
        return [self.index.slots - load for load in self.student_load]


def _wish_arcs(index: _Index, state: _State, forbidden: set, cost_of) -> list:
    return [
        (i, j, cost_of(rank))
        for i, ranks in enumerate(index.rank_of)
        for j, rank in sorted(ranks.items())
        if (i, j) not in state.pairs and (i, j) not in forbidden
    ]


def _choose_wishes(index: _Index, state: _State, forbidden: set) -> list[tuple[int, int]]:
    """Step 1: the wished pairs, coverage first, then the weighted wishes."""
    arcs = _wish_arcs(index, state, forbidden, lambda rank: -weight(rank))
    big = sum(weight(rank) for ranks in index.rank_of for rank in ranks.values()) + 1
    segments = []
    for i, cap in enumerate(state.student_caps()):
        first = 0 if state.covered[i] else min(1, cap)
        segments.append([(first, -big), (cap - first, 0.0)])
    chosen = _solve_flow(len(index.students), state.company_caps(), arcs, segments)
    return [(arcs[k][0], arcs[k][1]) for k in chosen]


def _extra_arcs(index: _Index, pairs: set, forbidden: set) -> list[tuple[int, int, float]]:
    arcs = []
    for i, companies in enumerate(index.eligible_extra):
        for j in companies:
            if (i, j) not in pairs and (i, j) not in forbidden:
                arcs.append((i, j, 0.0))
    return arcs


def _choose_extras(index: _Index, state: _State, forbidden: set) -> list[tuple[int, int]]:
    """Step 2: extras on the capacity left, to those with fewer meetings first."""
    arcs = _extra_arcs(index, state.pairs, forbidden)
    if not arcs:
        return []
    company_caps = state.company_caps()
    if sum(company_caps) == 0:
        return []
    per_student = defaultdict(int)
    for i, _, _ in arcs:
        per_student[i] += 1
    # Each extra is worth BIG less its position in the student's day: more extras always
    # win over a fairer spread, and among equal numbers the spread is as even as it gets.
    big = (index.slots + 1) * (sum(company_caps) + 1)
    segments = []
    for i, cap in enumerate(state.student_caps()):
        load = state.student_load[i]
        count = min(cap, per_student.get(i, 0))
        segments.append([(1, float(-big + load + n)) for n in range(1, count + 1)])
    chosen = _solve_flow(len(index.students), company_caps, arcs, segments)
    return [(arcs[k][0], arcs[k][1]) for k in chosen]


# --- Slots: edge colouring --------------------------------------------------------------------


class _Colouring:
    """Edges student × table coloured with slots; each vertex has at most one edge a colour."""

    def __init__(self, index: _Index):
        self.index = index
        self.slots = index.slots
        self.edges: list[tuple[int, int]] = []
        self.colour: list[int] = []
        self.locked: list[bool] = []
        self.at_student = [[-1] * self.slots for _ in index.students]
        self.at_table = [[-1] * self.slots for _ in index.tables]
        # adjacent[c]: slots c − 1 and c + 1 when no break separates them.
        self.adjacent = [
            [
                d
                for d in (c - 1, c + 1)
                if 0 <= d < self.slots and min(c, d) not in index.breaks_after
            ]
            for c in range(self.slots)
        ]
        self.all_colours = list(range(self.slots))
        self.class_colours = [self.all_colours[0::2], self.all_colours[1::2]]
        self.parity: list[int | None] = [None] * len(index.students)

    def add(self, i: int, t: int, colour: int = -1, *, locked: bool = False) -> int:
        self.edges.append((i, t))
        self.colour.append(-1)
        self.locked.append(locked)
        e = len(self.edges) - 1
        if colour >= 0:
            self._set(e, colour)
        return e

    def _set(self, e: int, colour: int) -> None:
        i, t = self.edges[e]
        self.colour[e] = colour
        self.at_student[i][colour] = e
        self.at_table[t][colour] = e

    def _clear(self, e: int) -> None:
        i, t = self.edges[e]
        colour = self.colour[e]
        self.at_student[i][colour] = -1
        self.at_table[t][colour] = -1
        self.colour[e] = -1

    def crowding(self, i: int, colour: int) -> int:
        """How many of student i's meetings sit right next to this slot."""
        row = self.at_student[i]
        return sum(1 for d in self.adjacent[colour] if row[d] >= 0)

    def place(self, e: int) -> bool:
        """Colour edge e, keeping its student to their parity class where possible.

        In turn, within the class and then among all slots: a slot free on both sides (the
        least crowded for the student), else two colours swapped along an alternating path
        (König) so that one becomes free. Within a class the path keeps everyone's parity.
        """
        i, t = self.edges[e]
        row_s, row_t = self.at_student[i], self.at_table[t]
        parity = self.parity[i]
        groups = [self.all_colours] if parity is None else [self.class_colours[parity]]
        if parity is not None:
            groups.append(self.all_colours)
        for colours in groups:
            best, best_crowding = -1, 3
            for c in colours:
                if row_s[c] < 0 and row_t[c] < 0:
                    crowding = self.crowding(i, c)
                    if crowding < best_crowding:
                        best, best_crowding = c, crowding
                        if crowding == 0:
                            break
            if best >= 0:
                self._set(e, best)
                return True
            free_s = sorted(
                (c for c in colours if row_s[c] < 0), key=lambda c: (self.crowding(i, c), c)
            )
            free_t = [c for c in colours if row_t[c] < 0]
            for a in free_s:
                for b in free_t:
                    path = self._alternating_path(t, a, b)
                    if path is None:
                        continue
                    self._swap(path, a, b)
                    self._set(e, a)
                    return True
        return False

    def assign_parity(self, planned: list[tuple[int, int]]) -> None:
        """Put students in a parity class (even or odd slots) so that each table's class
        load fits its free slots of that parity: then the colouring within each class
        exists (König) and leaves those students a free slot between any two meetings.

        Students with one meeting need no class. A class is a preference: `place` falls
        back to the other slots, so a student with more meetings than the class has slots,
        or at a table whose class is full, still gets placed (then the Kempe swaps space
        what they can). The classes: a greedy pass, heaviest students first, then single
        flips while they reduce the total overload. Fixed meetings decide the class of
        their student (both parities: no class).
        """
        index = self.index
        n_students, n_tables = len(index.students), len(index.tables)
        load = [0] * n_students
        tables_of = [[] for _ in range(n_students)]
        for i, t in planned:
            load[i] += 1
            tables_of[i].append(t)
        allowed = [[True, True] for _ in range(n_students)]
        for e, (i, _t) in enumerate(self.edges):
            if self.locked[e]:
                load[i] += 1
                allowed[i][1 - self.colour[e] % 2] = False
        cap = [[0, 0] for _ in range(n_tables)]
        for t, row in enumerate(self.at_table):
            for c in range(self.slots):
                if row[c] < 0:
                    cap[t][c % 2] += 1
        candidates = []
        for i in range(n_students):
            if load[i] >= PARITY_MIN_MEETINGS and (allowed[i][0] or allowed[i][1]):
                candidates.append(i)
        candidates.sort(key=lambda i: (-load[i], i))
        class_load = [[0, 0] for _ in range(n_tables)]

        def overload_if(i: int, p: int) -> int:
            return sum(1 for t in tables_of[i] if class_load[t][p] >= cap[t][p])

        for i in candidates:
            options = [p for p in (0, 1) if allowed[i][p]]
            p = min(
                options,
                key=lambda p: (
                    overload_if(i, p),
                    sum(class_load[t][p] - cap[t][p] for t in tables_of[i]),
                    p,
                ),
            )
            self.parity[i] = p
            for t in tables_of[i]:
                class_load[t][p] += 1
        for _ in range(MAX_SPACING_PASSES):
            flipped = False
            for i in candidates:
                p, q = self.parity[i], 1 - self.parity[i]
                if not allowed[i][q]:
                    continue
                for t in tables_of[i]:
                    class_load[t][p] -= 1
                if overload_if(i, q) < overload_if(i, p):
                    self.parity[i] = p = q
                    flipped = True
                for t in tables_of[i]:
                    class_load[t][p] += 1
            if not flipped:
                break

    def place_by_ejection(self, e: int) -> bool:
        """When fixed meetings block every alternating path: put e in a slot where one
        meeting is in the way, and place that meeting again elsewhere (else undo)."""
        i, t = self.edges[e]
        for k in range(self.slots):
            at_student, at_table = self.at_student[i][k], self.at_table[t][k]
            if at_student >= 0 and at_table >= 0:
                continue
            x = at_table if at_table >= 0 else at_student
            if x < 0 or self.locked[x]:
                continue
            self._clear(x)
            self._set(e, k)
            if self.place(x):
                return True
            self._clear(e)
            self._set(x, k)
        return False

    def _alternating_path(self, t: int, a: int, b: int) -> list[int] | None:
        """The path from table t along colours a, b, a, … (None if a fixed meeting is on it).

        a is free at the student and b at the table; the path cannot reach the student (in a
        bipartite graph it enters students through colour a), so swapping a and b on it
        frees a at t and keeps everything else proper."""
        path = []
        on_table, vertex, colour = True, t, a
        while True:
            e = (self.at_table if on_table else self.at_student)[vertex][colour]
            if e < 0:
                return path
            if self.locked[e]:
                return None
            path.append(e)
            i2, t2 = self.edges[e]
            vertex = i2 if on_table else t2
            on_table = not on_table
            colour = b if colour == a else a

    def _swap(self, chain: Iterable[int], a: int, b: int) -> None:
        chain = list(chain)
        old = [self.colour[e] for e in chain]
        for e in chain:
            self._clear(e)
        for e, colour in zip(chain, old, strict=True):
            self._set(e, b if colour == a else a)

    # --- spacing ---

    def back_to_back(self, i: int) -> int:
        row = self.at_student[i]
        return sum(
            1
            for c in range(self.slots - 1)
            if row[c] >= 0 and row[c + 1] >= 0 and c not in self.index.breaks_after
        )

    def _kempe_chain(self, e: int, a: int, b: int) -> list[int] | None:
        """The component of e in the subgraph of colours a and b (None if it holds a fixed
        meeting). Swapping a and b on it keeps the colouring proper."""
        seen = {e}
        stack = [e]
        while stack:
            x = stack.pop()
            if self.locked[x]:
                return None
            i, t = self.edges[x]
            for row in (self.at_student[i], self.at_table[t]):
                for c in (a, b):
                    y = row[c]
                    if y >= 0 and y not in seen:
                        seen.add(y)
                        stack.append(y)
        return sorted(seen)

    def _gain(self, chain: list[int], a: int, b: int) -> int:
        """Back-to-back meetings removed by swapping a and b on the chain (negative: added)."""
        changed = defaultdict(set)
        for x in chain:
            changed[self.edges[x][0]].add(self.colour[x])
        gain = 0
        for i, colours in changed.items():
            if len(colours) == 2:  # the student keeps both slots
                continue
            occupied = [e >= 0 for e in self.at_student[i]]
            before = self._count(occupied)
            occupied[a], occupied[b] = occupied[b], occupied[a]
            gain += before - self._count(occupied)
        return gain

    def _count(self, occupied: list[bool]) -> int:
        return sum(
            1
            for c in range(self.slots - 1)
            if occupied[c] and occupied[c + 1] and c not in self.index.breaks_after
        )

    def improve_spacing(self) -> None:
        """Kempe-chain swaps that strictly reduce back-to-back meetings, until none does."""
        for _ in range(MAX_SPACING_PASSES):
            improved = False
            for i in range(len(self.at_student)):
                if self.back_to_back(i) == 0:
                    continue
                improved |= self._improve_student(i)
            if not improved:
                return

    def _improve_student(self, i: int) -> bool:
        improved = False
        for a in range(self.slots):
            e = self.at_student[i][a]
            if e < 0 or self.locked[e] or self.crowding(i, a) == 0:
                continue
            candidates = sorted(
                (b for b in range(self.slots) if b != a),
                key=lambda b: (self.at_student[i][b] >= 0, self.crowding(i, b), b),
            )
            for b in candidates:
                chain = self._kempe_chain(e, a, b)
                if chain is not None and self._gain(chain, a, b) > 0:
                    self._swap(chain, a, b)
                    improved = True
                    break
        return improved


def _split_over_tables(index: _Index, colouring: _Colouring, pairs: list[tuple[int, int]]):
    """Each company's pairs over its tables, the emptiest table first (≤ slots each)."""
    load = [sum(1 for c in range(index.slots) if row[c] >= 0) for row in colouring.at_table]
    placed = []
    for i, j in pairs:
        tables = index.company_tables[j]
        t = min(tables, key=lambda t: (load[t], t))
        load[t] += 1
        placed.append((i, j, t))
    return placed


def _colour(index: _Index, wish_pairs, extra_pairs, *, spacing: bool):
    """Step 3. Returns (colouring, pairs that could not be placed)."""
    colouring = _Colouring(index)
    for i, t, slot in index.fixed:
        colouring.add(i, t, slot, locked=True)
    # Order: each student's best wish first (the coverage ones), round after round, then the
    # extras; students in id order. Only fixed meetings can make this order matter.
    by_student = defaultdict(list)
    for i, j in wish_pairs:
        by_student[i].append((index.rank_of[i][j], j))
    for wishes in by_student.values():
        wishes.sort()
    # Students whose fixed meetings leave them fewer free slots go first in each round.
    fixed_count = defaultdict(int)
    for i, _t, _slot in index.fixed:
        fixed_count[i] += 1
    students = sorted(by_student, key=lambda i: (-fixed_count[i], i))
    ordered = []
    for position in range(max((len(w) for w in by_student.values()), default=0)):
        for i in students:
            if position < len(by_student[i]):
                ordered.append((i, by_student[i][position][1]))
    ordered += sorted(extra_pairs, key=lambda pair: (-fixed_count[pair[0]], pair))
    unplaced = []
    split = _split_over_tables(index, colouring, ordered)
    if spacing:
        colouring.assign_parity([(i, t) for i, _, t in split])
    for i, j, t in split:
        e = colouring.add(i, t)
        if colouring.place(e):
            continue
        # Another table of the company (fixed meetings may block this one).
        placed = False
        for other in index.company_tables[j]:
            if other == t or sum(1 for x in colouring.at_table[other] if x >= 0) >= index.slots:
                continue
            colouring.edges[e] = (i, other)
            if colouring.place(e):
                placed = True
                break
        for other in index.company_tables[j] if not placed else ():
            if sum(1 for x in colouring.at_table[other] if x >= 0) >= index.slots:
                continue
            colouring.edges[e] = (i, other)
            if colouring.place_by_ejection(e):
                placed = True
                break
        if not placed:
            colouring.edges[e] = (i, t)
            unplaced.append((i, j))
    if spacing:
        colouring.improve_spacing()
    return colouring, unplaced


# --- Entry points -------------------------------------------------------------------------------


def schedule(problem: Problem, *, improve_spacing: bool = True) -> Result:
    """The schedule of the day: the fixed meetings kept, then, in this order, the most
    students with a wished meeting, the most wishes weighted by rank, the most extras
    (students with fewer meetings first); a free slot between two meetings where possible.
    Deterministic: the same problem, in any order, gives the same result. Pure computation
    (no Django): `events/schedule_service.py` builds the problem and saves the result.

    1. Which wished pairs meet: a min-cost flow, source → company (its free table slots) →
       student for each wish (capacity 1, cost −weight) → sink through a first arc
       (capacity 1, cost −BIG, BIG above all weights together) and a second (the student's
       other free slots, cost 0). Flow that does not pay is not sent. BIG puts coverage
       lexicographically first, then the weighted wishes: both optimal, exactly. Solved as
       an LP with HiGHS (`_solve_flow`).
    2. Extras: a second flow on the capacity left, company → student of a sought track who
       accepts extras → sink through one arc per further meeting, the n-th costing n.
    3. Slots: each company's pairs split over its tables, then the bipartite graph
       students × tables edge-coloured with one colour per slot (König: with degrees ≤
       slots a colouring exists; alternating-path recolouring finds it), fixed meetings
       keeping theirs; students kept to even or odd slots where they can, then Kempe-chain
       swaps that remove back-to-back meetings.

    With fixed meetings a pair may find no slot (a student's free slots and the table's
    need not meet): it is forbidden and steps 1–3 run again (`MAX_ROUNDS` at most), so the
    schedule never breaks a rule; such pairs are listed in `Result.unplaced`.
    """
    started = time.perf_counter()
    index = _Index(problem)
    forbidden = set(index.blocked)
    for round_number in range(1, MAX_ROUNDS + 1):
        state = _State(index)
        wish_pairs = _choose_wishes(index, state, forbidden)
        for i, j in wish_pairs:
            state.pairs.add((i, j))
            state.student_load[i] += 1
        # Company loads in step 2 count per company; spread them over the tables later.
        for _i, j in wish_pairs:
            state.table_load[_emptiest(index, state, j)] += 1
        extra_pairs = _choose_extras(index, state, forbidden)
        colouring, unplaced = _colour(index, wish_pairs, extra_pairs, spacing=improve_spacing)
        if not unplaced or round_number == MAX_ROUNDS:
            break
        forbidden.update(unplaced)
    meetings = sorted(
        index.meeting(i, t, colouring.colour[e], fixed=colouring.locked[e])
        for e, (i, t) in enumerate(colouring.edges)
        if colouring.colour[e] >= 0
    )
    unplaced_ids = sorted(
        {
            (index.students[i].id, index.companies[j].id)
            for i, j in (forbidden - index.blocked).union(unplaced)
        }
    )
    return Result(
        meetings=meetings,
        unplaced=unplaced_ids,
        rounds=round_number,
        seconds=time.perf_counter() - started,
    )


def _emptiest(index: _Index, state: _State, j: int) -> int:
    return min(index.company_tables[j], key=lambda t: (state.table_load[t], t))


def upper_bounds(problem: Problem) -> Bounds:
    """Bounds for the preview: each objective on its own, as a flow (exact, integral)."""
    index = _Index(problem)
    state = _State(index)
    caps = state.company_caps()
    student_caps = state.student_caps()
    n = len(index.students)
    ranked = sum(1 for ranks in index.rank_of if ranks)
    # Coverage: each uncovered student can take one unit, worth 1.
    arcs = _wish_arcs(index, state, index.blocked, lambda rank: 0.0)
    segments = [
        [] if state.covered[i] or cap == 0 else [(1, -1.0)] for i, cap in enumerate(student_caps)
    ]
    coverable = len(_solve_flow(n, caps, arcs, segments)) + sum(
        1 for i in range(n) if state.covered[i]
    )
    # Weighted wishes, without the coverage priority.
    arcs = _wish_arcs(index, state, index.blocked, lambda rank: -weight(rank))
    segments = [[(cap, 0.0)] for cap in student_caps]
    chosen = _solve_flow(n, caps, arcs, segments)
    fixed_weight = sum(
        weight(index.rank_of[i][index.tables[t][0]])
        for i, t, _ in index.fixed
        if index.tables[t][0] in index.rank_of[i]
    )
    weighted = fixed_weight + sum(-int(arcs[k][2]) for k in chosen)
    # All meetings: wishes and eligible extras, each worth 1.
    arcs = _wish_arcs(index, state, index.blocked, lambda rank: -1.0)
    wished = {(i, j) for i, j, _ in arcs}
    arcs += [(i, j, -1.0) for i, j, _ in _extra_arcs(index, state.pairs | wished, index.blocked)]
    meetings = len(_solve_flow(n, caps, arcs, segments)) + len(index.fixed)
    capacity = index.slots * len(index.tables)
    return Bounds(
        students_ranked=ranked,
        coverable=coverable,
        weighted=weighted,
        capacity=capacity,
        free_capacity=capacity - len(index.fixed),
        meetings=meetings,
    )


def back_to_back(problem: Problem, meetings: Iterable[Meeting]) -> tuple[int, int]:
    """(Back-to-back pairs of meetings, students who have any.)"""
    slots_of = defaultdict(set)
    for m in meetings:
        slots_of[m.student].add(m.slot)
    total = students = 0
    for slots in slots_of.values():
        count = sum(1 for s in slots if s + 1 in slots and s not in problem.breaks_after)
        total += count
        students += count > 0
    return total, students


def quality(problem: Problem, meetings: Iterable[Meeting], bounds: Bounds | None = None) -> Quality:
    """The figures of the preview for these meetings (bounds computed unless given)."""
    meetings = list(meetings)
    bounds = bounds or upper_bounds(problem)
    index = _Index(problem)
    covered, first_met = set(), set()
    weighted_met = wishes_met = extras = 0
    per_company = defaultdict(int)
    for m in meetings:
        per_company[m.company] += 1
        i = index.s_of.get(m.student)
        j = index.c_of.get(m.company)
        rank = index.rank_of[i].get(j) if i is not None and j is not None else None
        if rank is None:
            extras += 1
            continue
        wishes_met += 1
        weighted_met += weight(rank)
        covered.add(m.student)
        if rank == 1:
            first_met.add(m.student)
    first_wanted = sum(1 for ranks in index.rank_of if 1 in ranks.values())
    total, students = back_to_back(problem, meetings)
    return Quality(
        students_ranked=bounds.students_ranked,
        students_covered=len(covered),
        coverable=bounds.coverable,
        first_choices_wanted=first_wanted,
        first_choices_met=len(first_met),
        wishes_met=wishes_met,
        weighted_met=weighted_met,
        weighted_bound=bounds.weighted,
        extras=extras,
        meetings=len(meetings),
        capacity=bounds.capacity,
        fill_by_company={
            c.id: per_company[c.id] / (c.tables * problem.slots) for c in index.companies
        },
        back_to_back=total,
        students_back_to_back=students,
    )


def check_schedule(problem: Problem, meetings: Iterable[Meeting]) -> list[str]:
    """Every rule these meetings break (an empty list: a valid schedule).

    Hard rules: known (registered) students and accepted companies, an existing table and
    slot; one meeting per student per slot, one student per table per slot, a pair meets
    once; kind and rank match the student's wishes; an extra (not fixed) goes to a student
    who accepts extras, of a track the company seeks; every fixed meeting is kept as fixed.
    """
    students = {s.id: s for s in problem.students}
    companies = {c.id: c for c in problem.companies}
    errors: list[str] = []
    student_slot, table_slot, pairs = {}, {}, {}
    for m in meetings:
        student, company = students.get(m.student), companies.get(m.company)
        if student is None:
            errors.append(f"{m}: student {m.student} is not registered")
        if company is None:
            errors.append(f"{m}: company {m.company} is not accepted")
        elif not 1 <= m.table <= company.tables:
            errors.append(f"{m}: company {m.company} has no table {m.table}")
        if not 0 <= m.slot < problem.slots:
            errors.append(f"{m}: no slot {m.slot}")
        for seen, key, what in (
            (student_slot, (m.student, m.slot), "student has two meetings in slot"),
            (table_slot, (m.company, m.table, m.slot), "table has two students in slot"),
            (pairs, (m.student, m.company), "pair meets twice"),
        ):
            if key in seen:
                errors.append(f"{m}: {what} (with {seen[key]})")
            else:
                seen[key] = m
        if student is None or company is None:
            continue
        rank = next((n for n, c in enumerate(student.wishes, start=1) if c == m.company), None)
        if m.kind == WISH and (rank is None or m.rank != rank):
            errors.append(f"{m}: not the student's wish of rank {m.rank}")
        elif m.kind == EXTRA:
            if rank is not None:
                errors.append(f"{m}: a wish (rank {rank}) marked as an extra")
            elif not m.fixed and not (student.accepts_extra and student.track in company.tracks):
                errors.append(
                    f"{m}: an extra for a student who did not accept extras "
                    "or whose track the company does not seek"
                )
        elif m.kind not in (WISH, EXTRA):
            errors.append(f"{m}: unknown kind {m.kind!r}")
    kept = {(m.student, m.company, m.table, m.slot) for m in meetings if m.fixed}
    for placement in problem.fixed:
        key = (placement.student, placement.company, placement.table, placement.slot)
        if key not in kept:
            errors.append(f"fixed meeting {placement} was not kept")
    fixed_keys = {(p.student, p.company, p.table, p.slot) for p in problem.fixed}
    for key in kept - fixed_keys:
        errors.append(f"meeting {key} is marked fixed but was not given as fixed")
    return errors
