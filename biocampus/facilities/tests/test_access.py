"""facilities/access.py: resources, bookings and timetable proposals for the booking
organisation, its members, the facility manager and outsiders."""

import datetime as dt

import pytest

from biocampus.common.errors import Forbidden, NotFound
from biocampus.conftest import UserFactory, member
from biocampus.facilities.access import (
    get_booking_for_user,
    get_proposal_for_user,
    get_resource_for_user,
)
from biocampus.facilities.models import TimetableProposal
from biocampus.facilities.services import booking_create
from biocampus.facilities.tests.conftest import at, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(staff_a, operator_a, lab):
    day = next_weekday(2)
    return booking_create(
        actor=staff_a,
        resource_id=lab.pk,
        organisation_id=operator_a.pk,
        starts_at=at(day, 10),
        ends_at=at(day, 11),
        purpose="session",
        title="GMP module",
    ).bookings[0]


def test_active_resources_are_public_and_inactive_ones_missing(lab, learner):
    assert get_resource_for_user(learner, lab.pk) == lab
    lab.active = False
    lab.save()
    with pytest.raises(NotFound):
        get_resource_for_user(learner, lab.pk)


def test_a_booking_is_its_organisations_and_the_facility_managers(
    booking, staff_a, trainer_a, staff_b, facility_manager
):
    for viewer in (staff_a, trainer_a, facility_manager):
        assert get_booking_for_user(viewer, booking.pk) == booking
    for outsider in (staff_b, UserFactory()):
        with pytest.raises(NotFound):
            get_booking_for_user(outsider, booking.pk)
    with pytest.raises(NotFound):
        get_booking_for_user(staff_a, 999_999)


def test_a_member_without_a_managing_role_sees_but_may_not_change_a_booking(
    booking, staff_a, trainer_a, facility_manager
):
    assert get_booking_for_user(staff_a, booking.pk, for_change=True) == booking
    assert get_booking_for_user(facility_manager, booking.pk, for_change=True) == booking
    with pytest.raises(Forbidden):
        get_booking_for_user(trainer_a, booking.pk, for_change=True)


def test_a_proposal_is_its_organisations_only(staff_a, trainer_a, staff_b, operator_a):
    start = dt.datetime(2030, 1, 7, tzinfo=dt.UTC)
    proposal = TimetableProposal.objects.create(
        organisation=operator_a,
        created_by=staff_a,
        window_start=start,
        window_end=start + dt.timedelta(days=5),
        meetings=[],
        placements=[],
        cost=0,
        status="optimal",
    )
    assert get_proposal_for_user(staff_a, proposal.pk) == proposal
    assert get_proposal_for_user(trainer_a, proposal.pk) == proposal
    colleague = member(operator_a, "staff")
    assert get_proposal_for_user(colleague, proposal.pk) == proposal
    with pytest.raises(NotFound):
        get_proposal_for_user(staff_b, proposal.pk)


def test_only_the_facility_manager_lifts_a_maintenance_block(
    staff_a, operator_a, lab, facility_manager
):
    from biocampus.facilities.services import booking_cancel, maintenance_block

    lab.organisation = operator_a  # a resource run by an operator, not the campus
    lab.save()
    day = next_weekday(2, weeks=2)
    block, _displaced = maintenance_block(
        actor=facility_manager,
        resource_id=lab.pk,
        starts_at=at(day, 8),
        ends_at=at(day, 18),
        reason="Asbestos removal",
    )
    assert get_booking_for_user(staff_a, block.pk) == block  # they may know why
    with pytest.raises(Forbidden):
        get_booking_for_user(staff_a, block.pk, for_change=True)
    with pytest.raises(Forbidden):
        booking_cancel(actor=staff_a, booking=block)
    assert booking_cancel(actor=facility_manager, booking=block).status == "cancelled"
