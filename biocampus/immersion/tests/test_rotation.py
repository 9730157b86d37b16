"""The rotation rules, checked on what the solver returns, not on how it models them."""

from itertools import combinations, pairwise

import pytest

from biocampus.immersion.rotation import (
    DAY_TOO_SHORT,
    NO_TRAINED_STAFF,
    NOT_ENOUGH_STAFF,
    STATION_BLOCKED,
    STATIONS_FULL,
    ClassIn,
    Closure,
    DayIn,
    StaffIn,
    StationIn,
    plan_day,
    split_pupils,
)

H = 60
LUNCH = (11 * H + 45, 12 * H + 30, 45)
STATIONS = (
    StationIn("vr", 45, skill="vr", place="north"),
    StationIn("wetlab", 45, capacity=2, skill="lab", place="south"),
    StationIn("twin", 40, place="north"),
    StationIn("gowning", 30, skill="cleanroom", place="south"),
)
WALK = {("north", "south"): 10}
STAFF = (
    StaffIn("ana", frozenset({"vr", "lab"})),
    StaffIn("ben", frozenset({"lab", "cleanroom"})),
    StaffIn("cy", frozenset({"vr", "cleanroom"}), start=9 * H, end=13 * H),
    StaffIn("dee", frozenset({"lab"})),
)
ALL = tuple(s.ref for s in STATIONS)


def two_classes(**changes) -> DayIn:
    classes = (
        ClassIn("A", 3, ALL, 9 * H, 15 * H + 30, LUNCH),
        ClassIn("B", 3, ALL, 9 * H + 30, 15 * H, LUNCH),
    )
    fields = {"stations": STATIONS, "classes": classes, "staff": STAFF, "walking": WALK}
    return DayIn(**(fields | changes))


def assert_valid(day: DayIn, rotation) -> None:
    stations = {s.ref: s for s in day.stations}
    people = {p.ref: p for p in day.staff}
    assert rotation.status in {"optimal", "feasible"}
    idle = 0
    for klass in day.classes:
        lunch = rotation.lunches.get(klass.ref)
        if klass.lunch:
            first, last, length = klass.lunch
            assert first <= lunch[0] <= last
            assert lunch[1] - lunch[0] == length
            assert klass.arrival <= lunch[0]
            assert lunch[1] <= klass.departure
        for group in range(1, klass.groups + 1):
            mine = sorted(
                (v for v in rotation.visits if (v.klass, v.group) == (klass.ref, group)),
                key=lambda v: v.start,
            )
            # Every station of the format exactly once, inside the class's day.
            assert sorted(v.station for v in mine) == sorted(klass.stations)
            assert all(klass.arrival <= v.start and v.end <= klass.departure for v in mine)
            # The class eats together: no group is at a station during its lunch.
            if lunch:
                assert all(v.end <= lunch[0] or v.start >= lunch[1] for v in mine)
            end = max([v.end for v in mine] + ([lunch[1]] if lunch else []))
            busy = sum(v.end - v.start for v in mine) + (lunch[1] - lunch[0] if lunch else 0)
            idle += end - klass.arrival - busy
            for a, b in pairwise(mine):
                walk = day.walk(stations[a.station].place, stations[b.station].place)
                assert b.start >= a.end + walk, (a, b)
    for ref, station in stations.items():
        here = [v for v in rotation.visits if v.station == ref]
        for v in here:
            # The load only rises at a start, so checking every start is enough.
            at_once = sum(1 for w in here if w.start <= v.start < w.end)
            assert at_once <= station.capacity, f"station {ref} over capacity"
            assert all(v.end <= c.start or v.start >= c.end for c in station.closed)
            if station.skill:
                person = people[v.staff]
                assert station.skill in person.skills
                assert person.start <= v.start
                assert v.end <= person.end
            else:
                assert v.staff == ""
    for a, b in combinations([v for v in rotation.visits if v.staff], 2):
        if a.staff == b.staff:
            assert a.end <= b.start or b.end <= a.start, (a, b)
    assert rotation.idle_minutes == idle
    assert rotation.staff_on_duty == len({v.staff for v in rotation.visits if v.staff})


@pytest.mark.parametrize(
    ("pupils", "groups"),
    [(24, [8, 8, 8]), (25, [7, 6, 6, 6]), (13, [7, 6]), (30, [8, 8, 7, 7]), (5, [5]), (0, [])],
)
def test_a_class_is_split_into_groups_of_six_to_eight(pupils, groups):
    assert split_pupils(pupils) == groups


def test_every_group_visits_every_station_once_without_clashes():
    day = two_classes()
    rotation = plan_day(day, time_limit_s=5)
    assert_valid(day, rotation)
    assert len(rotation.visits) == 6 * len(STATIONS)
    assert 1 <= rotation.staff_on_duty <= len(STAFF)
    assert rotation.cost is not None
    assert rotation.bound <= rotation.cost


def test_bookings_of_a_room_and_walking_times_are_kept():
    blocked = tuple(
        StationIn(s.ref, s.duration, s.capacity, s.skill, s.place, (Closure(10 * H, 11 * H),))
        if s.ref == "vr"
        else s
        for s in STATIONS
    )
    day = two_classes(stations=blocked, walking={("north", "south"): 15})
    assert_valid(day, plan_day(day, time_limit_s=5))


