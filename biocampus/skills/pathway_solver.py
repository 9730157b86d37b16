"""The pathway optimisation itself, on plain data: choose sessions that cover every needed
skill at the least total time (or cost), with no two chosen sessions overlapping in time,
prerequisites finished before what needs them, and the budget kept. Solved exactly with
OR-Tools CP-SAT: first the least time (or cost), then, among the optimal choices, the
fewest full sessions, the least of the other measure and the soonest sessions.
"""

import itertools
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

TIME, COST = "time", "cost"
OPTIMAL, FEASIBLE, INFEASIBLE = "optimal", "feasible", "infeasible"


@dataclass(frozen=True)
class Candidate:
    id: int
    start: int  # minutes, any common origin
    end: int
    slots: tuple[tuple[int, int], ...]  # the busy intervals [from, to) of its meetings
    tenth_hours: int  # duration in tenths of an hour
    cents: int
    teaches: frozenset[int]  # skill ids it gives (needed ones and prerequisites)
    requires: frozenset[int]  # skill ids the learner lacks and it expects beforehand
    full: bool = False  # no seat left: enrolling puts the learner on the waiting list


@dataclass
class Solution:
    status: str
    chosen: list[int]
    tenth_hours: int
    cents: int
    solve_ms: float


def measure(candidates: list[Candidate], objective: str) -> list[int]:
    return [c.tenth_hours if objective == TIME else c.cents for c in candidates]


def is_valid(chosen: list[Candidate], needed: set[int], budget_cents: int | None) -> bool:
    """Whether `chosen` is a pathway the planner may propose (used by tests and checks)."""
    if not needed <= set().union(*(c.teaches for c in chosen)):
        return False
    if budget_cents is not None and sum(c.cents for c in chosen) > budget_cents:
        return False
    slots = sorted(s for c in chosen for s in c.slots)
    if any(a[1] > b[0] for a, b in itertools.pairwise(slots)):
        return False
    for c in chosen:
        for skill in c.requires:
            if not any(skill in t.teaches and t.end <= c.start for t in chosen if t is not c):
                return False
    return True


def solve(
    candidates: list[Candidate],
    needed: set[int],
    objective: str = TIME,
    budget_cents: int | None = None,
    time_limit_s: float = 2.0,
) -> Solution:
    """`needed` must only hold skills some candidate teaches (the rest is uncovered)."""
    started = time.perf_counter()
    if not needed:
        return Solution(OPTIMAL, [], 0, 0, 0.0)
    model = cp_model.CpModel()
    x = {c.id: model.new_bool_var(f"s{c.id}") for c in candidates}
    for skill in needed:
        model.add_bool_or([x[c.id] for c in candidates if skill in c.teaches])
    intervals = [
        model.new_optional_fixed_size_interval_var(a, b - a, x[c.id], f"m{c.id}_{a}")
        for c in candidates
        for a, b in c.slots
        if b > a
    ]
    model.add_no_overlap(intervals)
    if budget_cents is not None:
        model.add(sum(c.cents * x[c.id] for c in candidates) <= budget_cents)
    for c in candidates:
        for skill in c.requires:
            before = [x[t.id] for t in candidates if skill in t.teaches and t.end <= c.start]
            if before:
                model.add(x[c.id] <= sum(before))
            else:
                model.add(x[c.id] == 0)

    primary = measure(candidates, objective)
    secondary = measure(candidates, COST if objective == TIME else TIME)
    primary_expr = sum(v * x[c.id] for v, c in zip(primary, candidates, strict=True))
    model.minimize(primary_expr)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 1  # deterministic answers; the models are small
    # The full LP relaxation proves set-cover optima quickly: on the campus-scale bench
    # the default level left some 600-session instances unproven after seconds.
    solver.parameters.linearization_level = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Solution(INFEASIBLE, [], 0, 0, (time.perf_counter() - started) * 1000)
    best = round(solver.objective_value)
    first_optimal = status == cp_model.OPTIMAL
    first_choice = [c for c in candidates if solver.value(x[c.id])]

    # Among the best choices: fewest full sessions, then least of the other measure, then
    # the soonest sessions (weights make the order strict).
    model.add(primary_expr <= best)
    soon = {c.id: rank for rank, c in enumerate(sorted(candidates, key=lambda c: (c.start, c.id)))}
    w_secondary = sum(soon.values()) + 1
    w_full = w_secondary * (sum(secondary) + 1)
    model.minimize(
        sum(
            (w_full * c.full + w_secondary * v + soon[c.id]) * x[c.id]
            for v, c in zip(secondary, candidates, strict=True)
        )
    )
    model.clear_hints()
    for c in candidates:
        model.add_hint(x[c.id], c in first_choice)
    status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = [c for c in candidates if solver.value(x[c.id])]
    else:  # out of time on the tie-break: the first answer is as good on the objective
        chosen = first_choice
    return Solution(
        OPTIMAL if first_optimal else FEASIBLE,
        [c.id for c in sorted(chosen, key=lambda c: (c.start, c.id))],
        sum(c.tenth_hours for c in chosen),
        sum(c.cents for c in chosen),
        (time.perf_counter() - started) * 1000,
    )
