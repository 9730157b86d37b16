import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from biocampus.conftest import UserFactory, make_programme, make_session
from biocampus.enrolment.models import Enrolment
from biocampus.skills.models import LearnerProfile, LearnerSkill, ProgrammeSkill, Vacancy
from biocampus.skills.services.campus_framework import campus_framework_load

pytestmark = pytest.mark.django_db


def test_my_skills_add_remove_consent_and_extract(client, learner, skills, settings, tmp_path):
    settings.SKILL_EMBEDDING_MODEL = str(tmp_path / "none")  # lexical, whatever is installed
    from biocampus.skills import embeddings
    from biocampus.skills.queries import suggestions

    embeddings.load_embedder.cache_clear()
    suggestions._rankers.clear()
    client.force_login(learner)
    page = client.get(reverse("skills:my_skills"))
    assert page.status_code == 200
    assert "You have not declared any skill yet." in page.content.decode()

    options = client.get(reverse("skills:skill_options"), {"q": "hpl"})
    assert "hplc" in options.content.decode()
    client.post(reverse("skills:skills_add"), {"skill": [skills["hplc"].pk]})
    assert LearnerSkill.objects.filter(learner=learner, skill=skills["hplc"]).exists()
    client.post(reverse("skills:skill_remove", args=[skills["hplc"].pk]))
    assert not LearnerSkill.objects.filter(learner=learner).exists()

    client.post(reverse("skills:consent"), {"findable": "1"})
    assert LearnerProfile.objects.get(learner=learner).findable
    client.post(reverse("skills:consent"), {"findable": "0"})
    assert not LearnerProfile.objects.get(learner=learner).findable

    campus_framework_load()
    found = client.post(reverse("skills:extract"), {"text": "Daily HPLC runs and GMP paperwork"})
    assert found.status_code == 200
    assert "HPLC analysis" in found.content.decode()
    empty = client.post(reverse("skills:extract"), {"text": ""})
    assert "This field is required." in empty.content.decode()


def test_jobs_gap_and_pathway_pages(client, learner, staff_a, operator_a, skills, qc_job):
    assert client.get(reverse("skills:jobs")).status_code == 200
    anonymous = client.get(reverse("skills:job", args=[qc_job.pk])).content.decode()
    assert "Sign in to see your gap" in anonymous
    assert client.get(reverse("skills:job", args=[999999])).status_code == 404

    client.force_login(learner)
    LearnerSkill.objects.create(learner=learner, skill=skills["gmp"], source="verified")
    detail = client.get(reverse("skills:job", args=[qc_job.pk])).content.decode()
    assert "Your readiness" in detail
    assert "Missing" in detail

    programme = make_programme(staff_a, operator_a, title="QC bootcamp", price=Decimal(90))
    for code in ("hplc", "chromatography"):
        ProgrammeSkill.objects.create(programme=programme, skill=skills[code], role="teaches")
    session = make_session(staff_a, programme, days=9)
    plan = client.get(reverse("skills:pathway", args=[qc_job.pk]), {"objective": "cost"})
    body = plan.content.decode()
    assert "QC bootcamp" in body
    assert "Enrol in the whole pathway" in body
    bad = client.get(
        reverse("skills:pathway", args=[qc_job.pk]),
        {"objective": "time", "start_after": "2030-05-02", "finish_before": "2030-05-01"},
    )
    assert "The finish date must come after the start date." in bad.content.decode()

    done = client.post(reverse("skills:pathway_enrol", args=[qc_job.pk]), {"session": [session.pk]})
    assert done.status_code == 302
    assert Enrolment.objects.get(learner=learner, session=session).status == "confirmed"
    client.post(reverse("skills:set_target", args=[qc_job.pk]))
    assert LearnerProfile.objects.get(learner=learner).target_occupation == qc_job


