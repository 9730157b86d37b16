"""The immersion API end to end: a teacher asks, the campus confirms and plans the day,
the teacher is told by e-mail with the plan attached and downloads the PDFs."""

import io

import pytest
from django.core import mail
from pypdf import PdfReader

from biocampus.accounts.models import Organisation, Role
from biocampus.conftest import member
from biocampus.facilities.models import Booking
from biocampus.immersion.models import StaffSkill, VisitStatus
from biocampus.immersion.tests.conftest import WHEN


@pytest.fixture
def planner(campus):
    person = member(campus, role=Role.STAFF, email="planner@campus.test")
    for i, skill in enumerate(["vr", "lab", "lab", "vr"]):
        colleague = member(campus, role=Role.STAFF, email=f"guide{i}@campus.test")
        StaffSkill.objects.create(person=colleague, skill=skill)
    return person


def request_body(school, fmt, **changes):
    return {
        "school": school.pk,
        "format": fmt.pk,
        "class_name": "3B",
        "school_year": 9,
        "pupils": 22,
        "adults": 2,
        "language": "fr",
        "arrival": "09:00",
        "departure": "15:30",
        "dates": [WHEN.isoformat()],
        "accessibility": "",
    } | changes


def pdf_text(response) -> tuple[int, str]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


def test_formats_are_public_with_their_stations_and_days(client, discovery, day):
    response = client.get("/api/v1/immersion/formats")
    assert response.status_code == 200
    [fmt] = response.json()
    assert fmt["name"] == "Discovery day"
    assert [s["name"] for s in fmt["stations"]] == ["VR", "Wet lab", "Cleanroom"]
    assert fmt["minimum_stay_minutes"] == 45 + 60 + 45 + 45  # the stations, then lunch
    assert [d["date"] for d in fmt["days"]] == [WHEN.isoformat()]


def test_a_visit_request_is_checked_and_errors_are_json(api_as, teacher, school, discovery, day):
    api = api_as(teacher)
    too_many = api.post("/api/v1/immersion/visits", request_body(school, discovery, pupils=41))
    assert too_many.status_code == 422
    assert too_many.json()["code"] == "validation_error"
    short = api.post("/api/v1/immersion/visits", request_body(school, discovery, departure="10:00"))
    assert short.status_code == 400
    assert short.json()["code"] == "stay_too_short"
    other = Organisation.objects.create(name="Other", slug="other-school", kind="school")
    foreign = api.post("/api/v1/immersion/visits", request_body(other, discovery))
    assert foreign.status_code == 404
    made = api.post("/api/v1/immersion/visits", request_body(school, discovery))
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "requested"
    assert made.json()["acceptable_dates"] == [WHEN.isoformat()]
    mine = api.get("/api/v1/me/visits").json()
    assert mine["count"] == 1
    assert mine["items"][0]["class_name"] == "3B"
    stranger = member(other, email="stranger@other.test")
    assert api_as(stranger).get("/api/v1/me/visits").json()["count"] == 0
    assert api_as(stranger).get(f"/api/v1/immersion/visits/{made.json()['id']}").status_code == 404


def test_the_day_is_planned_accepted_and_printed(
    api_as, teacher, school, discovery, day, planner, django_capture_on_commit_callbacks
):
    teacher_api, campus_api = api_as(teacher), api_as(planner)
    visits = []
    for name, arrival in [("3B", "09:00"), ("4A", "09:30")]:
        body = request_body(school, discovery, class_name=name, arrival=arrival)
        visits.append(teacher_api.post("/api/v1/immersion/visits", body).json()["id"])

    assert teacher_api.post(f"/api/v1/immersion/days/{WHEN}/plan").status_code == 404
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for visit_id in visits:
            answer = campus_api.post(
                f"/api/v1/immersion/visits/{visit_id}/schedule", {"date": WHEN.isoformat()}
            )
            assert answer.json()["status"] == "confirmed"
    assert len(mail.outbox) == 2
    assert all(m.to == [teacher.email] for m in mail.outbox)
    assert "3B" in mail.outbox[0].subject

    early = teacher_api.get(f"/api/v1/immersion/visits/{visits[0]}/plan.pdf")
    assert early.status_code == 404
    assert early.json()["code"] == "not_planned"

    computed = campus_api.post(f"/api/v1/immersion/days/{WHEN}/plan")
    assert computed.status_code == 201, computed.content
    plan = computed.json()
    assert plan["solver_status"] in ("optimal", "feasible")
    assert plan["status"] == "proposed"
    # 22 pupils make three groups; each group of each class sees the three stations once.
    assert len(plan["slots"]) == 2 * 3 * 3
    assert {lunch["visit"] for lunch in plan["lunches"]} == set(visits)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        accepted = campus_api.post(f"/api/v1/immersion/plans/{plan['id']}/accept")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    assert Booking.objects.filter(organisation__kind="campus").exists()
    again = campus_api.post(f"/api/v1/immersion/plans/{plan['id']}/accept")
    assert again.status_code == 409
    assert teacher_api.get(f"/api/v1/immersion/visits/{visits[0]}").json()["status"] == "planned"

    assert len(mail.outbox) == 2
    [(name, content, mimetype)] = mail.outbox[0].attachments
    assert mimetype == "application/pdf"
    assert name.endswith(".pdf")
    assert len(PdfReader(io.BytesIO(content)).pages) == 3

    pages, text = pdf_text(teacher_api.get(f"/api/v1/immersion/visits/{visits[0]}/plan.pdf"))
    assert pages == 3  # a page per group
    for station in ("VR", "Wet lab", "Cleanroom", "Déjeuner", "Départ"):
        assert station in text  # the class's language (fr) prints the plan
    assert "Groupe 1 sur 3" in text
    assert "Groupe 3 sur 3" in text

    pages, text = pdf_text(
        teacher_api.get(f"/api/v1/immersion/visits/{visits[1]}/certificates.pdf")
    )
    assert pages == 22  # one per pupil, no names
    assert "Wet lab" in text

    pages, text = pdf_text(campus_api.get(f"/api/v1/immersion/plans/{plan['id']}/stations.pdf"))
    assert pages == 3  # a page per station
    assert "3B" in text
    assert "4A" in text
    assert teacher_api.get(f"/api/v1/immersion/plans/{plan['id']}/stations.pdf").status_code == 404


def test_an_impossible_day_gets_a_plan_with_reasons(api_as, teacher, school, discovery, day):
    campus_staff = member(discovery.campus, role=Role.STAFF, email="alone@campus.test")
    body = request_body(school, discovery)
    visit = api_as(teacher).post("/api/v1/immersion/visits", body).json()
    api = api_as(campus_staff)
    api.post(f"/api/v1/immersion/visits/{visit['id']}/schedule", {"date": WHEN.isoformat()})
    plan = api.post(f"/api/v1/immersion/days/{WHEN}/plan").json()
    assert plan["solver_status"] == "infeasible"
    assert plan["slots"] == []
    assert {r["code"] for r in plan["reasons"]} == {"no_trained_staff"}
    refused = api.post(f"/api/v1/immersion/plans/{plan['id']}/accept")
    assert refused.status_code == 409
    assert refused.json()["code"] == "stale"
    assert (
        api.get(f"/api/v1/immersion/visits/{visit['id']}").json()["status"] == VisitStatus.CONFIRMED
    )
