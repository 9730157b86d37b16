"""Timetabling on plain data with OR-Tools CP-SAT.

Each meeting gets a start (on a grid) and one compatible room; a room, a trainer or a
cohort is never in two places at once; rooms are closed outside their opening hours and
while already booked; trainers only teach when available. The cost: meetings left
unplaced (heavily), then rooms a cohort has to move between, then seats left empty (a
group of 20 belongs in a classroom, not the 180-seat auditorium), then late starts.
"""

import time
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from biocampus.common.cpsat import FirstSolution, merge_spans

# Why a meeting could not be placed (codes; the product words them in each language).
NO_ROOM = "no_room"  # no room has the features and seats it needs
NO_FREE_ROOM = "no_free_room"  # no such room is open and free that long in the window
CLASH = "clash"  # its trainer, its cohort or the rooms are taken whenever it could go

UNPLACED_COST = 1000
ROOM_CHANGE_COST = 10
LATE_COST = 1
SPARE_SEATS_PER_POINT = 20  # every 20 empty seats cost one point


def spare_cost(meeting: "MeetingIn", room: "RoomIn") -> int:
    return max(room.capacity - max(meeting.capacity, 1), 0) // SPARE_SEATS_PER_POINT


@dataclass(frozen=True)
class MeetingIn:
    ref: str
    duration: int  # minutes
    features: frozenset[str] = frozenset()
    capacity: int = 0
    trainer: str = ""
    cohort: str = ""


@dataclass(frozen=True)
class RoomIn:
    id: int
    features: frozenset[str]
    capacity: int
    closed: tuple[tuple[int, int], ...] = ()  # [from, to) minutes: outside hours or booked


@dataclass
class Placement:
    ref: str
    room: int
    start: int


@dataclass
class Timetable:
    status: str  # optimal, feasible, infeasible (nothing could be placed)
    placements: list[Placement] = field(default_factory=list)
    unplaced: dict[str, str] = field(default_factory=dict)  # ref -> reason code
    cost: int = 0
    room_changes: int = 0
    late: int = 0
    solve_ms: float = 0.0
    first_solution_ms: float | None = None


def _free_somewhere(room: RoomIn, duration: int, starts: list[int], cache: dict) -> bool:
    """Whether the room has a grid start with `duration` minutes free after it."""
    key = (room.id, duration)
    if key not in cache:
        closed = merge_spans(room.closed)
        found = False
        for start in starts:  # sorted
            end = start + duration
            if not any(x < end and start < y for x, y in closed if x < end):
                found = True
                break
        cache[key] = found
    return cache[key]