def test_employer_pages_show_only_consenting_candidates(
    client, recruiter_a, recruiter_b, company_a, qc_job, skills, learner
):
    assert client.get(reverse("skills:employer")).status_code == 302  # sign in first
    client.force_login(learner)
    assert client.get(reverse("skills:employer")).status_code == 403

    client.force_login(recruiter_a)
    assert client.get(reverse("skills:employer")).status_code == 200
    response = client.post(
        reverse("skills:vacancy_new"),
        {
            "employer": company_a.pk,
            "occupation": "",
            "title": "QC",
            "location": "Gosselies",
            "contract": "permanent",
            "openings": 1,
            "status": "open",
            "closes_on": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
        },
    )
    assert response.status_code == 200  # no occupation chosen: the form says so
    assert "This field is required." in response.content.decode()

    campus_framework_load()
    from biocampus.skills.models import Occupation

    job = Occupation.objects.get(code="qc-analyst", framework__slug="biocampus")
    response = client.post(
        reverse("skills:vacancy_new"),
        {
            "employer": company_a.pk,
            "occupation": job.pk,
            "title": "QC analyst",
            "location": "Gosselies",
            "contract": "permanent",
            "openings": 2,
            "status": "open",
            "closes_on": (timezone.localdate() + dt.timedelta(days=9)).isoformat(),
        },
    )
    vacancy = Vacancy.objects.get(title="QC analyst")
    assert response.url == reverse("skills:vacancy", args=[vacancy.pk])

    hplc = job.skill_relations.get(skill__code="hplc").skill
    shy, keen = UserFactory(full_name="Shy Person"), UserFactory(full_name="Keen Person")
    for user in (shy, keen):
        LearnerSkill.objects.create(learner=user, skill=hplc, source="verified")
    LearnerProfile.objects.create(learner=keen, findable=True, consent_changed_at=timezone.now())
    page = client.get(reverse("skills:vacancy", args=[vacancy.pk])).content.decode()
    assert "Keen Person" in page
    assert "Shy Person" not in page

    client.force_login(recruiter_b)
    assert client.get(reverse("skills:vacancy", args=[vacancy.pk])).status_code == 403


def test_public_jobs_gap_page_and_csv(client, vacancy, qc_job):
    page = client.get(reverse("skills:jobs_gap"))
    assert page.status_code == 200
    assert "2,400 jobs in 3 years" in page.content.decode()
    next_year = timezone.localdate().year + 1
    assert f"Forecast {next_year}" in page.content.decode()
    assert qc_job.label() in page.content.decode()
    csv = client.get(reverse("skills:jobs_gap"), {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert qc_job.uri in csv.content.decode()
    assert client.get(reverse("skills:jobs_gap"), {"pillar": "soft-skills"}).status_code == 200


def test_admin_lists_the_skills_reference_data(client, skills, qc_job, vacancy):
    from biocampus.conftest import UserFactory as Factory

    admin = Factory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    for model in (
        "framework",
        "skill",
        "occupation",
        "vacancy",
        "hiringforecast",
        "learnerprofile",
    ):
        response = client.get(f"/admin/skills/{model}/")
        assert response.status_code == 200, model
    assert "hplc" in client.get("/admin/skills/skill/", {"q": "hplc"}).content.decode()


def test_employer_edits_vacancy_skills_and_gets_suggestions(
    client, recruiter_a, vacancy, skills, settings, tmp_path
):
    from biocampus.skills import embeddings
    from biocampus.skills.queries import suggestions
    from biocampus.skills.services.vacancies import vacancy_update

    settings.SKILL_EMBEDDING_MODEL = str(tmp_path / "none")
    embeddings.load_embedder.cache_clear()
    suggestions._rankers.clear()
    campus_framework_load()
    vacancy_update(
        actor=recruiter_a, vacancy=vacancy, description="You run HPLC and cleanroom gowning."
    )
    client.force_login(recruiter_a)
    url = reverse("skills:vacancy_skill", args=[vacancy.pk])
    client.post(url, {"skill": skills["lean"].pk, "relation": "optional"})
    client.post(url, {"skill": skills["gmp"].pk, "relation": ""})
    rows = dict(vacancy.skill_links.values_list("skill__code", "relation"))
    assert rows["lean"] == "optional"
    assert "gmp" not in rows
    page = client.get(reverse("skills:vacancy", args=[vacancy.pk]), {"suggest": "1"})
    assert "Cleanroom gowning" in page.content.decode()
