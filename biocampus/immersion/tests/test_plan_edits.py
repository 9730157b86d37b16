"""The campus adjusts a proposed rotation by hand: each edit is checked against every rule
at once and saved only when they all hold."""

import datetime as dt

import pytest
from django.utils import timezone

from biocampus.common.errors import Conflict, DomainError, Forbidden
from biocampus.immersion.models import PlanSlot, PlanStatus, VisitStatus
from biocampus.immersion.plan_edits import plan_slot_move, plan_slots_swap
from biocampus.immersion.planning import day_plan_accept, day_plan_compute
from biocampus.immersion.rotation import ClassIn, DayIn, StaffIn, StationIn, Visit
from biocampus.immersion.rotation_check import measure, violations
from biocampus.immersion.tests.conftest import WHEN, at
from biocampus.immersion.tests.test_services import ask


def clock(slot: PlanSlot) -> tuple[str, str]:
    return (
        timezone.localtime(slot.starts_at).strftime("%H:%M"),
        timezone.localtime(slot.ends_at).strftime("%H:%M"),
    )


@pytest.fixture
def one_group(teacher, school, discovery, day):
    """One class of eight: a single group through VR, the wet lab and the cleanroom."""
    visit = ask(teacher, school, discovery, [day], dates=[day.date], pupils=8)
    visit.date, visit.status = WHEN, VisitStatus.CONFIRMED
    visit.save()
    return visit


def test_a_move_that_keeps_every_rule_is_saved(campus, manager, discovery, one_group):
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    cleanroom = plan.slots.get(station__position=2)
    plan_slot_move(actor=manager, slot_id=cleanroom.pk, start=dt.time(14, 0))
    cleanroom.refresh_from_db()
    assert clock(cleanroom) == ("14:00", "14:45")
    plan.refresh_from_db()
    # The group now waits from the end of lunch to 14:00 at the latest: counted as idle.
    assert plan.idle_minutes > 0
    assert plan.solver_status == "feasible"


def test_a_move_onto_the_groups_own_turn_is_refused_and_nothing_changes(
    campus,
    manager,
    discovery,
    one_group,
):
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    vr, cleanroom = plan.slots.get(station__position=0), plan.slots.get(station__position=2)
    before = clock(cleanroom)
    start = timezone.localtime(vr.starts_at).time()
    with pytest.raises(Conflict) as refused:
        plan_slot_move(actor=manager, slot_id=cleanroom.pk, start=start)
    assert refused.value.code == "breaks_rotation"
    assert "two places at once" in refused.value.message
    cleanroom.refresh_from_db()
    assert clock(cleanroom) == before
    with pytest.raises(DomainError) as off_grid:
        plan_slot_move(actor=manager, slot_id=cleanroom.pk, start=dt.time(14, 2))
    assert off_grid.value.code == "off_grid"


