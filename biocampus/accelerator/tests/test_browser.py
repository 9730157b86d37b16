"""Browser test: a founder applies, a reviewer scores, the operator selects (chromium,
axe-core on every page)."""

import datetime as dt

import pytest
from django.utils import timezone

from biocampus.accelerator.models import Application, Call
from biocampus.accelerator.tests.conftest import VALID_NUMBER
from biocampus.conftest import UserFactory, assert_accessible, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_review_select(
    page,
    live_server,
    call,
    acc_staff,
):
    base = live_server.url
    founder, reviewer = UserFactory(full_name="Fay Founder"), UserFactory(full_name="Rex Reviewer")

    sign_in(page, base, founder.email)
    page.goto(f"{base}/accelerator/calls/{call.pk}/")
    assert_accessible(page)
    page.get_by_label("Your start-up's name").fill("Cellula Therapeutics")
    page.get_by_role("button", name="Start my application").click()
    page.get_by_label("Enterprise number").fill(VALID_NUMBER)
    page.get_by_label("Pitch").fill("Cheaper CAR-T manufacturing.")
    page.get_by_label("Do you have lab needs?").fill("Yes, BSL-2.")
    assert_accessible(page)
    page.get_by_role("button", name="Submit (final)").click()
    # A last look before the final submission.
    page.get_by_role("heading", name="Submit your application").wait_for()
    assert_accessible(page)
    assert Application.objects.get().status == "draft"
    page.get_by_role("button", name="Submit now").click()
    page.get_by_text("Your application is submitted.").wait_for()
    application = Application.objects.get()
    assert application.status == "submitted"
    sign_out(page)

    sign_in(page, base, acc_staff.email)
    page.goto(f"{base}/accelerator/manage/calls/{call.pk}/")
    page.get_by_label("Reviewer's e-mail").fill(reviewer.email)
    page.get_by_role("button", name="Assign").click()
    page.get_by_text("Reviewer assigned.").wait_for()
    assert_accessible(page)
    sign_out(page)

    sign_in(page, base, reviewer.email)
    page.goto(f"{base}/accelerator/reviews/")
    page.get_by_role("link", name="Cellula Therapeutics").click()
    team, market = call.criteria.order_by("position")
    page.locator(f"#score-{team.pk}").fill("4")
    page.locator(f"#score-{market.pk}").fill("8")
    assert_accessible(page)
    page.get_by_role("button", name="Save my scores").click()
    page.get_by_text("Scores saved.").wait_for()
    sign_out(page)

    Call.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=20),
        closes_at=timezone.now() - dt.timedelta(minutes=1),
    )
    sign_in(page, base, acc_staff.email)
    page.goto(f"{base}/accelerator/manage/calls/{call.pk}/")
    page.get_by_label("Decision").select_option("accepted")
    page.get_by_role("button", name="Save the selection (cohort of 2)").click()
    page.get_by_text(
        "Selection saved: 1 accepted, 0 on the reserve list, 0 not selected. "
        "1 applicant whose status changed is being told."
    ).wait_for()
    assert_accessible(page)
    application.refresh_from_db()
    assert application.status == "accepted"
