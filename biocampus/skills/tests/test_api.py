import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from biocampus.conftest import UserFactory, make_programme, make_session
from biocampus.skills.models import LearnerSkill, ProgrammeSkill

pytestmark = pytest.mark.django_db


def test_skill_and_occupation_autocomplete(client, skills, qc_job):
    body = client.get("/api/v1/skills", {"q": "HPL"}).json()
    assert body["count"] == 1
    assert body["items"][0]["label"] == "hplc"
    assert client.get("/api/v1/occupations", {"q": "qc"}).json()["items"][0]["id"] == qc_job.pk


def test_my_skills_consent_and_gap(api_as, learner, skills, qc_job):
    api = api_as(learner)
    LearnerSkill.objects.create(learner=learner, skill=skills["gmp"], source="verified")
    response = api.put("/api/v1/me/skills", {"declared": [skills["hplc"].pk, skills["lean"].pk]})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["skill"]["label"], i["source"]) for i in items] == [
        ("gmp", "verified"),
        ("hplc", "declared"),
        ("lean", "declared"),
    ]
    bad = api.put("/api/v1/me/skills", {"declared": [987654]})
    assert (bad.status_code, bad.json()["code"]) == (400, "unknown_skill")

    consent = api.put("/api/v1/me/consent", {"findable": True}).json()
    assert consent["findable"] is True
    assert consent["changed_at"]

    gap = api.get("/api/v1/me/gap", {"occupation": qc_job.pk}).json()
    assert [(i["skill"]["label"], i["state"]) for i in gap["essential"]] == [
        ("gmp", "verified"),
        ("chromatography", "missing"),
        ("hplc", "declared"),
    ]
    assert gap["readiness"] == round(100 * 4.5 / 11)
    missing = api.get("/api/v1/me/gap", {"occupation": 999999})
    assert (missing.status_code, missing.json()["code"]) == (404, "not_found")
    assert api.get("/api/v1/me/gap").status_code == 422


def test_pathway_then_enrol_in_it(api_as, learner, staff_a, operator_a, skills, qc_job):
    LearnerSkill.objects.create(learner=learner, skill=skills["gmp"], source="verified")
    sessions = []
    for title, taught, days in (("HPLC", "hplc", 10), ("Chromatography", "chromatography", 20)):
        programme = make_programme(staff_a, operator_a, title=title, price=Decimal(250))
        ProgrammeSkill.objects.create(programme=programme, skill=skills[taught], role="teaches")
        sessions.append(make_session(staff_a, programme, days=days, capacity=1))
    api = api_as(learner)
    plan = api.post("/api/v1/me/pathway", {"occupation": qc_job.pk, "objective": "cost"}).json()
    assert plan["status"] == "optimal"
    assert [s["id"] for s in plan["sessions"]] == [s.pk for s in sessions]
    assert plan["total_cost_eur"] == "500.00"
    assert plan["uncovered"] == []
    assert set(plan["covers"].values()) == {s.pk for s in sessions}
    assert plan["sessions"][0]["teaches"][0]["label"] == "hplc"

    invalid = api.post("/api/v1/me/pathway", {"occupation": qc_job.pk, "objective": "fun"})
    assert invalid.status_code == 422
    window = api.post(
        "/api/v1/me/pathway",
        {
            "occupation": qc_job.pk,
            "start_after": (timezone.now() + dt.timedelta(days=30)).isoformat(),
            "finish_before": (timezone.now() + dt.timedelta(days=1)).isoformat(),
        },
    )
    assert (window.status_code, window.json()["code"]) == (400, "invalid_window")

    # Someone takes the only seat of the second session first.
    other = UserFactory()
    api_as(other).post(f"/api/v1/sessions/{sessions[1].pk}/enrolments", {"seats": 1})
    result = api.post(
        "/api/v1/me/pathway/enrol", {"session_ids": [s["id"] for s in plan["sessions"]]}
    ).json()
    assert [r["status"] for r in result["results"]] == ["confirmed", "waitlisted"]
    assert (result["confirmed"], result["waitlisted"], result["refused"]) == (1, 1, 0)
    again = api.post("/api/v1/me/pathway/enrol", {"session_ids": [sessions[0].pk]}).json()
    assert again["results"][0]["status"] == "duplicate"
    assert again["refused"] == 1


def vacancy_payload(company, job, **extra):
    return {
        "employer": company.pk,
        "occupation": job.pk,
        "title": "QC analyst",
        "location": "Gosselies",
        "contract": "permanent",
        "openings": 2,
        "closes_on": str(timezone.localdate() + dt.timedelta(days=20)),
        "status": "open",
        **extra,
    }


