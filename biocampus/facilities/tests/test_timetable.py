import datetime as dt

import pytest
from django.utils import timezone

from biocampus.facilities.models import Booking, Feature, Resource, TimetableProposal
from biocampus.facilities.tests.conftest import next_weekday

pytestmark = pytest.mark.django_db


def propose(api, body):
    """Queue a proposal (the tests' task backend runs the worker's task at once) and read
    the result back as a client polling for it would."""
    response = api.post("/api/v1/timetable/proposals", body)
    assert response.status_code == 201, response.content
    return api.get(f"/api/v1/timetable/proposals/{response.json()['id']}").json()


def test_propose_then_accept_books_the_rooms(api_as, staff_a, staff_b, operator_a, lab, campus):
    classroom = Resource.objects.create(
        name="Classroom 2", slug="classroom-2", kind="classroom", capacity=24, organisation=campus
    )
    monday = next_weekday(0, weeks=2)
    body = {
        "window_from": str(monday),
        "window_to": str(monday + dt.timedelta(days=1)),
        "meetings": [
            {
                "ref": "gmp-1",
                "duration_minutes": 180,
                "capacity": 20,
                "trainer": "ana",
                "cohort": "A",
            },
            {
                "ref": "gmp-2",
                "duration_minutes": 180,
                "capacity": 20,
                "trainer": "ana",
                "cohort": "A",
            },
            {
                "ref": "lab-1",
                "duration_minutes": 120,
                "features": ["bsl-2"],
                "capacity": 10,
                "trainer": "ben",
                "cohort": "A",
            },
            {"ref": "vr-1", "duration_minutes": 60, "features": ["vr-seats"], "cohort": "B"},
        ],
        "unavailable": {"ana": [[f"{monday}T08:00:00", f"{monday}T13:00:00"]]},
    }
    Feature.objects.create(code="vr-seats", name="VR seats")  # known, but in no room
    proposal = propose(api_as(staff_a), body)
    assert proposal["status"] == "optimal"
    assert set(proposal["unplaced"]) == {"vr-1"}  # no room has VR seats
    placed = {p["ref"]: p for p in proposal["placements"]}
    assert placed["lab-1"]["resource"] == lab.pk
    assert {placed["gmp-1"]["resource"], placed["gmp-2"]["resource"]} == {classroom.pk}
    for ref in ("gmp-1", "gmp-2"):
        start = timezone.localtime(dt.datetime.fromisoformat(placed[ref]["starts_at"]))
        assert not (start.date() == monday and start.hour < 13)  # Ana is away then

    # Another operator's proposal is not theirs to see: the same 404 as a missing one.
    assert (
        api_as(staff_b).post(f"/api/v1/timetable/proposals/{proposal['id']}/accept").status_code
        == 404
    )
    accepted = api_as(staff_a).post(f"/api/v1/timetable/proposals/{proposal['id']}/accept").json()
    assert accepted["count"] == 3
    assert Booking.objects.filter(organisation=operator_a, status="approved").count() == 3
    again = api_as(staff_a).post(f"/api/v1/timetable/proposals/{proposal['id']}/accept")
    assert (again.status_code, again.json()["code"]) == (409, "already_accepted")


def test_a_clash_since_the_proposal_books_nothing(api_as, staff_a, staff_b, operator_b, lab):
    monday = next_weekday(0, weeks=3)
    body = {
        "window_from": str(monday),
        "window_to": str(monday),
        "meetings": [
            {"ref": "lab", "duration_minutes": 120, "features": ["bsl-2"]},
            {"ref": "lab2", "duration_minutes": 120, "features": ["bsl-2"]},
        ],
    }
    proposal = propose(api_as(staff_a), body)
    first = proposal["placements"][0]
    api_as(staff_b).post(
        "/api/v1/bookings",
        {
            "resource": lab.pk,
            "starts_at": first["starts_at"],
            "ends_at": first["ends_at"],
            "purpose": "event",
        },
    )
    response = api_as(staff_a).post(f"/api/v1/timetable/proposals/{proposal['id']}/accept")
    assert (response.status_code, response.json()["code"]) == (409, "conflict")
    assert Booking.objects.filter(booked_by=staff_a).count() == 0
    bad = api_as(staff_a).post(
        "/api/v1/timetable/proposals", body | {"window_to": str(monday + dt.timedelta(days=40))}
    )
    assert (bad.status_code, bad.json()["code"]) == (422, "too_large")


