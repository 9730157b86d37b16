"""Capacity advice on plain data: where a budget of extra seats creates the most jobs.

A mixed-integer programme (below), solved by HiGHS through OR-Tools' MathOpt:

- first exactly, whole sessions and whole seats, for up to `exact_limit_s`: when the
  budget is what limits the plan this proves the optimum (gap 0) in well under a second
  on campus-size instances (bench/capacity_advice.py);
- when rooms and trainers bind as well, proving it is a subset-sum over the budget's last
  euros that HiGHS, SCIP, CBC and CP-SAT all left unfinished after 10 s, for plans a
  fraction of an expected placement apart. Then the sessions are chosen with seats as a
  continuous quantity, which HiGHS proves optimal at once, and whole seats within those
  sessions are a small knapsack solved exactly; the better of that plan and the exact
  attempt's best is kept, with status "feasible".

`Advice.bound` is a proven upper bound on any plan (the least of the solves' bounds): the
plan's distance to it is what an exact answer could still add.

- rooms are pooled in size classes (the distinct room capacities). A session held in
  class c seats at most min(c, the programme's largest session) learners and takes
  hours of a room seating at least c. A session fits every larger room too, so the room
  hours suffice exactly when, for every class c, the hours of sessions in classes >= c
  stay within the free hours of rooms seating >= c (nested constraints: Hall's
  condition for upward-closed choices, exact when hours are divisible between rooms);
- variables: n[p,c] sessions of programme p in class c (integers) and s[p] seats,
  s[p] <= sum over c of seats-per-session(p,c) * n[p,c] (one seat count per
  programme: fewer integers than one per class, the same plans);
- budget: sum of seat cost * seats <= budget;
- trainers: per operator, the hours of its new sessions <= its free teaching hours
  (online programmes take trainers' hours but no room);
- value: a programme preparing for m occupations sends 1/m of its expected placements
  (seats * rate) to each, the conservative reading of "prepares for several": those
  heading for an occupation without a gap place nobody. An occupation credits at most
  its gap, so a filled occupation draws no more seats;
- objective: the credited placements, maximised. Among equally good plans the solver
  may buy seats that add nothing (in an occupation already filled); `_trim` drops them
  afterwards and each class keeps only the sessions its seats need. That only frees
  budget, rooms and trainers, so the plan stays feasible and optimal.

The rate is whatever the caller passes: capacity.py passes the Wilson lower bound, so
a small programme's lucky streak is not taken at face value.
"""

import datetime as dt
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field

from ortools.math_opt.python import mathopt

OPTIMAL, FEASIBLE, INFEASIBLE = "optimal", "feasible", "infeasible"
# Tie-breaking terms in the objective (a cent per euro spent) kept HiGHS from proving
# optimality for seconds; trimming after the solve gives the same plan at no cost.
SLACK = 1e-6  # placements below this are rounding noise


@dataclass(frozen=True)
class ProgrammeIn:
    id: int
    operator: int
    rate: float  # expected placements per seat (the caller's choice of estimate)
    seat_cost: float  # euros
    hours: float  # contact hours of one session
    max_seats: int  # most learners one session takes, room permitting
    occupations: tuple[int, ...]  # every occupation it prepares for, with a gap or not
    needs_room: bool = True


@dataclass(frozen=True)
class Problem:
    programmes: list[ProgrammeIn]
    gaps: dict[int, int]  # occupation -> unfilled jobs
    room_hours: dict[int, float]  # room capacity (seats) -> free hours of such rooms
    trainer_hours: dict[int, float]  # operator -> free teaching hours
    budget: float  # euros


@dataclass
class Proposal:
    programme: int
    operator: int
    sessions: int
    seats: int
    room_seats: int  # the smallest room its sessions need (0: online, no room)
    cost: float
    placements: float  # expected placements credited within the gaps
    jobs_per_10k: float  # placements per 10,000 EUR of this proposal
    marginal_jobs_per_10k: float  # what 10,000 EUR more on this programme would add
    session_seats: list[int] = field(default_factory=list)  # seats of each session
    session_rooms: list[int] = field(default_factory=list)  # and the room class it needs


@dataclass
class Advice:
    status: str
    proposals: list[Proposal] = field(default_factory=list)
    placements: dict[int, float] = field(default_factory=dict)  # occupation -> credited
    cost: float = 0.0
    bound: float = 0.0  # the solver's proven upper bound on credited placements
    solve_ms: float = 0.0

    @property
    def seats(self) -> int:
        return sum(p.seats for p in self.proposals)

    @property
    def sessions(self) -> int:
        return sum(p.sessions for p in self.proposals)

    @property
    def total_placements(self) -> float:
        return sum(self.placements.values())


