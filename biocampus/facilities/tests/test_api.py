import datetime as dt

import pytest

from biocampus.facilities.tests.conftest import at, next_weekday

pytestmark = pytest.mark.django_db


def test_search_free_resources_by_feature_capacity_and_window(
    client, lab, cabinet, staff_a, operator_a, api_as
):
    tuesday = next_weekday(1)
    window = {"free_from": at(tuesday, 9).isoformat(), "free_to": at(tuesday, 12).isoformat()}
    found = client.get(
        "/api/v1/resources", {"feature": "bsl-2", "min_capacity": 12, **window}
    ).json()
    assert [r["name"] for r in found] == ["Wet lab 1"]
    assert client.get("/api/v1/resources", {"min_capacity": 13}).json() == []
    api_as(staff_a).post(
        "/api/v1/bookings",
        {
            "resource": lab.pk,
            "starts_at": at(tuesday, 11).isoformat(),
            "ends_at": at(tuesday, 13).isoformat(),
            "purpose": "event",
        },
    )
    assert client.get("/api/v1/resources", {"feature": "bsl-2", **window}).json() == []
    saturday = next_weekday(5)
    closed = {"free_from": at(saturday, 9).isoformat(), "free_to": at(saturday, 10).isoformat()}
    assert client.get("/api/v1/resources", {"kind": "wet_lab", **closed}).json() == []
    bad = client.get("/api/v1/resources", {"free_from": at(tuesday, 9).isoformat()})
    assert (bad.status_code, bad.json()["code"]) == (400, "invalid_window")


def test_booking_conflict_is_a_409_listing_the_clash(api_as, staff_a, staff_b, operator_a, lab):
    day = next_weekday(2)
    payload = {
        "resource": lab.pk,
        "starts_at": at(day, 10).isoformat(),
        "ends_at": at(day, 11).isoformat(),
        "purpose": "session",
        "title": "GMP module 3",
    }
    created = api_as(staff_a).post("/api/v1/bookings", payload)
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "approved"
    clash = api_as(staff_b).post(
        "/api/v1/bookings",
        payload
        | {"starts_at": at(day, 10, 30).isoformat(), "ends_at": at(day, 11, 30).isoformat()},
    )
    body = clash.json()
    assert (clash.status_code, body["code"]) == (409, "conflict")
    assert body["conflicts"][0]["bookings"][0]["id"] == created.json()["id"]
    # Another operator sees in the availability that the slot is taken, not what for; the
    # booking itself is not theirs to read.
    theirs = api_as(staff_b).get(f"/api/v1/bookings/{created.json()['id']}")
    assert (theirs.status_code, theirs.json()["code"]) == (404, "not_found")
    assert (
        api_as(staff_a).get(f"/api/v1/bookings/{created.json()['id']}").json()["title"]
        == "GMP module 3"
    )
    availability = (
        api_as(staff_b)
        .get(
            f"/api/v1/resources/{lab.pk}/availability",
            {"from": at(day, 0).isoformat(), "to": at(day + dt.timedelta(days=1), 0).isoformat()},
        )
        .json()
    )
    assert [b["title"] for b in availability["busy"]] == [None]
    assert len(availability["opening_hours"]) == 5
    mine = api_as(staff_a).get("/api/v1/me/bookings").json()
    assert mine["count"] == 1


def test_approve_reject_cancel_permissions(api_as, staff_a, staff_b, lab, facility_manager):
    lab.approval = "manager"
    lab.save()
    day = next_weekday(3)
    payload = {
        "resource": lab.pk,
        "starts_at": at(day, 9).isoformat(),
        "ends_at": at(day, 10).isoformat(),
        "purpose": "event",
    }
    booking = api_as(staff_a).post("/api/v1/bookings", payload).json()
    assert booking["status"] == "requested"
    url = f"/api/v1/bookings/{booking['id']}"
    assert api_as(staff_b).post(f"{url}/approve").status_code == 404  # not theirs to see
    assert api_as(staff_a).post(f"{url}/approve").status_code == 403  # theirs, not to approve
    assert api_as(facility_manager).post(f"{url}/approve").json()["status"] == "approved"
    again = api_as(facility_manager).post(f"{url}/reject")
    assert (again.status_code, again.json()["code"]) == (409, "not_requested")
    assert api_as(staff_b).post(f"{url}/cancel").status_code == 404
    assert api_as(staff_a).post(f"{url}/cancel").json()["status"] == "cancelled"
    assert api_as(staff_a).post("/api/v1/bookings/999999/cancel").status_code == 404


def test_recurring_booking_through_the_api(api_as, staff_a, lab):
    monday = next_weekday(0, weeks=2)
    body = {
        "resource": lab.pk,
        "starts_at": at(monday, 14).isoformat(),
        "ends_at": at(monday, 16).isoformat(),
        "purpose": "session",
        "rrule": "FREQ=WEEKLY;COUNT=10",
        "exdates": [str(monday + dt.timedelta(days=14))],
    }
    response = api_as(staff_a).post("/api/v1/bookings", body)
    assert response.status_code == 201
    assert len(response.json()["bookings"]) == 9
    invalid = api_as(staff_a).post("/api/v1/bookings", body | {"rrule": "FREQ=SOMETIMES"})
    assert invalid.json()["code"] == "invalid_rrule"


def test_maintenance_api(api_as, staff_a, lab, facility_manager):
    day = next_weekday(4)
    api_as(staff_a).post(
        "/api/v1/bookings",
        {
            "resource": lab.pk,
            "starts_at": at(day, 9).isoformat(),
            "ends_at": at(day, 10).isoformat(),
            "purpose": "event",
        },
    )
    block = {
        "resource": lab.pk,
        "starts_at": at(day, 8).isoformat(),
        "ends_at": at(day, 18).isoformat(),
        "reason": "Annual service",
    }
    assert api_as(staff_a).post("/api/v1/maintenance", block).status_code == 403
    refused = api_as(facility_manager).post("/api/v1/maintenance", block)
    assert (refused.status_code, len(refused.json()["conflicts"])) == (409, 1)
    done = api_as(facility_manager).post("/api/v1/maintenance", block | {"cancel_clashing": True})
    assert done.status_code == 201
    assert len(done.json()["skipped"]) == 1


def test_session_room_through_the_api(api_as, staff_a, staff_b, programme_a, lab):
    from biocampus.conftest import make_session

    day = next_weekday(1, weeks=2)
    session = make_session(
        staff_a,
        programme_a,
        starts_at=at(day, 9),
        ends_at=at(day, 16),
        enrolment_deadline=at(day, 8),
    )
    url = f"/api/v1/sessions/{session.pk}/room"
    assert api_as(staff_b).post(url, {"resource": lab.pk}).status_code == 403
    held = api_as(staff_a).post(url, {"resource": lab.pk})
    assert (held.status_code, held.json()["count"]) == (201, 1)
    again = api_as(staff_a).post(url, {"resource": lab.pk})
    assert (again.status_code, again.json()["code"]) == (409, "already_held")


def test_a_recurrence_that_never_comes_is_a_422(api_as, staff_a, lab):
    day = next_weekday(1)
    body = {
        "resource": lab.pk,
        "starts_at": at(day, 10).isoformat(),
        "ends_at": at(day, 11).isoformat(),
        "purpose": "session",
        # 30 February never comes: dateutil would search until the year 9999.
        "rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=3",
    }
    response = api_as(staff_a).post("/api/v1/bookings", body)
    assert (response.status_code, response.json()["code"]) == (422, "invalid_rrule")
