"""Home blocks fed by skills: the learner's target job with readiness and next skill,
and the employer's open vacancies with candidate counts."""

import pytest

from biocampus.conftest import UserFactory
from biocampus.skills.services import profiles

pytestmark = pytest.mark.django_db


def test_a_learner_sees_their_target_job_readiness_and_next_skill(client, qc_job, skills):
    learner = UserFactory()
    profiles.target_set(actor=learner, occupation_id=qc_job.pk)
    profiles.skills_declare(actor=learner, skill_ids=[skills["gmp"].pk])
    client.force_login(learner)
    response = client.get("/")
    block = response.context["blocks"]["learner"]
    assert block["target"] == qc_job
    assert 0 < block["readiness"] < 100
    # The first essential skill still missing, in the order the job page lists them.
    assert block["next_skill"] == skills["chromatography"]
    html = response.content.decode()
    assert "qc analyst" in html
    assert f"Ready at {block['readiness']} %" in html


def test_an_employer_sees_open_vacancies_with_candidate_counts(
    client, vacancy, recruiter_a, recruiter_b, skills
):
    for _n in range(2):
        candidate = UserFactory()
        profiles.skills_declare(actor=candidate, skill_ids=[skills["hplc"].pk])
        profiles.consent_set(actor=candidate, findable=True)
    hidden = UserFactory()
    profiles.skills_declare(actor=hidden, skill_ids=[skills["hplc"].pk])
    client.force_login(recruiter_a)
    response = client.get("/")
    assert response.context["blocks"]["employer"]["vacancies"] == [(vacancy, 2)]
    # Counted in the database, the same people the ranking lists.
    from biocampus.skills.queries.matching import candidate_count, rank_candidates

    assert candidate_count(vacancy) == len(rank_candidates(vacancy)) == 2
    assert "2 candidates" in response.content.decode()
    client.force_login(recruiter_b)
    assert client.get("/").context["blocks"]["employer"]["vacancies"] == []


def test_an_employer_sees_a_chart_of_planned_hires_per_year(client, recruiter_a, company_a, qc_job):
    from biocampus.skills.services.vacancies import forecast_set

    client.force_login(recruiter_a)
    assert "chart-figure" not in client.get("/skills/hiring/").content.decode()
    for year, headcount in ((2027, 4), (2028, 10)):
        forecast_set(
            actor=recruiter_a,
            employer_id=company_a.pk,
            occupation_id=qc_job.pk,
            year=year,
            headcount=headcount,
        )
    page = client.get("/skills/hiring/").content.decode()
    assert "People you plan to hire, per year" in page
    assert ">2027</text>" in page
    assert ">10</text>" in page


def test_one_company_means_no_company_to_choose(client, recruiter_a, company_a):
    client.force_login(recruiter_a)
    page = client.get("/skills/hiring/").content.decode()
    assert f'<input type="hidden" name="employer" value="{company_a.pk}"' in page
    assert "Choose a job" in page
