"""Mentor matching on plain data: the assignment of start-ups to mentors that maximises the
total fit, each mentor within their capacity, only where they share a language. Solved
exactly as a minimum-cost flow (OR-Tools); a start-up no mentor fits stays unmatched."""

from dataclasses import dataclass, field

from ortools.graph.python import min_cost_flow

SKILL_POINTS, TAG_POINTS, SECTOR_POINTS = 3, 2, 1
SCALE = 1000  # fits are integers for the flow solver


@dataclass(frozen=True)
class Profile:
    id: int
    skills: frozenset = frozenset()
    tags: frozenset = frozenset()
    sectors: frozenset = frozenset()
    languages: frozenset = frozenset()
    capacity: int = 1  # mentors only


@dataclass
class Fit:
    score: int
    skills: list = field(default_factory=list)
    tags: list = field(default_factory=list)
    sectors: list = field(default_factory=list)
    languages: list = field(default_factory=list)


def fit(need: Profile, mentor: Profile) -> Fit | None:
    """How well a mentor fits a start-up's needs, and why; None without a shared language."""
    languages = sorted(need.languages & mentor.languages)
    if not languages:
        return None
    skills = sorted(need.skills & mentor.skills)
    tags = sorted(need.tags & mentor.tags)
    sectors = sorted(need.sectors & mentor.sectors)
    score = SKILL_POINTS * len(skills) + TAG_POINTS * len(tags) + SECTOR_POINTS * len(sectors)
    return Fit(score, skills, tags, sectors, languages) if score > 0 else None


def solve(needs: list[Profile], mentors: list[Profile]) -> tuple[dict[int, int], int]:
    """{start-up id: mentor id} and the total fit."""
    flow = min_cost_flow.SimpleMinCostFlow()
    n, m = len(needs), len(mentors)
    nobody, sink = n + m, n + m + 1
    fits: dict[tuple[int, int], Fit] = {}
    for i, need in enumerate(needs):
        flow.set_node_supply(i, 1)
        flow.add_arc_with_capacity_and_unit_cost(i, nobody, 1, 0)
        for j, mentor in enumerate(mentors):
            f = fit(need, mentor)
            if f is not None:
                fits[i, j] = f
                flow.add_arc_with_capacity_and_unit_cost(i, n + j, 1, -f.score * SCALE)
    for j, mentor in enumerate(mentors):
        flow.add_arc_with_capacity_and_unit_cost(n + j, sink, max(mentor.capacity, 0), 0)
    flow.add_arc_with_capacity_and_unit_cost(nobody, sink, n, 0)
    flow.set_node_supply(sink, -n)
    if n == 0:
        return {}, 0
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min cost flow failed: {status}")
    result = {}
    for arc in range(flow.num_arcs()):
        tail, head = flow.tail(arc), flow.head(arc)
        if flow.flow(arc) and tail < n and n <= head < n + m:
            result[needs[tail].id] = mentors[head - n].id
    total = sum(
        fits[i, j].score
        for i, need in enumerate(needs)
        for j, mentor in enumerate(mentors)
        if result.get(need.id) == mentor.id
    )
    return result, total


def greedy(needs: list[Profile], mentors: list[Profile]) -> tuple[dict[int, int], int]:
    """The baseline: best pairs first, while the mentor has room."""
    pairs = sorted(
        (
            (f.score, need.id, mentor.id)
            for need in needs
            for mentor in mentors
            if (f := fit(need, mentor)) is not None
        ),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    room = {m.id: m.capacity for m in mentors}
    result, total = {}, 0
    for score, need_id, mentor_id in pairs:
        if need_id not in result and room[mentor_id] > 0:
            result[need_id] = mentor_id
            room[mentor_id] -= 1
            total += score
    return result, total
