"""The planner's answers are valid and optimal: checked against brute force on small
generated instances."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from biocampus.skills.pathway_solver import (
    COST,
    INFEASIBLE,
    OPTIMAL,
    TIME,
    Candidate,
    is_valid,
    measure,
    solve,
)

SKILLS = range(1, 6)


@st.composite
def instances(draw):
    n = draw(st.integers(1, 8))
    candidates = []
    for i in range(n):
        start = draw(st.integers(0, 40)) * 60
        length = draw(st.integers(1, 12)) * 60
        teaches = draw(st.frozensets(st.sampled_from(SKILLS), min_size=1, max_size=3))
        requires = draw(st.frozensets(st.sampled_from(SKILLS), max_size=1)) - teaches
        candidates.append(
            Candidate(
                id=i + 1,
                start=start,
                end=start + length,
                slots=((start, start + length),),
                tenth_hours=draw(st.integers(5, 400)),
                cents=draw(st.integers(0, 200_000)),
                teaches=teaches,
                requires=requires,
                full=draw(st.booleans()),
            )
        )
    taught = set().union(*(c.teaches for c in candidates))
    needed = draw(st.frozensets(st.sampled_from(sorted(taught)), min_size=1))
    budget = draw(st.one_of(st.none(), st.integers(0, 400_000)))
    objective = draw(st.sampled_from([TIME, COST]))
    return candidates, set(needed), budget, objective


def brute_force(candidates, needed, budget, objective):
    best = None
    for r in range(len(candidates) + 1):
        for subset in itertools.combinations(candidates, r):
            if is_valid(list(subset), needed, budget):
                value = sum(measure(list(subset), objective))
                best = value if best is None else min(best, value)
    return best


@settings(max_examples=150, deadline=None)
@given(instances())
def test_solver_matches_brute_force(instance):
    candidates, needed, budget, objective = instance
    solution = solve(candidates, needed, objective, budget)
    best = brute_force(candidates, needed, budget, objective)
    if best is None:
        assert solution.status == INFEASIBLE
        assert solution.chosen == []
        return
    assert solution.status == OPTIMAL
    chosen = [c for c in candidates if c.id in solution.chosen]
    assert is_valid(chosen, needed, budget)
    assert sum(measure(chosen, objective)) == best
    assert solution.chosen == [c.id for c in sorted(chosen, key=lambda c: (c.start, c.id))]


def test_prerequisite_must_come_first_and_overlaps_are_refused():
    basics = Candidate(1, 0, 60, ((0, 60),), 10, 100, frozenset({1}), frozenset())
    advanced = Candidate(2, 120, 180, ((120, 180),), 10, 100, frozenset({2}), frozenset({1}))
    late_basics = Candidate(3, 200, 260, ((200, 260),), 5, 50, frozenset({1}), frozenset())
    solution = solve([basics, advanced, late_basics], {1, 2})
    assert solution.chosen == [1, 2]  # the cheaper late basics would come after advanced

    clash = Candidate(4, 30, 90, ((30, 90),), 1, 1, frozenset({2}), frozenset())
    solution = solve([basics, clash], {1, 2})
    assert solution.status == INFEASIBLE


def test_ties_prefer_sessions_with_seats_left():
    full = Candidate(1, 0, 60, ((0, 60),), 10, 100, frozenset({1}), frozenset(), full=True)
    free = Candidate(2, 100, 160, ((100, 160),), 10, 100, frozenset({1}), frozenset())
    assert solve([full, free], {1}).chosen == [2]
    assert solve([], set()).status == OPTIMAL
