"""Immersion-day rotations on plain data with OR-Tools CP-SAT.

Every visiting class is split into groups; each group visits each station of its format
exactly once. A station hosts at most `capacity` groups at a time and none while its
room is closed or booked; a staff member runs one group at a time and only at stations
whose skill they hold, within their hours; the groups of a class arrive, eat and leave
together; a group walking between two places takes the walking time (by the shortest
way, through other places if that is quicker). The cost: idle group-minutes (each
group's time from arrival to the end of its day, its last station or lunch, not spent
at a station or at lunch), plus the staff on duty at a fixed exchange rate.

Times are minutes from midnight; starts fall on a 5-minute grid. When no rotation
exists, `reasons` says why, in codes and data the product words in each language.
"""

import math
import time
from dataclasses import dataclass, field
from functools import cached_property

from ortools.sat.python import cp_model

from biocampus.common.cpsat import FirstSolution, merge_spans

GRID = 5  # minutes
# Calling in one more person for the day is worth it once it saves the groups two hours
# of waiting in all: a wait of a few minutes per group does not justify a colleague's
# day, a class standing in a corridor for half an hour does.
STAFF_COST = 120

# Why a day cannot be planned.
NO_TRAINED_STAFF = "no_trained_staff"  # nobody available holds a station's skill
NOT_ENOUGH_STAFF = "not_enough_staff"  # too few trained people for the groups in time
STATION_BLOCKED = "station_blocked"  # its room's bookings or hours leave too little time
DAY_TOO_SHORT = "day_too_short"  # a class's stations and lunch do not fit its day
STATIONS_FULL = "stations_full"  # the stations cannot host every group in its hours
UNEXPLAINED = "unexplained"  # proven impossible, but no cause isolated in time
NO_SOLUTION_IN_TIME = "no_solution_in_time"


@dataclass(frozen=True)
class Closure:
    start: int
    end: int
    why: str = ""  # "booked by Operator X", "closed": shown to the campus as is

    def text(self) -> str:
        return f"{hhmm(self.start)}-{hhmm(self.end)} {self.why}".strip()


@dataclass(frozen=True)
class StationIn:
    ref: str
    duration: int
    capacity: int = 1  # groups at a time
    skill: str = ""  # the staff skill it needs; "" for none
    place: str = ""  # for walking times
    closed: tuple[Closure, ...] = ()


@dataclass(frozen=True)
class ClassIn:
    ref: str
    groups: int
    stations: tuple[str, ...]
    arrival: int
    departure: int
    lunch: tuple[int, int, int] | None = None  # earliest start, latest start, minutes


@dataclass(frozen=True)
class StaffIn:
    ref: str
    skills: frozenset[str]
    start: int = 0
    end: int = 24 * 60


@dataclass(frozen=True)
class DayIn:
    stations: tuple[StationIn, ...]
    classes: tuple[ClassIn, ...]
    staff: tuple[StaffIn, ...] = ()
    walking: dict[tuple[str, str], int] = field(default_factory=dict)  # minutes, either way

    @cached_property
    def walks(self) -> dict[tuple[str, str], int]:
        return _shortest(self.walking)

    def walk(self, a: str, b: str) -> int:
        """Minutes from a to b by the quickest way; places with no path given are next
        to each other."""
        if not a or not b or a == b:
            return 0
        return self.walks.get((a, b), 0)


