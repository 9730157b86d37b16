"""The facility manager's home lists the booking requests waiting for a decision."""

import pytest

from biocampus.conftest import OrganisationFactory, member
from biocampus.facilities.models import Booking
from biocampus.facilities.tests.conftest import at, next_weekday

pytestmark = pytest.mark.django_db


def test_a_facility_manager_is_told_of_bookings_awaiting_approval(client, facility_manager, lab):
    asker = member(OrganisationFactory(kind="training_operator"), "staff")
    day = next_weekday(1)
    client.force_login(facility_manager)
    assert client.get("/").context["blocks"]["operator"] is None
    Booking.objects.create(
        resource=lab,
        organisation=asker.memberships.get().organisation,
        booked_by=asker,
        starts_at=at(day, 10),
        ends_at=at(day, 12),
        purpose="session",
        status="requested",
    )
    response = client.get("/")
    assert response.context["blocks"]["operator"]["pending_bookings"] == 1
    assert "1 booking awaits your approval" in response.content.decode()
    # The person who asked is not the one to approve it.
    client.force_login(asker)
    assert client.get("/").context["blocks"]["operator"]["pending_bookings"] == 0