def test_vacancy_crud_is_for_the_employers_staff(
    api_as, recruiter_a, recruiter_b, company_a, qc_job, skills, learner
):
    mine = api_as(recruiter_a)
    created = mine.post("/api/v1/vacancies", vacancy_payload(company_a, qc_job, status="draft"))
    assert created.status_code == 201, created.content
    vacancy = created.json()
    assert {r["relation"] for r in vacancy["required"]} == {"essential", "optional"}

    theirs = api_as(recruiter_b)
    refused = theirs.post("/api/v1/vacancies", vacancy_payload(company_a, qc_job))
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    # A draft is invisible to others: 404, not 403.
    assert theirs.get(f"/api/v1/vacancies/{vacancy['id']}").status_code == 404
    assert api_as(learner).get(f"/api/v1/vacancies/{vacancy['id']}").status_code == 404

    patched = mine.patch(
        f"/api/v1/vacancies/{vacancy['id']}",
        {"status": "open", "skills": [{"skill": skills["hplc"].pk, "relation": "essential"}]},
    )
    assert patched.status_code == 200
    assert patched.json()["required"] == [{"skill": skills["hplc"].pk, "relation": "essential"}]
    assert api_as(learner).get(f"/api/v1/vacancies/{vacancy['id']}").status_code == 200
    assert theirs.patch(f"/api/v1/vacancies/{vacancy['id']}", {"openings": 9}).status_code == 403
    assert mine.delete(f"/api/v1/vacancies/{vacancy['id']}").json()["code"] == "not_draft"
    past = mine.patch(f"/api/v1/vacancies/{vacancy['id']}", {"closes_on": "2020-01-01"})
    assert (past.status_code, past.json()["code"]) == (400, "invalid_closing")

    draft = mine.post("/api/v1/vacancies", vacancy_payload(company_a, qc_job, status="draft"))
    assert mine.delete(f"/api/v1/vacancies/{draft.json()['id']}").status_code == 204
    assert mine.get("/api/v1/vacancies", {"mine": True}).json()["count"] == 1


def test_an_employer_never_sees_a_learner_who_did_not_consent(
    api_as, recruiter_a, recruiter_b, company_a, qc_job, skills
):
    vacancy = api_as(recruiter_a).post("/api/v1/vacancies", vacancy_payload(company_a, qc_job))
    url = f"/api/v1/vacancies/{vacancy.json()['id']}/candidates"
    shy, open_ = UserFactory(full_name="Shy"), UserFactory(full_name="Open")
    for user in (shy, open_):
        LearnerSkill.objects.create(learner=user, skill=skills["gmp"], source="verified")
    api_as(open_).put("/api/v1/me/consent", {"findable": True})

    listed = api_as(recruiter_a).get(url).json()
    assert [c["name"] for c in listed["items"]] == ["Open"]
    assert listed["items"][0]["essential"][0] == {
        "skill": {"id": skills["gmp"].pk, "uri": skills["gmp"].uri, "label": "gmp"},
        "state": "verified",
        "via": None,
        "credential": None,  # verified, but no credential backs it
    }
    assert api_as(recruiter_a).get(f"{url}/{shy.pk}").status_code == 404
    assert api_as(recruiter_a).get(f"{url}/{open_.pk}").status_code == 200
    # Another employer cannot read this vacancy's candidates at all.
    assert api_as(recruiter_b).get(url).status_code == 403

    api_as(open_).put("/api/v1/me/consent", {"findable": False})
    assert api_as(recruiter_a).get(url).json()["count"] == 0
    assert api_as(recruiter_a).get(f"{url}/{open_.pk}").status_code == 404


def test_my_vacancies_and_forecasts(api_as, recruiter_a, company_a, qc_job, skills, learner):
    api_as(recruiter_a).post("/api/v1/vacancies", vacancy_payload(company_a, qc_job))
    LearnerSkill.objects.create(learner=learner, skill=skills["hplc"], source="verified")
    mine = api_as(learner).get("/api/v1/me/vacancies").json()
    assert mine["count"] == 1
    assert mine["items"][0]["readiness"] == round(100 * 3 / 11)
    assert {s["state"] for s in mine["items"][0]["skills"]} == {"verified", "missing"}

    year = timezone.localdate().year + 1
    body = {"employer": company_a.pk, "occupation": qc_job.pk, "year": year, "headcount": 12}
    assert api_as(recruiter_a).put("/api/v1/forecasts", body).json()["headcount"] == 12
    again = api_as(recruiter_a).put("/api/v1/forecasts", body | {"headcount": 15})
    assert again.json()["headcount"] == 15
    assert len(api_as(recruiter_a).get("/api/v1/forecasts").json()) == 1
    assert api_as(learner).put("/api/v1/forecasts", body).status_code == 403
    old = api_as(recruiter_a).put("/api/v1/forecasts", body | {"year": 2001})
    assert old.json()["code"] == "invalid_year"


def test_vacancy_lists_do_not_query_per_vacancy(
    api_as, recruiter_a, company_a, qc_job, learner, django_assert_max_num_queries
):
    api = api_as(recruiter_a)
    for i in range(6):
        api.post("/api/v1/vacancies", vacancy_payload(company_a, qc_job, title=f"QC {i}"))
    reader = api_as(learner)
    with django_assert_max_num_queries(10):
        assert reader.get("/api/v1/vacancies").json()["count"] == 6
    with django_assert_max_num_queries(10):
        assert reader.get("/api/v1/me/vacancies").json()["count"] == 6
