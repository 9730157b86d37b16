"""The rules of a rotation checked on a finished one, as the campus edits it by hand:
the same rules the solver keeps, answered with what breaks them."""

from collections import defaultdict
from itertools import pairwise

from biocampus.immersion.rotation import (
    STATION_BLOCKED,
    DayIn,
    Reason,
    Visit,
    busy_minutes,
    hhmm,
)

GROUP_CLASH = "group_clash"  # a group in two places at once, or without time to walk
OUTSIDE_DAY = "outside_day"  # before the class arrives or after it leaves
LUNCH_CLASH = "lunch_clash"  # at a station during the class's lunch
STATION_FULL = "station_full"  # more groups than the station takes at once
STAFF_CLASH = "staff_clash"  # a person at two stations at once
STAFF_UNTRAINED = "staff_untrained"  # nobody, or somebody without the skill, at a station
MISSING_STATION = "missing_station"  # a group that does not see each station once

Lunches = dict[str, tuple[int, int]]  # class ref: (start, end)


def violations(day: DayIn, visits: list[Visit], lunches: Lunches) -> list[Reason]:
    """Every rule the rotation breaks, each once; [] when it holds."""
    stations = {s.ref: s for s in day.stations}
    people = {p.ref: p for p in day.staff}
    found: list[Reason] = []
    by_group: dict[tuple[str, int], list[Visit]] = defaultdict(list)
    for v in visits:
        by_group[(v.klass, v.group)].append(v)
    for klass in day.classes:
        lunch = lunches.get(klass.ref)
        for group in range(1, klass.groups + 1):
            mine = sorted(by_group[(klass.ref, group)], key=lambda v: v.start)
            if sorted(v.station for v in mine) != sorted(klass.stations):
                found.append(Reason(MISSING_STATION, klass.ref, (str(group),)))
            for v in mine:
                if v.start < klass.arrival or v.end > klass.departure:
                    found.append(Reason(OUTSIDE_DAY, klass.ref, (str(group), v.station)))
                if lunch and v.start < lunch[1] and v.end > lunch[0]:
                    found.append(Reason(LUNCH_CLASH, klass.ref, (str(group), v.station)))
            for a, b in pairwise(mine):
                walk = day.walk(stations[a.station].place, stations[b.station].place)
                if b.start < a.end + walk:
                    found.append(Reason(GROUP_CLASH, klass.ref, (str(group), a.station, b.station)))
    for ref, station in stations.items():
        here = [v for v in visits if v.station == ref]
        for v in here:
            # The load only rises at a start, so checking every start is enough.
            if sum(1 for w in here if w.start <= v.start < w.end) > station.capacity:
                found.append(Reason(STATION_FULL, ref, (hhmm(v.start),)))
            for c in station.closed:
                if v.start < c.end and v.end > c.start:
                    found.append(Reason(STATION_BLOCKED, ref, (c.text(),)))
            person = people.get(v.staff)
            if station.skill and (
                person is None
                or station.skill not in person.skills
                or not person.start <= v.start < v.end <= person.end
            ):
                found.append(Reason(STAFF_UNTRAINED, ref, (hhmm(v.start),)))
    duties: dict[str, list[Visit]] = defaultdict(list)
    for v in visits:
        if v.staff:
            duties[v.staff].append(v)
    for person, mine in duties.items():
        for a, b in pairwise(sorted(mine, key=lambda v: v.start)):
            if b.start < a.end:
                found.append(Reason(STAFF_CLASH, person, (hhmm(b.start),)))
    return list(dict.fromkeys(found))


def measure(day: DayIn, visits: list[Visit], lunches: Lunches) -> tuple[int, int]:
    """(idle group-minutes, staff on duty), as the solver counts them."""
    stations = {s.ref: s for s in day.stations}
    idle = 0
    for klass in day.classes:
        lunch = lunches.get(klass.ref)
        for group in range(1, klass.groups + 1):
            ends = [v.end for v in visits if (v.klass, v.group) == (klass.ref, group)]
            end = max(ends + ([lunch[1]] if lunch else []), default=klass.arrival)
            idle += max(0, end - klass.arrival - busy_minutes(klass, stations))
    return idle, len({v.staff for v in visits if v.staff})


def free_staff(day: DayIn, visits: list[Visit], moved: Visit, skill: str) -> str:
    """Somebody with `skill` free for the moved slot (its own person first), or ""."""
    people = sorted(day.staff, key=lambda p: p.ref != moved.staff)
    for person in people:
        if skill not in person.skills or not person.start <= moved.start < moved.end <= person.end:
            continue
        busy = [v for v in visits if v is not moved and v.staff == person.ref]
        if all(v.end <= moved.start or v.start >= moved.end for v in busy):
            return person.ref
    return ""
