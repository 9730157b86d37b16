"""Small pieces both CP-SAT planners use (the facilities timetable, immersion days)."""

import time

from ortools.sat.python import cp_model


class FirstSolution(cp_model.CpSolverSolutionCallback):
    """Records when the first solution arrived, in ms from `started`."""

    def __init__(self, started: float):
        super().__init__()
        self.started, self.first_ms = started, None

    def on_solution_callback(self) -> None:
        if self.first_ms is None:
            self.first_ms = (time.perf_counter() - self.started) * 1000


def merge_spans(spans) -> list[tuple[int, int]]:
    """Disjoint spans: fixed intervals in one no-overlap constraint must not overlap each
    other (a booking at night would otherwise make every plan infeasible)."""
    merged: list[list[int]] = []
    for a, b in sorted(s for s in spans if s[1] > s[0]):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [(a, b) for a, b in merged]