def _shortest(walking: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """All-pairs quickest walks (Floyd-Warshall): the model checks walking between every
    two stations of a group, which is only right when no detour is quicker."""
    places = sorted({p for pair in walking for p in pair})
    best = {(a, b): 0 if a == b else 10**6 for a in places for b in places}
    for (a, b), minutes in walking.items():
        best[(a, b)] = best[(b, a)] = min(best[(a, b)], minutes)
    for k in places:
        for a in places:
            for b in places:
                best[(a, b)] = min(best[(a, b)], best[(a, k)] + best[(k, b)])
    return {pair: m for pair, m in best.items() if m < 10**6}


@dataclass(frozen=True)
class Reason:
    code: str
    subject: str  # a station, skill or class ref
    details: tuple[str, ...] = ()  # the closures' explanations, the figures


@dataclass
class Visit:
    klass: str
    group: int  # 1-based within its class
    station: str
    start: int
    end: int
    staff: str = ""


@dataclass
class Rotation:
    status: str  # optimal, feasible, infeasible, unknown (no answer within the limit)
    visits: list[Visit] = field(default_factory=list)
    lunches: dict[str, tuple[int, int]] = field(default_factory=dict)
    reasons: list[Reason] = field(default_factory=list)
    idle_minutes: int = 0
    staff_on_duty: int = 0
    bound: float | None = None  # the best proven lower bound of the cost
    cost: int | None = None
    solve_ms: float = 0.0
    first_solution_ms: float | None = None


def split_pupils(pupils: int, smallest: int = 6, largest: int = 8) -> list[int]:
    """Group sizes as even as they can be, each within [smallest, largest] when the class
    allows it (a class smaller than `smallest` is one group)."""
    if pupils <= 0:
        return []
    count = max(1, math.ceil(pupils / largest))
    while count > 1 and pupils // count < smallest:
        count -= 1
    base, extra = divmod(pupils, count)
    return [base + 1] * extra + [base] * (count - extra)


def precheck(day: DayIn) -> list[Reason]:
    """Reasons visible without solving: a skill nobody holds, a station whose open hours
    cannot hold its groups, a class whose day is too short, too few trained minutes."""
    stations = {s.ref: s for s in day.stations}
    reasons: list[Reason] = []
    need_minutes: dict[str, int] = {}
    for klass in day.classes:
        busy = busy_minutes(klass, stations)
        if busy > klass.departure - klass.arrival or not _lunch_starts(klass):
            reasons.append(
                Reason(DAY_TOO_SHORT, klass.ref, (str(busy), str(klass.departure - klass.arrival)))
            )
    for station in day.stations:
        users = [k for k in day.classes if station.ref in k.stations]
        if not users:
            continue
        if station.skill:
            need_minutes[station.skill] = (
                need_minutes.get(station.skill, 0) + sum(k.groups for k in users) * station.duration
            )
            if not any(station.skill in p.skills for p in day.staff):
                reasons.append(Reason(NO_TRAINED_STAFF, station.ref, (station.skill,)))
        window = (min(k.arrival for k in users), max(k.departure for k in users))
        open_minutes = _open_minutes(window, station.closed)
        needed = math.ceil(sum(k.groups for k in users) / station.capacity) * station.duration
        if open_minutes < needed:
            why = _explain(station, window)
            # Nothing in the way: the station is simply too small for that many groups.
            code = STATION_BLOCKED if why else STATIONS_FULL
            reasons.append(Reason(code, station.ref, why or (str(needed), str(open_minutes))))
    for skill, minutes in sorted(need_minutes.items()):
        trained = [p for p in day.staff if skill in p.skills]
        if trained and sum(p.end - p.start for p in trained) < minutes:
            reasons.append(Reason(NOT_ENOUGH_STAFF, skill, (str(minutes),)))
    return reasons


def busy_minutes(klass: ClassIn, stations: dict[str, StationIn]) -> int:
    """Minutes a group of the class is occupied: every station, and lunch."""
    return sum(stations[r].duration for r in klass.stations) + (
        klass.lunch[2] if klass.lunch else 0
    )


def _lunch_starts(klass: ClassIn) -> range:
    """Where the class's lunch may start: inside its window, after arrival, ending by
    departure, on the grid (empty when it cannot)."""
    if not klass.lunch:
        return range(0, 1)
    first, last, length = klass.lunch
    return range(_up(max(first, klass.arrival)), min(last, klass.departure - length) + 1, GRID)


def _open_minutes(window: tuple[int, int], closed: tuple[Closure, ...]) -> int:
    start, end = window
    shut = merge_spans([(max(c.start, start), min(c.end, end)) for c in closed])
    return end - start - sum(b - a for a, b in shut if b > a)


def _explain(station: StationIn, window: tuple[int, int]) -> tuple[str, ...]:
    inside = [c for c in station.closed if c.end > window[0] and c.start < window[1]]
    return tuple(c.text() for c in inside)


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class _Model:
    """The CP-SAT model of a day; `blockers` are the assumption literals that say which
    constraint families an infeasibility proof used."""

    def __init__(self, day: DayIn, *, assumptions: bool = False):
        self.day, self.m = day, cp_model.CpModel()
        self.assumptions = assumptions
        self.stations = {s.ref: s for s in day.stations}
        self.visits: dict[tuple[str, int, str], tuple] = {}
        self.lunches: dict[str, cp_model.IntVar] = {}
        self.assign: dict[tuple[tuple[str, int, str], str], cp_model.IntVar] = {}
        self.blockers: dict[int, Reason] = {}  # literal index -> what it stands for
        self.literals: dict[int, cp_model.IntVar] = {}
        self.idle = []
        self.on_duty = []
        self._build()

    def _start(self, earliest: int, latest: int, name: str) -> cp_model.IntVar:
        values = range(_up(earliest), latest + 1, GRID)
        return self.m.NewIntVarFromDomain(cp_model.Domain.FromValues(list(values)), name)

    def _blocker(self, reason: Reason) -> cp_model.IntVar:
        literal = self.m.NewBoolVar(f"assume {reason.code} {reason.subject}")
        self.blockers[literal.Index()] = reason
        self.literals[literal.Index()] = literal
        if self.assumptions:
            self.m.AddAssumption(literal)
        else:
            self.m.Add(literal == 1)
        return literal

    def _build(self) -> None:
        by_station: dict[str, list] = {s.ref: [] for s in self.day.stations}
        for klass in self.day.classes:
            leave = self._blocker(Reason(DAY_TOO_SHORT, klass.ref))
            lunch = None
            if klass.lunch:
                length = klass.lunch[2]
                starts = cp_model.Domain.FromValues(list(_lunch_starts(klass)))
                start = self.m.NewIntVarFromDomain(starts, f"lunch {klass.ref}")
                lunch = self.m.NewFixedSizeIntervalVar(start, length, f"lunch {klass.ref}")
                self.lunches[klass.ref] = start
                self.m.Add(start + length <= klass.departure).OnlyEnforceIf(leave)
            busy = busy_minutes(klass, self.stations)
            for group in range(1, klass.groups + 1):
                mine = []
                for ref in klass.stations:
                    station = self.stations[ref]
                    key = (klass.ref, group, ref)
                    start = self._start(klass.arrival, klass.departure, f"{key}")
                    self.m.Add(start + station.duration <= klass.departure).OnlyEnforceIf(leave)
                    interval = self.m.NewFixedSizeIntervalVar(start, station.duration, f"{key}")
                    self.visits[key] = (start, interval, station)
                    by_station[ref].append(interval)
                    mine.append((start, station))
                if group > 1:
                    # The groups of a class are alike: taking them in order at its first
                    # station removes equal rotations with the names swapped.
                    lead = klass.stations[0]
                    self.m.Add(
                        self.visits[(klass.ref, group - 1, lead)][0]
                        <= self.visits[(klass.ref, group, lead)][0]
                    )
                self.m.AddNoOverlap(
                    [self.visits[(klass.ref, group, r)][1] for r in klass.stations]
                    + ([lunch] if lunch else [])
                )
                self._walking(mine)
                ends = [s + st.duration for s, st in mine]
                if klass.lunch:
                    ends.append(self.lunches[klass.ref] + klass.lunch[2])
                end = self.m.NewIntVar(klass.arrival, klass.departure + 24 * 60, f"end {group}")
                self.m.AddMaxEquality(end, ends)
                idle = self.m.NewIntVar(0, 24 * 60, f"idle {klass.ref} {group}")
                self.m.Add(idle == end - klass.arrival - busy)
                self.idle.append(idle)
        for ref, intervals in by_station.items():
            self._station(self.stations[ref], intervals)
        self._staff()
        self.m.Minimize(sum(self.idle) + STAFF_COST * sum(self.on_duty))

    def _walking(self, mine: list[tuple[cp_model.IntVar, StationIn]]) -> None:
        for i, (a, sa) in enumerate(mine):
            for b, sb in mine[i + 1 :]:
                gap = self.day.walk(sa.place, sb.place)
                if gap:
                    first = self.m.NewBoolVar("order")
                    self.m.Add(b >= a + sa.duration + gap).OnlyEnforceIf(first)
                    self.m.Add(a >= b + sb.duration + gap).OnlyEnforceIf(first.Not())

    def _station(self, station: StationIn, intervals: list) -> None:
        if not intervals:
            return
        fixed = []
        for a, b in merge_spans([(c.start, c.end) for c in station.closed]):
            why = tuple(c.text() for c in station.closed if c.start < b and c.end > a)
            present = self._blocker(Reason(STATION_BLOCKED, station.ref, why))
            fixed.append(self.m.NewOptionalFixedSizeIntervalVar(a, b - a, present, "closed"))
        if station.capacity == 1:
            self.m.AddNoOverlap(intervals + fixed)
        else:
            demands = [1] * len(intervals) + [station.capacity] * len(fixed)
            self.m.AddCumulative(intervals + fixed, demands, station.capacity)

    def _staff(self) -> None:
        staffed = [(k, v) for k, v in self.visits.items() if v[2].skill]
        if not staffed:
            return
        skills = sorted({v[2].skill for _k, v in staffed})
        enough = {s: self._blocker(Reason(NOT_ENOUGH_STAFF, s)) for s in skills}
        per_person: dict[str, list] = {p.ref: [] for p in self.day.staff}
        for key, (start, _interval, station) in staffed:
            chosen = []
            for person in self.day.staff:
                if station.skill not in person.skills:
                    continue
                x = self.m.NewBoolVar(f"{person.ref} {key}")
                self.m.Add(start >= person.start).OnlyEnforceIf(x)
                self.m.Add(start + station.duration <= person.end).OnlyEnforceIf(x)
                per_person[person.ref].append(
                    self.m.NewOptionalFixedSizeIntervalVar(start, station.duration, x, "duty")
                )
                self.assign[(key, person.ref)] = x
                chosen.append(x)
            self.m.Add(sum(chosen) == 1).OnlyEnforceIf(enough[station.skill])
        for person in self.day.staff:
            duties = per_person[person.ref]
            if not duties:
                continue
            self.m.AddNoOverlap(duties)
            used = self.m.NewBoolVar(f"on duty {person.ref}")
            for (_key, ref), x in self.assign.items():
                if ref == person.ref:
                    self.m.AddImplication(x, used)
            self.on_duty.append(used)


def _up(minutes: int) -> int:
    return -(-minutes // GRID) * GRID


def plan_day(day: DayIn, *, time_limit_s: float = 10.0, workers: int = 2) -> Rotation:
    """The best rotation found within the time limit, or the reasons there is none."""
    unknown = {r for k in day.classes for r in k.stations} - {s.ref for s in day.stations}
    if unknown:
        raise ValueError(f"unknown stations: {sorted(unknown)}")
    if any(k.groups < 1 or not k.stations for k in day.classes):
        raise ValueError("every class needs at least one group and one station")
    if any(len(set(k.stations)) != len(k.stations) for k in day.classes):
        raise ValueError("a station appears twice in a class's format")
    if any(s.capacity < 1 or s.duration < 1 for s in day.stations):
        raise ValueError("stations need a capacity and a duration of at least 1")
    reasons = precheck(day)
    if reasons:
        return Rotation(status="infeasible", reasons=reasons)
    model = _Model(day)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    started = time.perf_counter()
    first = FirstSolution(started)
    status = solver.Solve(model.m, first)
    elapsed = (time.perf_counter() - started) * 1000
    if status == cp_model.INFEASIBLE:
        budget = max(1.0, min(10.0, time_limit_s))
        return Rotation(status="infeasible", reasons=_diagnose(day, budget), solve_ms=elapsed)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Rotation(
            status="unknown", reasons=[Reason(NO_SOLUTION_IN_TIME, "")], solve_ms=elapsed
        )
    return _read(model, solver, status, elapsed, first.first_ms)


def _diagnose(day: DayIn, budget_s: float) -> list[Reason]:
    """The constraint families that make the day impossible. The same model with each
    family switched on by an assumption, solved on one worker, gives back a sufficient
    set of them; each is then dropped in turn while the rest still prove the day
    impossible, so what is left names causes, not bystanders (as far as `budget_s`
    allows). Station capacities and the groups' own sequencing have no switch: if they
    alone make the day impossible, that is the answer."""
    model = _Model(day, assumptions=True)
    model.m.ClearObjective()  # any rotation answers "feasible": no need to optimise
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    deadline = time.perf_counter() + budget_s

    def impossible(assumed: list[int]) -> bool | None:
        left = deadline - time.perf_counter()
        if left <= 0:
            return None
        model.m.ClearAssumptions()
        model.m.AddAssumptions([model.literals[i] for i in assumed])
        solver.parameters.max_time_in_seconds = left
        status = solver.Solve(model.m)
        if status == cp_model.INFEASIBLE:
            return True
        return False if status in (cp_model.FEASIBLE, cp_model.OPTIMAL) else None

    base = impossible([])
    if base:
        return [Reason(STATIONS_FULL, "")]
    if base is None or not impossible(list(model.blockers)):
        return [Reason(UNEXPLAINED, "")]
    needed = [i for i in solver.SufficientAssumptionsForInfeasibility() if i in model.blockers]
    # Without any family the day is possible, so a last one left is needed.
    for index in list(needed):
        if len(needed) == 1:
            break
        trial = [i for i in needed if i != index]
        verdict = impossible(trial)
        if verdict is None:
            break
        if verdict:
            needed = trial
    return [model.blockers[i] for i in needed] or [Reason(UNEXPLAINED, "")]


def _read(
    model: _Model, solver: cp_model.CpSolver, status: int, elapsed: float, first_ms: float | None
) -> Rotation:
    visits = []
    for (klass, group, ref), (start, _interval, station) in model.visits.items():
        begin = solver.Value(start)
        staff = next(
            (
                p
                for (key, p), x in model.assign.items()
                if key == (klass, group, ref) and solver.Value(x)
            ),
            "",
        )
        visits.append(Visit(klass, group, ref, begin, begin + station.duration, staff))
    visits.sort(key=lambda v: (v.klass, v.group, v.start))
    lunches = {}
    for klass in model.day.classes:
        if klass.ref in model.lunches:
            begin = solver.Value(model.lunches[klass.ref])
            lunches[klass.ref] = (begin, begin + klass.lunch[2])
    return Rotation(
        status="optimal" if status == cp_model.OPTIMAL else "feasible",
        visits=visits,
        lunches=lunches,
        idle_minutes=sum(solver.Value(i) for i in model.idle),
        staff_on_duty=sum(solver.Value(u) for u in model.on_duty),
        cost=round(solver.ObjectiveValue()),
        bound=solver.BestObjectiveBound(),
        solve_ms=elapsed,
        first_solution_ms=first_ms,
    )
