"""Bookings are at most two years ahead, and never in year 9999."""

import pytest

from biocampus.common.errors import DomainError
from biocampus.facilities.services import booking_create
from biocampus.facilities.tests.conftest import at, next_weekday

pytestmark = pytest.mark.django_db


def test_a_booking_is_at_most_two_years_ahead(staff_a, operator_a, lab):
    far = next_weekday(1, weeks=110)
    with pytest.raises(DomainError) as refused:
        booking_create(
            actor=staff_a,
            resource_id=lab.pk,
            organisation_id=operator_a.pk,
            starts_at=at(far, 10),
            ends_at=at(far, 11),
            purpose="session",
        )
    assert refused.value.code == "too_far_ahead"


def test_the_api_refuses_year_9999_with_a_clear_error(api_as, staff_a, lab):
    body = {
        "resource": lab.pk,
        "starts_at": "9999-12-30T10:00:00+01:00",
        "ends_at": "9999-12-30T11:00:00+01:00",
        "purpose": "session",
    }
    response = api_as(staff_a).post("/api/v1/bookings", body)
    assert response.status_code == 400
    assert response.json()["code"] in ("date_out_of_range", "too_far_ahead")


def test_the_last_minutes_of_year_9999_are_a_clear_error(api_as, staff_a, lab):
    for body in (
        {"starts_at": "9999-12-31T23:30:00Z", "ends_at": "9999-12-31T23:45:00Z"},
        {
            "starts_at": "9999-12-20T10:00:00Z",
            "ends_at": "9999-12-20T11:00:00Z",
            "rrule": "FREQ=DAILY;COUNT=2",
        },
    ):
        response = api_as(staff_a).post(
            "/api/v1/bookings", {"resource": lab.pk, "purpose": "session", **body}
        )
        assert (response.status_code, response.json()["code"]) == (400, "date_out_of_range")
