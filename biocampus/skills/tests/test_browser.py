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