def test_a_booked_room_is_named_with_who_booked_it():
    blocked = tuple(
        StationIn(
            s.ref,
            s.duration,
            s.capacity,
            s.skill,
            s.place,
            (
                Closure(9 * H, 12 * H, "booked by Operator X"),
                Closure(12 * H, 15 * H, "closed"),
            ),
        )
        if s.ref == "vr"
        else s
        for s in STATIONS
    )
    rotation = plan_day(two_classes(stations=blocked))
    assert rotation.status == "infeasible"
    assert rotation.reasons[0].code == STATION_BLOCKED
    assert rotation.reasons[0].subject == "vr"
    assert "09:00-12:00 booked by Operator X" in rotation.reasons[0].details


def test_a_skill_nobody_holds_is_reported():
    day = two_classes(staff=tuple(p for p in STAFF if "cleanroom" not in p.skills))
    rotation = plan_day(day)
    assert rotation.status == "infeasible"
    assert [(r.code, r.subject) for r in rotation.reasons] == [(NO_TRAINED_STAFF, "gowning")]


def test_trained_staff_at_the_wrong_hours_is_found_by_the_solver():
    # Enough trained minutes in total, so the quick checks pass; but the only person who
    # can run the gowning demonstration has left when the class arrives.
    staff = (
        StaffIn("ana", frozenset({"vr", "lab"})),
        StaffIn("ben", frozenset({"cleanroom"}), start=7 * H, end=11 * H),
    )
    day = DayIn(
        STATIONS,
        (ClassIn("A", 2, ALL, 11 * H, 16 * H, LUNCH),),
        staff,
        WALK,
    )
    rotation = plan_day(day)
    assert rotation.status == "infeasible"
    assert (NOT_ENOUGH_STAFF, "cleanroom") in [(r.code, r.subject) for r in rotation.reasons]


def test_a_day_too_short_for_the_format_is_reported():
    day = two_classes(classes=(ClassIn("A", 2, ALL, 9 * H, 11 * H, None),))
    rotation = plan_day(day)
    assert [(r.code, r.subject) for r in rotation.reasons] == [(DAY_TOO_SHORT, "A")]


def test_unknown_stations_are_an_input_error():
    with pytest.raises(ValueError, match="unknown stations"):
        plan_day(two_classes(classes=(ClassIn("A", 2, ("mars",), 9 * H, 15 * H),)))


def test_the_checker_catches_a_station_clash():
    # assert_valid is what the tests above rely on: it must fail on a broken rotation.
    day = DayIn((StationIn("film", 30),), (ClassIn("A", 2, ("film",), 9 * H, 11 * H),))
    rotation = plan_day(day, time_limit_s=5)
    assert_valid(day, rotation)
    first, second = sorted(rotation.visits, key=lambda v: v.start)
    second.start, second.end = first.start, first.end
    with pytest.raises(AssertionError, match="station film over capacity"):
        assert_valid(day, rotation)


def test_lunch_is_never_before_the_class_arrives():
    day = DayIn(
        (StationIn("film", 30),),
        (ClassIn("A", 1, ("film",), 12 * H + 15, 15 * H, (11 * H + 45, 12 * H + 45, 40)),),
    )
    rotation = plan_day(day, time_limit_s=5)
    assert_valid(day, rotation)
    assert rotation.lunches["A"][0] >= 12 * H + 15


def test_walking_takes_the_quickest_way_through_other_places():
    # Only north-south is given (40 min); north-east and east-south are 10 each, so the
    # day fits by walking through the east building.
    stations = (
        StationIn("n", 30, place="north"),
        StationIn("e", 30, place="east"),
        StationIn("s", 30, place="south"),
    )
    walking = {("north", "south"): 40, ("north", "east"): 10, ("east", "south"): 10}
    day = DayIn(stations, (ClassIn("A", 1, ("n", "e", "s"), 9 * H, 10 * H + 50),), (), walking)
    rotation = plan_day(day, time_limit_s=5)
    assert_valid(day, rotation)
    assert day.walk("north", "south") == 20


def test_closures_in_short_gaps_and_on_a_shared_station_are_kept():
    # Enough open minutes in all, so the quick checks pass and the solver must place the
    # groups around the bookings, including at a station that hosts two groups at once.
    closed = {
        "vr": (Closure(10 * H, 10 * H + 30, "booked by Operator X"),),
        "wetlab": (Closure(9 * H + 30, 10 * H + 15, "booked by Operator Y"),),
    }
    stations = tuple(
        StationIn(s.ref, s.duration, s.capacity, s.skill, s.place, closed.get(s.ref, ()))
        for s in STATIONS
    )
    day = two_classes(stations=stations)
    assert_valid(day, plan_day(day, time_limit_s=5))


def test_too_many_groups_for_the_stations_in_their_hours_is_named():
    # One station for an hour-long visit; class A has three groups and one hour, class B
    # a whole day: the quick checks (over the union of the hours) pass, the solver not.
    day = DayIn(
        (StationIn("lab", 60),),
        (ClassIn("A", 3, ("lab",), 9 * H, 10 * H), ClassIn("B", 1, ("lab",), 9 * H, 17 * H)),
    )
    rotation = plan_day(day, time_limit_s=5)
    assert rotation.status == "infeasible"
    assert [r.code for r in rotation.reasons] in ([STATIONS_FULL], [DAY_TOO_SHORT])
    assert "B" not in [r.subject for r in rotation.reasons]