def solve(
    meetings: list[MeetingIn],
    rooms: list[RoomIn],
    starts: list[int],
    unavailable: dict[str, list[tuple[int, int]]] | None = None,
    late_from: set[int] | None = None,
    time_limit_s: float = 10.0,
    workers: int = 8,
) -> Timetable:
    """`starts`: the allowed start minutes (the grid); `late_from`: those counted as late;
    `unavailable`: per trainer, the [from, to) minutes they cannot teach."""
    started = time.perf_counter()
    unavailable = unavailable or {}
    late_from = late_from or set()
    result = Timetable(status="infeasible")
    model = cp_model.CpModel()
    horizon = max(starts) + max((m.duration for m in meetings), default=0) + 1
    start_var, presence, unplaced = {}, {}, {}
    starts = sorted(starts)
    free_cache: dict = {}
    room_intervals: dict[int, list] = {r.id: [] for r in rooms}
    trainer_intervals: dict[str, list] = {}
    cohort_intervals: dict[str, list] = {}
    for m in meetings:
        fits = [r for r in rooms if m.features <= r.features and r.capacity >= m.capacity]
        if not fits:
            result.unplaced[m.ref] = NO_ROOM
            continue
        if not any(_free_somewhere(r, m.duration, starts, free_cache) for r in fits):
            result.unplaced[m.ref] = NO_FREE_ROOM
            continue
        s = model.new_int_var_from_domain(cp_model.Domain.from_values(starts), f"s_{m.ref}")
        start_var[m.ref] = s
        u = model.new_bool_var(f"u_{m.ref}")
        unplaced[m.ref] = u
        choices = []
        for r in fits:
            p = model.new_bool_var(f"p_{m.ref}_{r.id}")
            presence[m.ref, r.id] = p
            choices.append(p)
            room_intervals[r.id].append(
                model.new_optional_fixed_size_interval_var(s, m.duration, p, f"i_{m.ref}_{r.id}")
            )
        model.add_exactly_one([*choices, u])
        placed = u.Not()
        interval = model.new_optional_fixed_size_interval_var(s, m.duration, placed, f"m_{m.ref}")
        if m.trainer:
            trainer_intervals.setdefault(m.trainer, []).append(interval)
        if m.cohort:
            cohort_intervals.setdefault(m.cohort, []).append(interval)
    if not start_var:
        result.solve_ms = (time.perf_counter() - started) * 1000
        return result
    for r in rooms:
        fixed = [
            model.new_fixed_size_interval_var(a, b - a, f"closed_{r.id}_{a}")
            for a, b in merge_spans(r.closed)
            if a < horizon
        ]
        if room_intervals[r.id]:
            model.add_no_overlap(room_intervals[r.id] + fixed)
    for trainer, intervals in trainer_intervals.items():
        fixed = [
            model.new_fixed_size_interval_var(a, b - a, f"away_{trainer}_{a}")
            for a, b in merge_spans(unavailable.get(trainer, []))
        ]
        model.add_no_overlap(intervals + fixed)
    for intervals in cohort_intervals.values():
        model.add_no_overlap(intervals)

    late_terms, change_terms = [], []
    early = [t for t in starts if t not in late_from]
    late = [t for t in starts if t in late_from]
    for ref, s in start_var.items():
        if late and early:
            is_late = model.new_bool_var(f"late_{ref}")
            model.add_linear_expression_in_domain(
                s, cp_model.Domain.from_values(late)
            ).only_enforce_if(is_late)
            model.add_linear_expression_in_domain(
                s, cp_model.Domain.from_values(early)
            ).only_enforce_if(is_late.Not())
            late_terms.append(is_late)
        elif late:
            late_terms.append(1)
    by_cohort: dict[str, list[MeetingIn]] = {}
    for m in meetings:
        if m.cohort and m.ref in start_var:
            by_cohort.setdefault(m.cohort, []).append(m)
    for cohort, members in by_cohort.items():
        used = []
        for r in rooms:
            ps = [presence[m.ref, r.id] for m in members if (m.ref, r.id) in presence]
            if ps:
                y = model.new_bool_var(f"uses_{cohort}_{r.id}")
                for p in ps:
                    model.add_implication(p, y)
                used.append(y)
        # Rooms beyond the first are changes for the cohort.
        change_terms.append(sum(used) - 1)
    # Start from the greedy timetable: a feasible answer at once, which the search improves.
    greedy = first_fit(meetings, rooms, starts, unavailable, late_from)
    placed = {p.ref: p for p in greedy.placements}
    for ref, s in start_var.items():
        hint = placed.get(ref)
        model.add_hint(unplaced[ref], hint is None)
        if hint is not None:
            model.add_hint(s, hint.start)
        for room in rooms:
            p = presence.get((ref, room.id))
            if p is not None:
                model.add_hint(p, hint is not None and hint.room == room.id)
    by_ref = {m.ref: m for m in meetings}
    rooms_by_id = {r.id: r for r in rooms}
    spare_terms = [
        spare_cost(by_ref[ref], rooms_by_id[room_id]) * p
        for (ref, room_id), p in presence.items()
        if spare_cost(by_ref[ref], rooms_by_id[room_id])
    ]
    model.minimize(
        UNPLACED_COST * sum(unplaced.values())
        + ROOM_CHANGE_COST * sum(change_terms)
        + sum(spare_terms)
        + LATE_COST * sum(late_terms)
    )
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    # Presolve probing spent seconds on campus-size instances before the first answer;
    # without it the hinted greedy timetable is improved from the first half second.
    solver.parameters.cp_model_probing_level = 0
    callback = FirstSolution(started)
    status = solver.solve(model, callback)
    result.solve_ms = (time.perf_counter() - started) * 1000
    result.first_solution_ms = callback.first_ms
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return result
    result.status = "optimal" if status == cp_model.OPTIMAL else "feasible"
    for m in meetings:
        if m.ref not in start_var:
            continue
        if solver.value(unplaced[m.ref]):
            result.unplaced[m.ref] = CLASH
            continue
        room = next(
            r.id for r in rooms if (m.ref, r.id) in presence and solver.value(presence[m.ref, r.id])
        )
        result.placements.append(Placement(m.ref, room, solver.value(start_var[m.ref])))
    result.cost = round(solver.objective_value)
    result.late = sum(1 for p in result.placements if p.start in late_from)
    result.room_changes = sum(
        max(len({p.room for p in result.placements if p.ref in {m.ref for m in members}}) - 1, 0)
        for members in by_cohort.values()
    )
    return result


def first_fit(
    meetings: list[MeetingIn],
    rooms: list[RoomIn],
    starts: list[int],
    unavailable: dict[str, list[tuple[int, int]]] | None = None,
    late_from: set[int] | None = None,
) -> Timetable:
    """The greedy baseline: each meeting in turn takes the earliest start and first room
    that fit what is already placed."""
    unavailable, late_from = unavailable or {}, late_from or set()
    busy_room = {r.id: list(r.closed) for r in rooms}
    busy_trainer = {k: list(v) for k, v in unavailable.items()}
    busy_cohort: dict[str, list] = {}
    result = Timetable(status="feasible")

    def free(spans, a, b):
        return all(not (a < y and x < b) for x, y in spans)

    for m in meetings:
        placed = False
        for s in sorted(starts):
            e = s + m.duration
            if m.trainer and not free(busy_trainer.get(m.trainer, []), s, e):
                continue
            if m.cohort and not free(busy_cohort.get(m.cohort, []), s, e):
                continue
            room = min(
                (
                    r
                    for r in rooms
                    if m.features <= r.features
                    and r.capacity >= m.capacity
                    and free(busy_room[r.id], s, e)
                ),
                key=lambda r: (r.capacity, r.id),
                default=None,
            )
            if room is None:
                continue
            busy_room[room.id].append((s, e))
            busy_trainer.setdefault(m.trainer, []).append((s, e))
            busy_cohort.setdefault(m.cohort, []).append((s, e))
            result.placements.append(Placement(m.ref, room.id, s))
            placed = True
            break
        if not placed:
            result.unplaced[m.ref] = CLASH
    cohorts: dict[str, set] = {}
    by_ref = {m.ref: m for m in meetings}
    for p in result.placements:
        if by_ref[p.ref].cohort:
            cohorts.setdefault(by_ref[p.ref].cohort, set()).add(p.room)
    result.room_changes = sum(max(len(v) - 1, 0) for v in cohorts.values())
    result.late = sum(1 for p in result.placements if p.start in late_from)
    rooms_by_id = {r.id: r for r in rooms}
    result.cost = (
        UNPLACED_COST * len(result.unplaced)
        + ROOM_CHANGE_COST * result.room_changes
        + sum(spare_cost(by_ref[p.ref], rooms_by_id[p.room]) for p in result.placements)
        + LATE_COST * result.late
    )
    return result
