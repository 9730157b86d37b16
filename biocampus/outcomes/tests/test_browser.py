"""In Chromium: an employer marks a candidate hired, the learner confirms, and the campus's
progress on the jobs-gap page moves by one (desktop and phone, axe on every page)."""

import datetime as dt

import pytest

from biocampus.conftest import UserFactory, assert_accessible, sign_in, sign_out
from biocampus.outcomes.models import JobOutcome
from biocampus.outcomes.tests.test_attribution import completed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_hire_confirmed_moves_the_campus_progress_by_one(
    page, screen, live_server, vacancy, recruiter_a, hired_candidate, staff_a, operator_a
):
    start = dt.date.today() + dt.timedelta(days=20)
    for n in range(5):  # enough jobs already that the public figure is shown
        someone = UserFactory()
        completed(staff_a, operator_a, someone, f"Course {n}", dt.date.today())
        JobOutcome.objects.create(
            learner=someone, status="employed", start_date=start, source="self"
        )
    completed(staff_a, operator_a, hired_candidate, "QC analytics", dt.date.today())
    base = live_server.url
    page.goto(f"{base}/skills/jobs-gap/")
    page.get_by_text("5 jobs filled so far").wait_for()

    sign_in(page, base, recruiter_a.email)
    page.goto(f"{base}/skills/hiring/vacancies/{vacancy.pk}/")
    assert_accessible(page)
    page.get_by_label("Hired").select_option(str(hired_candidate.pk))
    page.get_by_label("Start date").fill(str(start))
    page.get_by_label("Contract").first.select_option("permanent")
    page.get_by_role("button", name="Record the hire").click()
    page.get_by_text("it counts once").wait_for()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, base, hired_candidate.email)
    page.get_by_text("An employer says you were hired").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Confirm or decline").click()
    page.get_by_role("button", name=f"Confirm {vacancy.title}").click()
    page.get_by_text("congratulations on the new job").wait_for()
    assert_accessible(page)

    page.goto(f"{base}/skills/jobs-gap/")
    page.get_by_text("6 jobs filled so far").wait_for()
    assert_accessible(page)
