import datetime as dt
from decimal import Decimal

import pytest

from biocampus.conftest import make_programme, make_session
from biocampus.skills.models import LearnerSkill, OccupationSkill, ProgrammeSkill
from biocampus.skills.queries.pathway import PathwayRequest, pathway_plan
from biocampus.skills.services.pathway import pathway_enrol

pytestmark = pytest.mark.django_db


def course(staff, operator, title, hours, price, teaches, requires=(), languages=("en",)):
    programme = make_programme(
        staff,
        operator,
        title=title,
        duration_hours=Decimal(hours),
        price=Decimal(price),
        languages=list(languages),
    )
    ProgrammeSkill.objects.bulk_create(
        [ProgrammeSkill(programme=programme, skill=s, role="teaches") for s in teaches]
        + [ProgrammeSkill(programme=programme, skill=s, role="requires") for s in requires]
    )
    return programme


@pytest.fixture
def catalogue(staff_a, operator_a, skills, learner):
    LearnerSkill.objects.create(learner=learner, skill=skills["gmp"], source="verified")
    s = skills
    hplc = course(staff_a, operator_a, "HPLC", 21, 500, [s["hplc"]])
    both = course(
        staff_a,
        operator_a,
        "QC analytics",
        40,
        700,
        [s["hplc"], s["chromatography"]],
        languages=["fr"],
    )
    chrom = course(
        staff_a, operator_a, "Chromatography", 14, 300, [s["chromatography"]], requires=[s["gmp"]]
    )
    return {
        "hplc": make_session(staff_a, hplc, days=10),
        "both": make_session(staff_a, both, days=20),
        "chrom": make_session(staff_a, chrom, days=12),
        "chrom_late": make_session(staff_a, chrom, days=30),
    }


def test_least_time_and_least_cost_pathways(learner, qc_job, catalogue):
    by_time = pathway_plan(learner=learner, request=PathwayRequest(qc_job, "time"))
    assert by_time.status == "optimal"
    assert [s.pk for s in by_time.sessions] == [catalogue["hplc"].pk, catalogue["chrom"].pk]
    assert by_time.total_hours == Decimal(35)
    assert by_time.total_cost_eur == Decimal(800)
    assert set(by_time.covers.values()) == {catalogue["hplc"].pk, catalogue["chrom"].pk}
    assert by_time.uncovered == []

    by_cost = pathway_plan(learner=learner, request=PathwayRequest(qc_job, "cost"))
    assert [s.pk for s in by_cost.sessions] == [catalogue["both"].pk]
    assert by_cost.total_cost_eur == Decimal(700)


def test_language_budget_and_window_constraints(learner, qc_job, catalogue):
    english = pathway_plan(learner=learner, request=PathwayRequest(qc_job, "cost", language="en"))
    assert catalogue["both"].pk not in [s.pk for s in english.sessions]
    assert english.total_cost_eur == Decimal(800)

    broke = pathway_plan(
        learner=learner, request=PathwayRequest(qc_job, "time", max_budget_eur=Decimal(600))
    )
    assert broke.status == "infeasible"
    assert broke.sessions == []

    later = catalogue["chrom"].starts_at + dt.timedelta(minutes=1)
    window = pathway_plan(
        learner=learner, request=PathwayRequest(qc_job, "time", language="en", start_after=later)
    )
    # Only the late chromatography run starts after the window opens; nothing teaches HPLC.
    assert [s.pk for s in window.sessions] == [catalogue["chrom_late"].pk]
    assert window.uncovered == [catalogue["hplc"].programme.skill_links.get().skill_id]


def test_missing_prerequisite_is_planned_first_and_untaught_skills_are_uncovered(
    learner, staff_a, operator_a, skills, qc_job, catalogue
):
    LearnerSkill.objects.filter(learner=learner, skill=skills["gmp"]).delete()
    OccupationSkill.objects.filter(occupation=qc_job, skill=skills["gmp"]).delete()
    OccupationSkill.objects.filter(occupation=qc_job, skill=skills["teamwork"]).update(
        relation="essential"
    )
    gmp = course(staff_a, operator_a, "GMP", 7, 100, [skills["gmp"]])
    gmp_early = make_session(staff_a, gmp, days=5)

    plan = pathway_plan(learner=learner, request=PathwayRequest(qc_job, "time", language="en"))
    ids = [s.pk for s in plan.sessions]
    assert ids == [gmp_early.pk, catalogue["hplc"].pk, catalogue["chrom"].pk]
    assert plan.uncovered == [skills["teamwork"].pk]


