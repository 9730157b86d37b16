"""Browser test of the skills-to-jobs path: pick a target job, see the gap, get a pathway
and enrol in it (Debian's chromium, axe-core on every page)."""

from decimal import Decimal

import pytest

from biocampus.conftest import assert_accessible, make_programme, make_session, sign_in, sign_out
from biocampus.skills.models import LearnerSkill, ProgrammeSkill

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_learner_closes_a_gap_with_a_pathway(
    page,
    screen,
    live_server,
    learner,
    staff_a,
    operator_a,
    skills,
    qc_job,
):
    LearnerSkill.objects.create(learner=learner, skill=skills["gmp"], source="verified")
    programme = make_programme(
        staff_a, operator_a, title="QC analytics bootcamp", price=Decimal(400)
    )
    for code in ("hplc", "chromatography"):
        ProgrammeSkill.objects.create(programme=programme, skill=skills[code], role="teaches")
    make_session(staff_a, programme, days=12)
    base = live_server.url
    sign_in(page, base, learner.email)

    page.goto(f"{base}/skills/jobs/?q=qc")
    assert_accessible(page)
    page.get_by_role("link", name="qc analyst").click()
    page.get_by_text("Your readiness").wait_for()
    assert_accessible(page)
    essential = page.get_by_role("table", name="Essential skills")
    assert essential.locator("td", has_text="Missing").count() == 2  # hplc, chromatography
    page.get_by_role("button", name="Make this my target job").click()
    page.get_by_text("This is now your target job.").wait_for()

    page.get_by_label("Lowest cost").check()
    page.get_by_role("button", name="Plan my pathway").click()
    page.get_by_role("cell", name="QC analytics bootcamp").wait_for()
    assert_accessible(page)
    assert "400.00" in page.locator(".figures").inner_text()

    page.get_by_role("button", name="Enrol in the whole pathway").click()
    page.wait_for_url(f"{base}/my-training/")
    page.get_by_text("Pathway booked: 1 confirmed, 0 on a waiting list.").wait_for()
    row = page.get_by_role("row", name="QC analytics bootcamp")
    assert "Confirmed" in row.inner_text()
    assert_accessible(page)


def test_skills_pages_are_accessible(
    page,
    live_server,
    learner,
    recruiter_a,
    vacancy,
):
    base = live_server.url
    page.goto(f"{base}/skills/jobs-gap/")
    page.get_by_role("heading", name="Demand and supply by occupation").wait_for()
    assert_accessible(page)
    sign_in(page, base, learner.email)
    page.goto(f"{base}/skills/me/")
    page.get_by_label("Search skills (in any language)").fill("hplc")
    page.get_by_role("button", name="Add hplc").click()
    page.get_by_text("Added to your skills.").wait_for()
    assert_accessible(page)
    page.goto(f"{base}/skills/me/vacancies/")
    page.get_by_role("heading", name=vacancy.title).wait_for()
    assert_accessible(page)

    sign_out(page)
    sign_in(page, base, recruiter_a.email)
    page.goto(f"{base}/skills/hiring/")
    assert_accessible(page)
    page.get_by_role("link", name=vacancy.title).click()
    page.get_by_role("heading", name="Skills required").wait_for()
    assert_accessible(page)
    page.goto(f"{base}/skills/hiring/vacancies/new/")
    assert_accessible(page)


def test_an_employer_publishes_a_vacancy_and_sees_candidates(
    page, screen, live_server, recruiter_a
):
    import datetime as dt

    from django.utils import timezone

    from biocampus.conftest import UserFactory
    from biocampus.skills.models import Occupation, Skill
    from biocampus.skills.services import profiles
    from biocampus.skills.services.campus_framework import campus_framework_load

    campus_framework_load()
    qc_job = Occupation.objects.get(framework__slug="biocampus", code="qc-analyst")
    hplc = Skill.objects.get(framework__slug="biocampus", code="hplc")
    candidate = UserFactory(full_name="Chloé Candidate")
    profiles.skills_declare(actor=candidate, skill_ids=[hplc.pk])
    profiles.consent_set(actor=candidate, findable=True)
    base = live_server.url
    sign_in(page, base, recruiter_a.email)
    page.goto(f"{base}/skills/hiring/vacancies/new/")
    assert_accessible(page)
    page.get_by_label("Occupation").select_option(str(qc_job.pk))
    page.get_by_label("Title").fill("QC analyst (HPLC)")
    page.get_by_label("Location").fill("Gosselies")
    page.get_by_label("Closing date").fill(str(timezone.localdate() + dt.timedelta(days=30)))
    page.get_by_label("Status").select_option("open")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="QC analyst (HPLC)").wait_for()
    assert page.get_by_role("heading", name="1 candidate who agreed to be found").is_visible()
    assert page.get_by_text("Chloé Candidate").is_visible()
    assert_accessible(page)
    page.goto(f"{base}/")
    assert page.get_by_text("1 candidate", exact=True).is_visible()
    assert_accessible(page)
