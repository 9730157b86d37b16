from biocampus.facilities.timetable_solver import NO_ROOM, MeetingIn, RoomIn, first_fit, solve

DAY = 24 * 60
# Two days, starts every hour from 08:00 to 16:00; 16:00 counts as late.
STARTS = [d * DAY + h * 60 for d in range(2) for h in range(8, 17)]
LATE = {d * DAY + 16 * 60 for d in range(2)}
NIGHTS = ((0, 8 * 60), (18 * 60, DAY + 8 * 60), (DAY + 18 * 60, 2 * DAY))


def rooms():
    return [
        RoomIn(1, frozenset({"bsl-2"}), 12, NIGHTS),
        RoomIn(2, frozenset({"projector"}), 30, NIGHTS),
        RoomIn(3, frozenset({"projector"}), 30, (*NIGHTS, (9 * 60, 12 * 60))),  # booked
    ]


def overlaps(a_start, a_len, b_start, b_len):
    return a_start < b_start + b_len and b_start < a_start + a_len


def test_no_room_trainer_or_cohort_is_in_two_places_and_hours_are_kept():
    meetings = [
        MeetingIn(
            f"m{i}", 120, frozenset({"projector"}), 20, trainer=f"t{i % 2}", cohort=f"c{i % 3}"
        )
        for i in range(8)
    ] + [MeetingIn("lab", 180, frozenset({"bsl-2"}), 10, trainer="t0", cohort="c0")]
    result = solve(
        meetings, rooms(), STARTS, unavailable={"t1": [(0, 12 * 60)]}, late_from=LATE, workers=2
    )
    assert result.status == "optimal"
    assert result.unplaced == {}
    by_ref = {m.ref: m for m in meetings}
    placed = result.placements
    for i, a in enumerate(placed):
        ma = by_ref[a.ref]
        assert any(
            a.start in range(d * DAY + 8 * 60, d * DAY + 18 * 60 - ma.duration + 1)
            for d in range(2)
        )
        if by_ref[a.ref].trainer == "t1":
            assert a.start >= 12 * 60
        for b in placed[i + 1 :]:
            mb = by_ref[b.ref]
            if overlaps(a.start, ma.duration, b.start, mb.duration):
                assert a.room != b.room
                assert ma.trainer != mb.trainer
                assert ma.cohort != mb.cohort
    lab = next(p for p in placed if p.ref == "lab")
    assert lab.room == 1
    assert not any(p.room == 3 and overlaps(p.start, 120, 9 * 60, 180) for p in placed)


def test_impossible_meetings_are_explained_and_the_solver_beats_first_fit():
    meetings = [
        MeetingIn("huge", 60, frozenset(), 100),
        MeetingIn("vr", 60, frozenset({"vr"}), 5),
        *[MeetingIn(f"c{i}", 120, frozenset({"projector"}), 20, cohort="A") for i in range(4)],
    ]
    result = solve(meetings, rooms(), STARTS, late_from=LATE, workers=2)
    assert result.unplaced["huge"] == NO_ROOM
    assert "vr" in result.unplaced
    assert result.room_changes == 0  # cohort A stays in one room
    greedy = first_fit(meetings, rooms(), STARTS, late_from=LATE)
    assert greedy.cost >= result.cost


def test_a_small_group_goes_to_a_room_of_its_size_not_the_auditorium():
    auditorium = RoomIn(10, frozenset({"projector"}), 180, ())
    classroom = RoomIn(11, frozenset({"projector"}), 24, ())
    meetings = [MeetingIn("gmp", 120, frozenset({"projector"}), 20)]
    for order in ([auditorium, classroom], [classroom, auditorium]):
        result = solve(meetings, order, STARTS, workers=1)
        assert [p.room for p in result.placements] == [classroom.id]
        greedy = first_fit(meetings, order, STARTS)
        assert [p.room for p in greedy.placements] == [classroom.id]
    # A group that needs the auditorium still gets it.
    big = solve([MeetingIn("talk", 60, frozenset(), 150)], [auditorium, classroom], STARTS)
    assert [p.room for p in big.placements] == [auditorium.id]
