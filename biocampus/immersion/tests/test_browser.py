"""Browser test: a teacher requests a visit, the campus confirms it, computes the day,
drags a slot and accepts; the teacher downloads the PDF plan (chromium, axe)."""

import io

import pytest
from pypdf import PdfReader

from biocampus.conftest import assert_accessible, sign_in, sign_out
from biocampus.immersion.models import DayPlan, PlanStatus, Visit, VisitStatus
from biocampus.immersion.tests.conftest import WHEN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visit_from_request_to_the_printed_plan(
    page, screen, live_server, teacher, manager, day, tmp_path
):
    base = live_server.url
    sign_in(page, base, teacher.email)
    page.goto(f"{base}/immersion/")
    assert_accessible(page)
    page.get_by_role("link", name="Request “Discovery day”").click()
    page.get_by_label("Class", exact=True).fill("3B")
    page.get_by_label("School year").fill("9")
    page.get_by_label("Pupils").fill("22")
    page.get_by_label("Language of the day").select_option("en")
    page.get_by_label("Preferred date").fill(WHEN.isoformat())
    page.get_by_label("School's municipality").fill("Charleroi")
    assert_accessible(page)
    page.get_by_role("button", name="Send the request").click()
    page.get_by_text("Your request is sent").wait_for()
    assert_accessible(page)
    visit = Visit.objects.get(class_name="3B")
    assert (visit.pupils, visit.status) == (22, VisitStatus.REQUESTED)
    sign_out(page)

    sign_in(page, base, manager.email)
    page.goto(f"{base}/immersion/campus/")
    assert_accessible(page)
    page.get_by_role("link", name="3B").click()
    page.get_by_role("button", name="Set the date").click()
    page.locator(".badge", has_text="Confirmed").wait_for()
    page.goto(f"{base}/immersion/days/{WHEN.isoformat()}/")
    page.get_by_role("button", name="Compute the rotation").click()
    page.get_by_text("A rotation is proposed").wait_for()
    assert page.locator(".board .slot").count() == 9  # three groups, three stations
    assert_accessible(page)
    page.screenshot(path=tmp_path / f"day-{screen}.png", full_page=True)

    if screen > 900:
        # Dragging a slot submits the move form; the server answers either way.
        slot = page.locator(".board .slot").first
        track = page.locator(".board-track[data-station]").first
        box = track.bounding_box()
        with page.expect_navigation():
            slot.drag_to(track, target_position={"x": box["width"] - 20, "y": box["height"] / 2})
        said = page.locator(".messages").inner_text()
        # Moved late in the day, or refused naming the rule: the server checked the edit.
        assert "every rule still holds" in said or "would" in said, said
        assert DayPlan.objects.get(status=PlanStatus.PROPOSED)

    page.get_by_role("button", name="Accept and book the rooms").click()
    page.get_by_text("The day is planned").wait_for()
    assert DayPlan.objects.filter(status=PlanStatus.ACCEPTED).count() == 1
    sign_out(page)

    sign_in(page, base, teacher.email)
    page.goto(f"{base}/immersion/visits/")
    assert_accessible(page)
    page.get_by_role("link", name="3B").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the day plan (PDF)").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    assert len(pdf.pages) == 3  # a page per group
    assert "Group 1 of 3" in pdf.pages[0].extract_text()
