"""Timetabling at campus scale on generated instances: 200 meetings, 20 rooms, 30 trainers,
two weeks. Prints the time to a first feasible and to the final (proven optimal or best
found) timetable, its cost, and a greedy first-fit baseline's cost beside it.

    .venv/bin/python bench/timetable.py [--meetings 200 --rooms 20 --trainers 30 --seconds 30]

Pure solver benchmark: no database.
"""

import argparse
import random
import sys
import time

from _setup import ROOT

sys.path.insert(0, str(ROOT))

from biocampus.facilities.timetable_solver import (
    MeetingIn,
    RoomIn,
    first_fit,
    solve,
)

DAY = 24 * 60
FEATURES = ["bsl-2", "projector", "vr-seats", "gmp-d"]


def instance(rng: random.Random, meetings: int, rooms: int, trainers: int, days: int = 14):
    workdays = [d for d in range(days) if d % 7 < 5]
    starts = [d * DAY + 8 * 60 + 30 * k for d in workdays for k in range(20)]  # 08:00-17:30
    late = {s for s in starts if (s % DAY) >= 16 * 60}
    closed_nights = []
    for d in range(days):
        if d % 7 < 5:
            closed_nights += [(d * DAY, d * DAY + 8 * 60), (d * DAY + 18 * 60, (d + 1) * DAY)]
        else:
            closed_nights.append((d * DAY, (d + 1) * DAY))
    room_list = []
    for r in range(rooms):
        feats = frozenset(rng.sample(FEATURES, rng.randint(0, 2)))
        booked = []
        for _ in range(rng.randint(0, 6)):  # existing bookings
            s = rng.choice(starts)
            booked.append((s, s + 120))
        room_list.append(
            RoomIn(r + 1, feats, rng.choice([10, 16, 24, 30]), tuple(closed_nights + booked))
        )
    cohorts = [f"cohort-{c}" for c in range(max(meetings // 8, 1))]
    meeting_list = [
        MeetingIn(
            ref=f"m{i}",
            duration=rng.choice([60, 120, 180, 240]),
            features=frozenset(rng.sample(FEATURES, rng.choice([0, 0, 1]))),
            capacity=rng.choice([8, 12, 16, 20]),
            trainer=f"t{rng.randrange(trainers)}",
            cohort=rng.choice(cohorts),
        )
        for i in range(meetings)
    ]
    away = {}
    for t in range(trainers):
        day = rng.choice(workdays)
        away[f"t{t}"] = [(day * DAY, (day + 1) * DAY)]  # each trainer is away one day
    return meeting_list, room_list, starts, away, late


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--meetings", type=int, default=200)
    parser.add_argument("--rooms", type=int, default=20)
    parser.add_argument("--trainers", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--instances", type=int, default=3)
    args = parser.parse_args()
    print(
        f"{args.meetings} meetings, {args.rooms} rooms, {args.trainers} trainers, two weeks; "
        f"time limit {args.seconds:.0f} s"
    )
    for seed in range(args.instances):
        meetings, rooms, starts, away, late = instance(
            random.Random(seed), args.meetings, args.rooms, args.trainers
        )
        t0 = time.perf_counter()
        greedy = first_fit(meetings, rooms, starts, away, late)
        greedy_ms = (time.perf_counter() - t0) * 1000
        result = solve(meetings, rooms, starts, away, late, time_limit_s=args.seconds)
        first = f"{result.first_solution_ms:.0f} ms" if result.first_solution_ms else "none"
        print(
            f"instance {seed}: first feasible {first}, final {result.status} in "
            f"{result.solve_ms / 1000:.1f} s, cost {result.cost} "
            f"({len(result.unplaced)} unplaced, {result.room_changes} room changes, "
            f"{result.late} late)  |  first-fit cost {greedy.cost} "
            f"({len(greedy.unplaced)} unplaced, {greedy.room_changes} room changes, "
            f"{greedy.late} late) in {greedy_ms:.0f} ms"
        )


if __name__ == "__main__":
    main()
