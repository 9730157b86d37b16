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
    screen,
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


def test_the_cohort_chart_stands_on_its_baseline_with_readable_labels(
    page, live_server, call, acc_staff
):
    from decimal import Decimal

    from biocampus.accelerator.models import KpiReport
    from biocampus.accelerator.services.applications import application_submit
    from biocampus.accelerator.tests.conftest import complete_application

    founder = UserFactory()
    application = application_submit(
        actor=founder, application=complete_application(founder, call, "Cellula")
    )
    Application.objects.filter(pk=application.pk).update(status="accepted")
    for quarter, jobs in ((dt.date(2026, 4, 1), "2.5"), (dt.date(2026, 7, 1), "5.0")):
        KpiReport.objects.create(
            application=application, quarter=quarter, jobs_fte=Decimal(jobs), trl=4
        )
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, acc_staff.email)
    page.goto(f"{live_server.url}/accelerator/manage/calls/{call.pk}/")
    chart = page.locator("figure.chart-figure svg")
    bars = chart.locator("rect")
    assert bars.count() == 2
    tops = [float(bars.nth(i).get_attribute("y")) for i in range(2)]
    heights = [float(bars.nth(i).get_attribute("height")) for i in range(2)]
    assert [t + h for t, h in zip(tops, heights, strict=True)] == [180, 180]
    assert heights[1] == 2 * heights[0] > 0
    labels = [t.text_content() for t in chart.locator("text").all()]
    assert {"2026 Q2", "2026 Q3", "2.5", "5.0"} <= set(labels)
    # Every label is drawn inside the chart, in a visible colour.
    box = chart.bounding_box()
    for text in chart.locator("text").all():
        inner = text.bounding_box()
        assert box["y"] <= inner["y"]
        assert inner["y"] + inner["height"] <= box["y"] + box["height"]
        assert text.evaluate("t => getComputedStyle(t).fill") not in ("none", "rgba(0, 0, 0, 0)")
    assert errors == []
    assert_accessible(page)