def test_full_sessions_are_flagged_and_enrolling_uses_the_enrolment_rules(
    learner, staff_a, qc_job, catalogue
):
    from biocampus.catalog.models import Session

    Session.objects.filter(pk=catalogue["chrom"].pk).update(capacity=1, confirmed_seats=1)
    plan = pathway_plan(learner=learner, request=PathwayRequest(qc_job, "time", language="en"))
    # Same time either way, so the planner takes the later run that still has seats.
    assert [s.pk for s in plan.sessions] == [catalogue["hplc"].pk, catalogue["chrom_late"].pk]
    assert plan.waitlisted == set()

    Session.objects.filter(pk=catalogue["chrom_late"].pk).update(capacity=1, confirmed_seats=1)
    plan = pathway_plan(learner=learner, request=PathwayRequest(qc_job, "time", language="en"))
    assert plan.waitlisted == {plan.sessions[1].pk}

    results = pathway_enrol(actor=learner, session_ids=[s.pk for s in plan.sessions])
    assert [r.status for r in results] == ["confirmed", "waitlisted"]
    again = pathway_enrol(actor=learner, session_ids=[s.pk for s in plan.sessions])
    assert [r.status for r in again] == ["duplicate", "duplicate"]

    # A seat counts as training in progress and is not planned again; a waiting-list place
    # does not: its skill is still to plan, in a session other than the one waited for.
    after = pathway_plan(learner=learner, request=PathwayRequest(qc_job, "time", language="en"))
    skill_of = {session_id: skill_id for skill_id, session_id in plan.covers.items()}
    hplc_skill, chrom_skill = (skill_of[s.pk] for s in plan.sessions)
    assert after.in_training == [hplc_skill]
    assert plan.sessions[1].pk not in [s.pk for s in after.sessions]
    assert list(after.covers) == [chrom_skill]


def test_a_pathway_needing_a_full_session_says_so_and_offers_one_with_seats(
    client, learner, qc_job, catalogue
):
    from biocampus.catalog.models import Session

    full = [catalogue["chrom"].pk, catalogue["chrom_late"].pk]
    Session.objects.filter(pk__in=full).update(capacity=1, confirmed_seats=1)
    plan = pathway_plan(learner=learner, request=PathwayRequest(qc_job, "time"))
    # The least time still goes through a full chromatography run...
    assert [s.pk for s in plan.sessions] == [catalogue["hplc"].pk, catalogue["chrom"].pk]
    assert plan.waitlisted == {catalogue["chrom"].pk}
    # ...and next to it, the best pathway where every seat is free now.
    assert [s.pk for s in plan.with_seats.sessions] == [catalogue["both"].pk]
    assert plan.with_seats.waitlisted == set()
    assert plan.with_seats.uncovered == []
    assert plan.with_seats.total_hours == Decimal(40)

    client.force_login(learner)
    page = client.get(f"/skills/jobs/{qc_job.pk}/pathway/", {"objective": "time"})
    html = page.content.decode()
    assert "The best pathway needs 1 full session" in html
    assert "The best pathway with seats available" in html
    assert "Enrol in the pathway with seats" in html

    answer = client.post(
        "/api/v1/me/pathway",
        {"occupation": qc_job.pk, "objective": "time"},
        content_type="application/json",
    ).json()
    assert [s["id"] for s in answer["with_seats"]["sessions"]] == [catalogue["both"].pk]


def test_a_pathway_with_seats_everywhere_offers_no_alternative(learner, qc_job, catalogue):
    plan = pathway_plan(learner=learner, request=PathwayRequest(qc_job, "time"))
    assert plan.waitlisted == set()
    assert plan.with_seats is None
