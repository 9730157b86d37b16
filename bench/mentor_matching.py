"""Mentor matching at scale: 500 start-ups, 150 mentors (capacity 1-5, one to three
languages), generated needs and expertise. Prints the time to the optimal assignment and
its total fit beside the greedy baseline's.

    .venv/bin/python bench/mentor_matching.py [--startups 500 --mentors 150]
"""

import argparse
import random
import sys
import time

from _setup import ROOT

sys.path.insert(0, str(ROOT))

from biocampus.accelerator.mentor_solver import Profile, greedy, solve

SKILLS = list(range(1, 121))  # campus framework skill ids, say
TAGS = [
    "fundraising",
    "ip",
    "regulatory",
    "gmp",
    "scale-up",
    "pricing",
    "hiring",
    "clinical",
    "quality",
    "partnering",
    "export",
    "grants",
]
SECTORS = ["cgt", "vaccines", "diagnostics", "biomanufacturing", "digital-health", "medtech"]
LANGS = ["fr", "en", "nl", "de"]


def people(rng, count, start, mentors):
    return [
        Profile(
            id=start + i,
            skills=frozenset(rng.sample(SKILLS, rng.randint(2, 8))),
            tags=frozenset(rng.sample(TAGS, rng.randint(1, 4))),
            sectors=frozenset(rng.sample(SECTORS, rng.randint(1, 2))),
            languages=frozenset(rng.sample(LANGS, rng.choice([1, 1, 2, 3]))),
            capacity=rng.randint(1, 5) if mentors else 1,
        )
        for i in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--startups", type=int, default=500)
    parser.add_argument("--mentors", type=int, default=150)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"{args.startups} start-ups, {args.mentors} mentors")
    for seed in range(args.runs):
        rng = random.Random(seed)
        needs = people(rng, args.startups, 1, False)
        mentors = people(rng, args.mentors, 100_000, True)
        t0 = time.perf_counter()
        optimal, total = solve(needs, mentors)
        solve_ms = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        baseline, greedy_total = greedy(needs, mentors)
        greedy_ms = (time.perf_counter() - t0) * 1000
        print(
            f"run {seed}: optimal total fit {total} ({len(optimal)} matched) in {solve_ms:.0f} ms"
            f"  |  greedy {greedy_total} ({len(baseline)} matched) in {greedy_ms:.0f} ms"
            f"  (+{100 * (total - greedy_total) / max(greedy_total, 1):.1f}%)"
        )


if __name__ == "__main__":
    main()