def test_a_move_into_the_night_or_lunch_is_refused(campus, manager, discovery, one_group):
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    cleanroom = plan.slots.get(station__position=2)
    with pytest.raises(Conflict, match="after it leaves"):
        plan_slot_move(actor=manager, slot_id=cleanroom.pk, start=dt.time(15, 0))
    lunch = plan.lunches[str(one_group.pk)][0]
    with pytest.raises(Conflict, match="lunch"):
        plan_slot_move(actor=manager, slot_id=cleanroom.pk, start=dt.time(lunch // 60, lunch % 60))


def test_two_groups_swap_their_turns_at_a_station(campus, manager, teacher, school, discovery, day):
    visits = []
    for name in ("A", "B"):
        visit = ask(teacher, school, discovery, [day], dates=[WHEN], pupils=8, class_name=name)
        visit.date, visit.status = WHEN, VisitStatus.CONFIRMED
        visit.save()
        visits.append(visit)
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    # A known valid day (stations 0 VR 45 min, 1 wet lab 60, 2 cleanroom 45), lunch
    # 12:00-12:45 for both; B is free before its VR turn, A after its VR turn.
    layout = {
        ("A", 0): (9, 0), ("A", 2): (11, 0), ("A", 1): (13, 45),
        ("B", 0): (10, 0), ("B", 1): (11, 0), ("B", 2): (13, 45),
    }  # fmt: skip
    for slot in plan.slots.select_related("visit", "station"):
        hour, minute = layout[(slot.visit.class_name, slot.station.position)]
        slot.starts_at = at(hour, minute)
        slot.ends_at = slot.starts_at + dt.timedelta(minutes=slot.station.minutes)
        slot.staff = manager if slot.station.staff_skill else None
        slot.save()
    plan.lunches = {str(v.pk): [720, 765] for v in visits}
    plan.save()
    a_vr = plan.slots.get(visit=visits[0], station__position=0)
    b_vr = plan.slots.get(visit=visits[1], station__position=0)
    plan_slots_swap(actor=manager, slot_id=a_vr.pk, other_id=b_vr.pk)
    a_vr.refresh_from_db()
    b_vr.refresh_from_db()
    assert (clock(a_vr), clock(b_vr)) == (("10:00", "10:45"), ("09:00", "09:45"))
    # At the cleanroom, A would take B's 13:45, when A is at the wet lab.
    a_clean = plan.slots.get(visit=visits[0], station__position=2)
    b_clean = plan.slots.get(visit=visits[1], station__position=2)
    with pytest.raises(Conflict, match="two places at once"):
        plan_slots_swap(actor=manager, slot_id=a_clean.pk, other_id=b_clean.pk)
    a_clean.refresh_from_db()
    assert clock(a_clean) == ("11:00", "11:45")
    with pytest.raises(DomainError, match="same station"):
        plan_slots_swap(actor=manager, slot_id=a_vr.pk, other_id=a_clean.pk)


def test_only_a_proposal_is_edited_and_only_by_the_campus(
    campus,
    manager,
    teacher,
    discovery,
    one_group,
):
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    slot = plan.slots.first()
    with pytest.raises(Forbidden):
        plan_slot_move(actor=teacher, slot_id=slot.pk, start=dt.time(14))
    day_plan_accept(actor=manager, plan_id=plan.pk)
    assert plan.__class__.objects.get(pk=plan.pk).status == PlanStatus.ACCEPTED
    with pytest.raises(Conflict):
        plan_slot_move(actor=manager, slot_id=slot.pk, start=dt.time(14))


def test_the_checker_names_each_broken_rule():
    day = DayIn(
        stations=(
            StationIn("vr", 45, skill="vr"),
            StationIn("lab", 60, capacity=1),
        ),
        classes=(ClassIn("a", 2, ("vr", "lab"), 540, 900, (705, 780, 45)),),
        staff=(StaffIn("p1", frozenset({"vr"})),),
    )
    lunches = {"a": (720, 765)}
    good = [
        Visit("a", 1, "vr", 540, 585, "p1"),
        Visit("a", 1, "lab", 600, 660),
        Visit("a", 2, "lab", 540, 600),
        Visit("a", 2, "vr", 600, 645, "p1"),
    ]
    assert violations(day, good, lunches) == []
    # Each group: stations and lunch 150 minutes, on site from 09:00 to 12:45.
    assert measure(day, good, lunches) == (2 * (225 - 150), 1)
    clash = [*good[:3], Visit("a", 2, "vr", 560, 605, "p1")]
    codes = {r.code for r in violations(day, clash, lunches)}
    # Group 2 at the lab and VR at once; p1 at VR twice at once.
    assert {"group_clash", "staff_clash"} <= codes
    untrained = [*good[:3], Visit("a", 2, "vr", 600, 645, "")]
    assert {r.code for r in violations(day, untrained, lunches)} == {"staff_untrained"}
    full = [good[0], Visit("a", 1, "lab", 585, 645), Visit("a", 2, "lab", 600, 660), good[3]]
    assert "station_full" in {r.code for r in violations(day, full, lunches)}
    at_lunch = [good[0], Visit("a", 1, "lab", 720, 780), good[2], good[3]]
    assert "lunch_clash" in {r.code for r in violations(day, at_lunch, lunches)}
    missing = good[:3]
    assert {r.code for r in violations(day, missing, lunches)} == {"missing_station"}
