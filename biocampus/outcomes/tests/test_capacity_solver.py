"""The capacity-advice solver on plain data: no database."""

import math
import random
from collections import defaultdict

import pytest

from biocampus.outcomes.capacity_solver import (
    FEASIBLE,
    OPTIMAL,
    Problem,
    ProgrammeIn,
    seats_per_session,
    solve,
)


def programme(pid: int, **fields) -> ProgrammeIn:
    values = {
        "id": pid,
        "operator": 1,
        "rate": 0.5,
        "seat_cost": 1000.0,
        "hours": 21.0,
        "max_seats": 12,
        "occupations": (1,),
    }
    values.update(fields)
    return ProgrammeIn(**values)


def problem(programmes, **fields) -> Problem:
    values = {
        "programmes": programmes,
        "gaps": {1: 100},
        "room_hours": {12: 10_000.0},
        "trainer_hours": {1: 10_000.0},
        "budget": 100_000.0,
    }
    values.update(fields)
    return Problem(**values)


def test_the_budget_goes_to_the_programme_placing_most_per_euro():
    cheap = programme(1, rate=0.4, seat_cost=500.0)
    dear = programme(2, rate=0.6, seat_cost=1500.0)
    advice = solve(problem([cheap, dear], budget=10_000.0))
    assert advice.status == OPTIMAL
    assert [p.programme for p in advice.proposals] == [1]
    assert advice.proposals[0].seats == 20
    assert advice.cost == pytest.approx(10_000.0)
    assert advice.total_placements == pytest.approx(8.0)
    assert advice.proposals[0].jobs_per_10k == pytest.approx(8.0)
    assert advice.bound == pytest.approx(8.0)


def test_no_credit_beyond_the_gap():
    best = programme(1, rate=0.5, seat_cost=500.0)
    other = programme(2, rate=0.5, seat_cost=800.0, occupations=(2,))
    advice = solve(problem([best, other], gaps={1: 3, 2: 50}, budget=20_000.0))
    assert advice.placements[1] == pytest.approx(3.0)
    by_programme = {p.programme: p for p in advice.proposals}
    # Six seats fill the gap of 3 at a rate of one half; the rest goes elsewhere.
    assert by_programme[1].seats == 6
    assert by_programme[2].seats == (20_000 - 6 * 500) // 800
    # The gap is filled: the next seat of the first programme would add nothing.
    assert by_programme[1].marginal_jobs_per_10k == 0


def test_seats_that_add_nothing_are_not_bought():
    advice = solve(problem([programme(1, rate=0.5)], gaps={1: 2}, budget=1_000_000.0))
    assert advice.status == OPTIMAL
    assert advice.seats == 4
    assert advice.sessions == 1


def test_a_programme_shares_its_placements_among_its_occupations():
    # Half its learners head for an occupation without a gap: they count for nothing.
    split = programme(1, rate=0.8, occupations=(1, 9))
    advice = solve(problem([split], gaps={1: 100}, budget=10_000.0))
    assert advice.total_placements == pytest.approx(10 * 0.8 / 2)


def test_sessions_never_seat_more_than_the_room_or_the_programme():
    small_rooms = problem(
        [programme(1, max_seats=20)], room_hours={8: 21.0 * 3}, budget=1_000_000.0
    )
    advice = solve(small_rooms)
    assert advice.proposals[0].session_seats == [8, 8, 8]
    assert advice.proposals[0].room_seats == 8


def test_trainers_bound_the_sessions_and_online_needs_no_room():
    online = programme(1, needs_room=False, max_seats=30)
    advice = solve(problem([online], room_hours={}, trainer_hours={1: 50.0}, budget=1_000_000.0))
    assert advice.proposals[0].sessions == 2  # 50 hours of trainers, 21 a session
    assert advice.proposals[0].session_seats == [30, 30]