def seats_per_session(programme: ProgrammeIn, room_seats: int) -> int:
    return min(programme.max_seats, room_seats) if programme.needs_room else programme.max_seats


def _classes(programme: ProgrammeIn, capacities: list[int]) -> list[int]:
    """The room classes worth using: a class larger than the smallest one that seats a
    whole session only spends scarcer hours for the same seats."""
    if not programme.needs_room:
        return [0]
    useful = [c for c in capacities if c <= programme.max_seats]
    bigger = [c for c in capacities if c > programme.max_seats]
    return useful + bigger[:1]


def _useful(programme: ProgrammeIn, problem: Problem) -> bool:
    return (
        programme.rate > 0
        and programme.hours > 0
        and programme.max_seats > 0
        and 0 < programme.seat_cost <= problem.budget
        and any(problem.gaps.get(o, 0) > 0 for o in programme.occupations)
        and problem.trainer_hours.get(programme.operator, 0) >= programme.hours
    )


def solve(problem: Problem, *, time_limit_s: float = 10.0, exact_limit_s: float = 1.0) -> Advice:
    started = time.perf_counter()
    model = mathopt.Model(name="capacity-advice")
    capacities = sorted(c for c, h in problem.room_hours.items() if c > 0 and h > 0)
    all_room_hours = sum(problem.room_hours[c] for c in capacities)
    by_id = {p.id: p for p in problem.programmes if _useful(p, problem)}
    sessions, offered = {}, defaultdict(list)
    for p in by_id.values():
        for c in _classes(p, capacities):
            top = problem.trainer_hours[p.operator] / p.hours
            if c:
                top = min(top, all_room_hours / p.hours)
            if top >= 1 and seats_per_session(p, c) >= 1:
                n = model.add_integer_variable(lb=0, ub=math.floor(top), name=f"n_{p.id}_{c}")
                sessions[p.id, c] = n
                offered[p.id].append(seats_per_session(p, c) * n)
    seats = {}
    for pid, terms in offered.items():
        top = math.floor(problem.budget / by_id[pid].seat_cost)
        seats[pid] = model.add_integer_variable(lb=0, ub=top, name=f"s_{pid}")
        model.add_linear_constraint(seats[pid] <= mathopt.fast_sum(terms))

    spend = mathopt.fast_sum(by_id[pid].seat_cost * s for pid, s in seats.items())
    model.add_linear_constraint(spend <= problem.budget)
    for i in range(len(capacities)):
        larger = set(capacities[i:])
        used = [by_id[k[0]].hours * n for k, n in sessions.items() if k[1] in larger]
        if used:
            free = sum(problem.room_hours[k] for k in larger)
            model.add_linear_constraint(mathopt.fast_sum(used) <= free)
    teaching = defaultdict(list)
    for (pid, _c), n in sessions.items():
        teaching[by_id[pid].operator].append(by_id[pid].hours * n)
    for operator, used in teaching.items():
        model.add_linear_constraint(mathopt.fast_sum(used) <= problem.trainer_hours[operator])
    supply = defaultdict(list)
    for pid, s in seats.items():
        p = by_id[pid]
        for o in p.occupations:
            if problem.gaps.get(o, 0) > 0:
                supply[o].append(p.rate / len(p.occupations) * s)
    credit = []
    for o, terms in supply.items():
        y = model.add_variable(lb=0, ub=problem.gaps[o], name=f"y_{o}")
        model.add_linear_constraint(y <= mathopt.fast_sum(terms))
        credit.append(y)
    model.maximize(mathopt.fast_sum(credit))

    optimal = mathopt.TerminationReason.OPTIMAL
    exact = _solve(model, min(exact_limit_s, time_limit_s))
    best, bound = exact, _bound(exact, credit)
    if exact.termination.reason != optimal:
        # Step 1: the sessions, with seats continuous, proven optimal...
        for seat in seats.values():
            seat.integer = False
        relaxed = _solve(model, time_limit_s)
        if relaxed.has_primal_feasible_solution():
            bound = min(bound, _bound(relaxed, credit))
            values = relaxed.variable_values()
            # ...step 2: whole seats within those sessions, a small knapsack.
            for n in sessions.values():
                n.upper_bound = round(values[n])
            for seat in seats.values():
                seat.integer = True
            whole = _solve(model, time_limit_s)
            if whole.has_primal_feasible_solution() and (
                not best.has_primal_feasible_solution()
                or whole.objective_value() > best.objective_value()
            ):
                best = whole
    advice = Advice(status=INFEASIBLE)
    if best.has_primal_feasible_solution():
        values = best.variable_values()
        plan = {pid: round(values[s]) for pid, s in seats.items()}
        opened = defaultdict(list)  # pid -> (room class, sessions)
        for (pid, c), n in sessions.items():
            if round(values[n]):
                opened[pid].append((c, round(values[n])))
        advice = _read(problem, by_id, _trim(problem, by_id, plan), opened)
        advice.status = (
            OPTIMAL if best is exact and exact.termination.reason == optimal else FEASIBLE
        )
        advice.bound = bound
    advice.solve_ms = (time.perf_counter() - started) * 1000
    return advice


