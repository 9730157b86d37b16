"""Capacity advice at campus scale on generated instances: 200 programmes from 25
operators, 80 occupations with a gap, 12 rooms in 5 sizes, a quarter's free hours.
Prints the median solve time over several runs, the status and the plan's size.

    .venv/bin/python bench/capacity_advice.py [--programmes 200 --occupations 80 --runs 5]

Pure solver benchmark: no database. Target: proven optimal in under 2 s; where rooms and
trainers bind as well as the budget the answer may be "feasible" with its distance to a
proven bound (see biocampus/outcomes/capacity_solver.py).
"""

import argparse
import random
import statistics
import sys

from _setup import ROOT

sys.path.insert(0, str(ROOT))

from biocampus.outcomes.capacity_solver import Problem, ProgrammeIn, solve


def instance(rng: random.Random, programmes: int, occupations: int, budget: float) -> Problem:
    operators = max(programmes // 8, 1)
    items = []
    for i in range(programmes):
        hours = rng.choice([7, 14, 21, 35, 70, 140])
        items.append(
            ProgrammeIn(
                id=i + 1,
                operator=rng.randrange(operators) + 1,
                rate=round(rng.uniform(0.05, 0.8), 3),
                seat_cost=round(hours * rng.uniform(15, 60), 2),
                hours=hours,
                max_seats=rng.choice([8, 12, 16, 20, 24]),
                occupations=tuple(rng.sample(range(1, occupations + 1), rng.choice([1, 1, 2, 3]))),
                needs_room=rng.random() > 0.15,
            )
        )
    # A quarter: 13 weeks of 60 open hours, a third already booked.
    rooms = {c: 13 * 60 * 0.66 * count for c, count in ((8, 2), (12, 3), (16, 3), (24, 3), (40, 1))}
    return Problem(
        programmes=items,
        gaps={o: rng.randint(1, 40) for o in range(1, occupations + 1)},
        room_hours=rooms,
        trainer_hours={o: rng.choice([1, 2, 3, 4]) * 20 * 13.0 for o in range(1, operators + 1)},
        budget=budget,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--programmes", type=int, default=200)
    parser.add_argument("--occupations", type=int, default=80)
    parser.add_argument("--budget", type=float, default=250_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    times, statuses = [], []
    for run in range(args.runs):
        problem = instance(
            random.Random(args.seed + run), args.programmes, args.occupations, args.budget
        )
        advice = solve(problem)
        times.append(advice.solve_ms)
        statuses.append(advice.status)
        print(
            f"run {run + 1}: {advice.status}, {advice.solve_ms:.0f} ms, "
            f"{len(advice.proposals)} proposals, {advice.sessions} sessions, "
            f"{advice.seats} seats, {advice.cost:,.0f} EUR, "
            f"{advice.total_placements:.2f} expected placements "
            f"(proven bound {advice.bound:.2f}, {advice.bound - advice.total_placements:.2f} away)"
        )
    print(
        f"{args.programmes} programmes, {args.occupations} occupations: median "
        f"{statistics.median(times):.0f} ms, max {max(times):.0f} ms; "
        f"{statuses.count('optimal')}/{len(statuses)} proven optimal"
    )


if __name__ == "__main__":
    main()