def test_the_wilson_lower_bound_prefers_the_long_record_over_a_lucky_small_one():
    # The caller passes the lower bound: 5 of 6 placed (83 %) bounds at 44 %; 140 of 200
    # (70 %) at 63 %. On the raw rate the small programme would win.
    small = programme(1, rate=0.436, seat_cost=1000.0)
    large = programme(2, rate=0.633, seat_cost=1000.0)
    advice = solve(problem([small, large], budget=12_000.0))
    assert [p.programme for p in advice.proposals] == [2]


def test_nothing_to_advise_without_a_gap_or_a_budget():
    assert solve(problem([programme(1)], gaps={})).proposals == []
    assert solve(problem([programme(1)], budget=999.0)).proposals == []


def _random_problem(rng: random.Random) -> Problem:
    operators = rng.randint(1, 4)
    occupations = rng.randint(1, 6)
    programmes = [
        ProgrammeIn(
            id=i,
            operator=rng.randint(1, operators),
            rate=rng.uniform(0.05, 0.9),
            seat_cost=rng.uniform(100, 3000),
            hours=rng.choice([3.5, 7, 14, 21, 35]),
            max_seats=rng.randint(4, 30),
            occupations=tuple(rng.sample(range(1, occupations + 1), rng.randint(1, occupations))),
            needs_room=rng.random() > 0.2,
        )
        for i in range(1, rng.randint(2, 12))
    ]
    return Problem(
        programmes=programmes,
        gaps={o: rng.randint(0, 30) for o in range(1, occupations + 1)},
        room_hours={rng.choice([6, 10, 16, 24, 40]): rng.uniform(0, 200) for _ in range(3)},
        trainer_hours={o: rng.uniform(0, 150) for o in range(1, operators + 1)},
        budget=rng.uniform(0, 60_000),
    )


@pytest.mark.parametrize("seed", range(40))
def test_never_more_seats_than_rooms_trainers_and_budget_allow(seed):
    """Property over random instances: every proposal fits the budget, each session fits
    its room and its programme, the rooms' and trainers' hours hold, no gap is exceeded."""
    instance = _random_problem(random.Random(seed))
    advice = solve(instance)
    assert advice.status == OPTIMAL
    _fits(instance, advice)
    assert math.isclose(advice.total_placements, advice.bound, abs_tol=1e-6)


@pytest.mark.parametrize("seed", range(0, 40, 3))
def test_the_two_step_answer_fits_too_and_stays_under_the_bound(seed):
    """When the exact solve is cut short, the sessions-then-seats answer holds the same
    limits, and what it places never exceeds the proven bound."""
    instance = _random_problem(random.Random(seed))
    advice = solve(instance, exact_limit_s=1e-6)
    _fits(instance, advice)
    if advice.proposals:
        assert advice.status == FEASIBLE
    exact = solve(instance)
    assert advice.total_placements <= exact.total_placements + 1e-6 <= advice.bound + 2e-6


def _fits(instance: Problem, advice) -> None:
    by_id = {p.id: p for p in instance.programmes}
    assert sum(by_id[p.programme].seat_cost * p.seats for p in advice.proposals) <= (
        instance.budget + 1e-6
    )
    taught = defaultdict(float)
    in_class = defaultdict(float)
    for p in advice.proposals:
        source = by_id[p.programme]
        assert sum(p.session_seats) == p.seats
        assert len(p.session_seats) == p.sessions == len(p.session_rooms)
        for seats, room in zip(p.session_seats, p.session_rooms, strict=True):
            assert 1 <= seats <= seats_per_session(source, room)
            assert seats <= source.max_seats
            if source.needs_room:
                assert room in instance.room_hours
                in_class[room] += source.hours
            else:
                assert room == 0
        taught[source.operator] += source.hours * p.sessions
    for operator, hours in taught.items():
        assert hours <= instance.trainer_hours[operator] + 1e-6
    capacities = sorted(instance.room_hours)
    for i in range(len(capacities)):
        need = sum(in_class[k] for k in capacities[i:])
        assert need <= sum(instance.room_hours[k] for k in capacities[i:]) + 1e-6
    for occupation, placed in advice.placements.items():
        assert placed <= instance.gaps[occupation] + 1e-6
    assert advice.total_placements <= advice.bound + 1e-6
