import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from biocampus.accelerator.mentor_solver import Profile, fit, greedy, solve

TAGS = ["gmp", "fundraising", "ip", "regulatory", "scale-up"]
SECTORS = ["cgt", "vaccines", "diagnostics"]
LANGS = ["en", "fr", "nl"]


def profiles(ids, with_capacity):
    return st.lists(
        st.builds(
            Profile,
            id=st.just(0),
            tags=st.frozensets(st.sampled_from(TAGS), max_size=3),
            sectors=st.frozensets(st.sampled_from(SECTORS), max_size=2),
            languages=st.frozensets(st.sampled_from(LANGS), min_size=1, max_size=2),
            capacity=st.integers(0, 2) if with_capacity else st.just(1),
        ),
        min_size=1,
        max_size=ids,
    )


def renumber(items, start):
    return [
        Profile(start + i, p.skills, p.tags, p.sectors, p.languages, p.capacity)
        for i, p in enumerate(items)
    ]


def brute_force(needs, mentors):
    best = 0
    options = [[None] + [m for m in mentors if fit(n, m)] for n in needs]
    for choice in itertools.product(*options):
        used = {}
        ok = True
        for m in choice:
            if m is not None:
                used[m.id] = used.get(m.id, 0) + 1
                ok &= used[m.id] <= m.capacity
        if ok:
            best = max(best, sum(fit(n, m).score for n, m in zip(needs, choice, strict=True) if m))
    return best


@settings(max_examples=120, deadline=None)
@given(profiles(5, False), profiles(3, True))
def test_flow_assignment_is_optimal_against_brute_force(needs, mentors):
    needs, mentors = renumber(needs, 1), renumber(mentors, 100)
    result, total = solve(needs, mentors)
    assert total == brute_force(needs, mentors)
    load = {}
    for need_id, mentor_id in result.items():
        load[mentor_id] = load.get(mentor_id, 0) + 1
        need = next(n for n in needs if n.id == need_id)
        mentor = next(m for m in mentors if m.id == mentor_id)
        assert fit(need, mentor) is not None  # shares a language, fits something
    assert all(load[m.id] <= m.capacity for m in mentors if m.id in load)
    assert greedy(needs, mentors)[1] <= total


def test_greedy_can_lose_where_the_flow_does_not():
    a = Profile(1, tags=frozenset({"gmp", "ip", "fundraising"}), languages=frozenset({"fr"}))
    b = Profile(2, tags=frozenset({"gmp"}), languages=frozenset({"fr"}))
    strong = Profile(10, tags=frozenset({"gmp", "ip"}), languages=frozenset({"fr"}))
    weak = Profile(11, tags=frozenset({"ip", "fundraising"}), languages=frozenset({"fr"}))
    # Greedy gives the strong mentor to A (4 points, tied with weak) and leaves B with nobody.
    assert greedy([a, b], [strong, weak]) == ({1: 10}, 4)
    assert solve([a, b], [strong, weak]) == ({1: 11, 2: 10}, 6)
    english = Profile(12, tags=frozenset({"gmp"}), languages=frozenset({"en"}))
    assert fit(b, english) is None  # no shared language, no match
