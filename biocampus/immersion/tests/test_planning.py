"""A visit day's rotation from the database: computed around the rooms' bookings with the
campus staff's skills, and accepted through the booking service, all or none."""

import datetime as dt

import pytest

from biocampus.accounts.models import Organisation
from biocampus.common.errors import Conflict, Forbidden
from biocampus.facilities.models import Booking, BookingStatus
from biocampus.facilities.services.bookings import BookingConflict
from biocampus.immersion.models import (
    PlanStatus,
    StaffSkill,
    VisitStatus,
    Walk,
)
from biocampus.immersion.planning import day_plan_accept, day_plan_compute
from biocampus.immersion.tests.conftest import WHEN, at
from biocampus.immersion.tests.test_services import ask


def test_the_day_is_planned_around_an_existing_booking(campus, manager, discovery, two_visits):
    other = Organisation.objects.create(name="Operator X", slug="op-x", kind="training_operator")
    vr = discovery.stations.get(position=0).resource
    Booking.objects.create(
        resource=vr, organisation=other, booked_by=manager, starts_at=at(10), ends_at=at(11),
        purpose="event", status=BookingStatus.APPROVED,
    )  # fmt: skip
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    assert plan.solver_status in {"optimal", "feasible"}
    slots = list(plan.slots.select_related("station"))
    # 24 pupils: three groups per class, each at the three stations.
    assert len(slots) == 2 * 3 * 3
    vr_slots = [s for s in slots if s.station.resource_id == vr.pk]
    assert all(s.ends_at <= at(10) or s.starts_at >= at(11) for s in vr_slots)
    skills = set(StaffSkill.objects.values_list("person_id", "skill"))
    staffed = [s for s in slots if s.station.staff_skill]
    assert staffed
    assert all((s.staff_id, s.station.staff_skill) in skills for s in staffed)
    assert all(s.staff_id is None for s in slots if not s.station.staff_skill)


def test_a_blocking_booking_is_named_with_who_made_it(campus, manager, discovery, two_visits):
    other = Organisation.objects.create(name="Operator X", slug="op-x", kind="training_operator")
    vr = discovery.stations.get(position=0).resource
    Booking.objects.create(
        resource=vr, organisation=other, booked_by=manager, starts_at=at(8), ends_at=at(16),
        purpose="event", status=BookingStatus.APPROVED,
    )  # fmt: skip
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    assert plan.solver_status == "infeasible"
    assert plan.reasons[0]["code"] == "station_blocked"
    assert plan.reasons[0]["subject"] == "VR"
    assert any("booked by Operator X" in d for d in plan.reasons[0]["details"])
    assert not plan.slots.exists()


def test_accepting_books_every_room_and_plans_the_visits(campus, manager, discovery, two_visits):
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    day_plan_accept(actor=manager, plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACCEPTED
    booked = Booking.objects.filter(organisation=campus, status=BookingStatus.APPROVED)
    for slot in plan.slots.select_related("station"):
        room = booked.filter(resource_id=slot.station.resource_id)
        assert room.filter(starts_at__lte=slot.starts_at, ends_at__gte=slot.ends_at).exists()
    assert {v.status for v in two_visits[0].__class__.objects.all()} == {VisitStatus.PLANNED}


def test_a_clash_since_the_proposal_books_nothing(campus, manager, discovery, two_visits):
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    first = plan.slots.order_by("starts_at").first()
    other = Organisation.objects.create(name="Operator Y", slug="op-y", kind="training_operator")
    Booking.objects.create(
        resource=first.station.resource, organisation=other, booked_by=manager,
        starts_at=first.starts_at, ends_at=first.ends_at, purpose="event",
        status=BookingStatus.APPROVED,
    )  # fmt: skip
    with pytest.raises(BookingConflict):
        day_plan_accept(actor=manager, plan_id=plan.pk)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED
    assert not Booking.objects.filter(organisation=campus).exists()
    assert all(v.status == VisitStatus.CONFIRMED for v in two_visits[0].__class__.objects.all())


def test_only_the_campus_plans_and_a_plan_is_accepted_once(
    campus, manager, teacher, discovery, two_visits
):
    with pytest.raises(Forbidden):
        day_plan_compute(actor=teacher, campus_id=campus.pk, date=WHEN)
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    with pytest.raises(Forbidden):
        day_plan_accept(actor=teacher, plan_id=plan.pk)
    day_plan_accept(actor=manager, plan_id=plan.pk)
    with pytest.raises(Conflict):
        day_plan_accept(actor=manager, plan_id=plan.pk)
    with pytest.raises(Conflict):
        day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)


def test_of_two_current_proposals_only_one_is_accepted(campus, manager, discovery, two_visits):
    first = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    second = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    # As if both were computed at the same moment: neither superseded the other.
    first.status = PlanStatus.PROPOSED
    first.save()
    day_plan_accept(actor=manager, plan_id=second.pk)
    with pytest.raises(Conflict) as refused:
        day_plan_accept(actor=manager, plan_id=first.pk)
    assert refused.value.code == "already_accepted"


def test_a_long_walk_between_two_rooms_is_kept(campus, manager, teacher, school, discovery, day):
    vr = discovery.stations.get(position=0).resource
    lab = discovery.stations.get(position=1).resource
    Walk.objects.create(campus=campus, from_room=vr, to_room=lab, minutes=30)
    visit = ask(teacher, school, discovery, [day], dates=[WHEN], pupils=8)
    visit.date, visit.status = WHEN, VisitStatus.CONFIRMED
    visit.save()
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    assert plan.solver_status in {"optimal", "feasible"}
    at_vr = plan.slots.get(station__resource=vr)
    at_lab = plan.slots.get(station__resource=lab)
    first, then = sorted([at_vr, at_lab], key=lambda s: s.starts_at)
    assert then.starts_at - first.ends_at >= dt.timedelta(minutes=30)