def _bound(result: mathopt.SolveResult, credit: list) -> float:
    return result.termination.objective_bounds.dual_bound if credit else 0.0


def _solve(model: mathopt.Model, time_limit_s: float) -> mathopt.SolveResult:
    return mathopt.solve(
        model,
        mathopt.SolverType.HIGHS,
        params=mathopt.SolveParameters(
            enable_output=False,
            # Optimal means optimal: HiGHS's default would stop within 0.01 %.
            relative_gap_tolerance=0.0,
            time_limit=dt.timedelta(seconds=time_limit_s),
        ),
    )


def _sent(problem: Problem, by_id: dict, plan: dict[int, int]) -> dict[int, float]:
    """Occupation -> expected placements the planned seats send it, before the gap cap."""
    sent: dict[int, float] = defaultdict(float)
    for pid, taken in plan.items():
        p = by_id[pid]
        for o in p.occupations:
            if problem.gaps.get(o, 0) > 0:
                sent[o] += p.rate * taken / len(p.occupations)
    return sent


def _trim(problem: Problem, by_id: dict, plan: dict[int, int]) -> dict[int, int]:
    """Drop seats whose placements would all land in occupations already past their gap,
    the dearest seats first."""
    sent = _sent(problem, by_id, plan)
    plan = {pid: v for pid, v in plan.items() if v > 0}
    for pid in sorted(plan, key=lambda k: (-by_id[k].seat_cost, k)):
        p = by_id[pid]
        share = p.rate / len(p.occupations)
        wanted = [o for o in p.occupations if problem.gaps.get(o, 0) > 0]
        while plan[pid] and all(sent[o] - share >= problem.gaps[o] - SLACK for o in wanted):
            plan[pid] -= 1
            for o in wanted:
                sent[o] -= share
    return {pid: v for pid, v in plan.items() if v}


def _read(problem: Problem, by_id: dict, plan: dict[int, int], opened: dict) -> Advice:
    """The plan as proposals; each occupation's credit is shared among the programmes
    feeding it in proportion to what they send."""
    sent = _sent(problem, by_id, plan)
    credited = {o: min(v, problem.gaps[o]) for o, v in sent.items()}
    advice = Advice(status=FEASIBLE, placements=credited)
    for pid, total in sorted(plan.items()):
        p = by_id[pid]
        placements = sum(
            p.rate * total / len(p.occupations) * credited[o] / sent[o]
            for o in p.occupations
            if sent.get(o)
        )
        # What the next seat would add: only the occupations the plan leaves unfilled.
        open_share = sum(
            1 for o in p.occupations if problem.gaps.get(o, 0) - credited.get(o, 0) > SLACK
        ) / len(p.occupations)
        rooms, spread = _spread(p, total, opened[pid])
        cost = p.seat_cost * total
        advice.proposals.append(
            Proposal(
                programme=pid,
                operator=p.operator,
                sessions=len(spread),
                seats=total,
                room_seats=min(rooms),
                cost=cost,
                placements=placements,
                jobs_per_10k=10_000 * placements / cost,
                marginal_jobs_per_10k=10_000 * p.rate * open_share / p.seat_cost,
                session_seats=spread,
                session_rooms=rooms,
            )
        )
        advice.cost += cost
    advice.proposals.sort(key=lambda x: (-x.jobs_per_10k, x.programme))
    return advice


def _spread(
    programme: ProgrammeIn, seats: int, opened: list[tuple[int, int]]
) -> tuple[list[int], list[int]]:
    """The sessions to hold (their room class, their seats): the fewest of those the
    solver opened that take `seats`, largest first, the seats shared as evenly as each
    session's size allows."""
    sizes = sorted(
        ((c, seats_per_session(programme, c)) for c, n in opened for _i in range(n)),
        key=lambda x: -x[1],
    )
    chosen, room = [], 0
    for c, size in sizes:
        if room >= seats:
            break
        chosen.append((c, size))
        room += size
    taken = [0] * len(chosen)
    left = seats
    while left:  # one seat each in turn, skipping full sessions
        for i, (_c, size) in enumerate(chosen):
            if left and taken[i] < size:
                taken[i] += 1
                left -= 1
    return [c for c, _s in chosen], taken