def test_an_oversized_instance_is_a_422_and_one_proposal_at_a_time(
    api_as, staff_a, operator_a, lab
):
    from biocampus.facilities.models import TimetableProposal

    monday = next_weekday(0, weeks=3)
    body = {"window_from": str(monday), "window_to": str(monday)}
    many = [{"ref": f"m{i}", "duration_minutes": 60} for i in range(401)]
    api = api_as(staff_a)
    too_many = api.post("/api/v1/timetable/proposals", body | {"meetings": many})
    assert too_many.status_code == 422
    # A proposal the worker has not finished yet...
    waiting = TimetableProposal.objects.create(
        organisation=operator_a,
        created_by=staff_a,
        window_start=timezone.now(),
        window_end=timezone.now(),
        meetings=many[:1],
        status="running",
    )
    # ...makes the organisation wait before asking again.
    second = api.post("/api/v1/timetable/proposals", body | {"meetings": many[:1]})
    assert (second.status_code, second.json()["code"]) == (409, "proposal_running")
    polled = api.get(f"/api/v1/timetable/proposals/{waiting.pk}").json()
    assert polled["status"] == "running"
    TimetableProposal.objects.filter(pk=waiting.pk).update(status="optimal")
    assert api.post("/api/v1/timetable/proposals", body | {"meetings": many[:1]}).status_code == 201


def test_one_person_cannot_queue_proposals_through_several_companies(api_as, staff_a, operator_a):
    import datetime as dt_

    from biocampus.accounts.models import Membership
    from biocampus.conftest import OrganisationFactory
    from biocampus.facilities.models import TimetableProposal

    shell = OrganisationFactory(name="Shell Co", kind="company")
    Membership.objects.create(user=staff_a, organisation=shell, role="admin")
    TimetableProposal.objects.create(
        organisation=operator_a,
        created_by=staff_a,
        window_start=timezone.now(),
        window_end=timezone.now(),
        meetings=[],
        status="queued",
    )
    monday = next_weekday(0, weeks=3)
    body = {
        "organisation": shell.pk,
        "window_from": str(monday),
        "window_to": str(monday),
        "meetings": [{"ref": "m", "duration_minutes": 60}],
    }
    refused = api_as(staff_a).post("/api/v1/timetable/proposals", body)
    assert (refused.status_code, refused.json()["code"]) == (409, "proposal_running")
    # A proposal whose worker died an hour ago no longer blocks anyone.
    TimetableProposal.objects.update(created_at=timezone.now() - dt_.timedelta(hours=1))
    assert api_as(staff_a).post("/api/v1/timetable/proposals", body).status_code == 201
    assert TimetableProposal.objects.filter(status="failed").count() == 1


def test_an_unknown_feature_is_refused_not_silently_unplaced(api_as, staff_a, operator_a, lab):
    monday = next_weekday(0, weeks=2)
    body = {
        "window_from": str(monday),
        "window_to": str(monday),
        "meetings": [
            {"ref": "lab", "duration_minutes": 120, "features": ["Biosafety level 2"]},
        ],
    }
    response = api_as(staff_a).post("/api/v1/timetable/proposals", body)
    assert response.status_code == 400
    answer = response.json()
    assert answer["code"] == "unknown_feature"
    assert "Biosafety level 2" in answer["message"]
    assert "bsl-2" in answer["message"]  # the features it could have used
    assert not TimetableProposal.objects.exists()
