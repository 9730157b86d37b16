"""Real browser tests: Debian's chromium driven by Playwright, with an axe-core check of
every page visited (no serious or critical violations)."""

import datetime as dt

import pytest
from django.utils import timezone

from biocampus.catalog.models import Session
from biocampus.conftest import PASSWORD, assert_accessible, make_programme, make_session, sign_in
from biocampus.enrolment.services import enrolment_create

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_learner_browses_enrols_and_sees_my_training(page, screen, live_server, session_a, learner):
    base = live_server.url
    page.goto(f"{base}/")
    assert_accessible(page)
    page.get_by_role("link", name="Browse the catalogue").first.click()
    page.select_option("#id_pillar", "biomanufacturing")
    page.wait_for_url(lambda url: "pillar=biomanufacturing" in url)
    assert_accessible(page)
    page.get_by_role("link", name="Aseptic processing fundamentals").click()
    assert_accessible(page)
    page.get_by_role("link", name="Sign in to enrol").click()
    page.fill("input[name=login]", learner.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("button", name="Enrol").click()
    page.wait_for_url(f"{base}/my-training/")
    assert page.get_by_text("You are enrolled").is_visible()
    row = page.locator("tbody tr").first
    assert "Aseptic processing fundamentals" in row.inner_text()
    assert "Confirmed" in row.inner_text()
    assert_accessible(page)


def test_operator_marks_attendance_and_completion(
    page, screen, live_server, staff_a, session_a, learner
):
    enrolment = enrolment_create(actor=learner, session_id=session_a.pk)
    Session.objects.filter(pk=session_a.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    base = live_server.url
    sign_in(page, base, staff_a.email)
    page.goto(f"{base}/manage/sessions/{session_a.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name=f"Mark {learner} present").click()
    page.wait_for_selector("td .status-confirmed:text('Present')")
    page.select_option(f"#outcome-{enrolment.pk}", "completed")
    page.get_by_role("button", name="Record").click()
    page.wait_for_selector("text=Outcome recorded")
    assert "Completed" in page.locator("tbody tr").first.inner_text()
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    assert enrolment.attendance.get().present is True


def test_french_pages_render_in_french(page, live_server, programme_a):
    base = live_server.url
    page.goto(f"{base}/catalogue/")
    page.select_option("#language-select", "fr")
    page.get_by_role("button", name="Change").click()
    page.wait_for_selector("h1:text('Catalogue des formations')")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_text("Tous les piliers").count() == 1
    assert_accessible(page)


def test_back_office_and_campus_pages_are_accessible(
    page, screen, live_server, campus_admin, staff_a, operator_a
):
    programme = make_programme(staff_a, operator_a)
    make_session(staff_a, programme)
    base = live_server.url
    sign_in(page, base, campus_admin.email)
    for path in (
        "/campus/",
        "/manage/",
        f"/manage/programmes/{programme.pk}/",
        f"/manage/programmes/{programme.pk}/sessions/new/",
        "/manage/programmes/new/",
    ):
        page.goto(base + path)
        assert page.locator("h1").count() == 1
        assert_accessible(page)


def test_pages_run_under_the_content_security_policy(page, live_server, session_a, learner):
    """No script, style or frame on the learner's path is refused by the CSP: the policy
    holds without breaking htmx (the catalogue filters) or the forms."""
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    base = live_server.url
    page.goto(f"{base}/")
    page.goto(f"{base}/catalogue/")
    page.select_option("#id_pillar", "biomanufacturing")
    page.wait_for_url(lambda url: "pillar=biomanufacturing" in url)
    page.get_by_role("link", name="Aseptic processing fundamentals").click()
    sign_in(page, base, learner.email)
    page.goto(f"{base}/skills/me/")
    page.goto(f"{base}/api/v1/docs")
    page.wait_for_selector(".swagger-ui")
    assert refused == []


def test_a_session_gets_as_many_meetings_as_it_needs(
    page, screen, live_server, staff_a, programme_a
):
    base = live_server.url
    sign_in(page, base, staff_a.email)
    page.goto(f"{base}/manage/programmes/{programme_a.pk}/sessions/new/")
    rows = page.locator('[data-formset-rows="meetings"] > div')
    assert rows.count() == 2
    page.get_by_role("button", name="Add a meeting").click()
    page.get_by_role("button", name="Add a meeting").click()
    assert rows.count() == 4
    assert_accessible(page)
    day = (timezone.localdate() + dt.timedelta(days=21)).isoformat()
    page.get_by_label("Starts at").fill(f"{day}T09:00")
    page.get_by_label("Ends at").fill(f"{day}T17:00")
    page.get_by_label("Capacity (seats)").fill("12")
    for i, (start, end) in enumerate([("09:00", "10:30"), ("11:00", "12:30"), ("13:30", "17:00")]):
        page.locator(f"#id_meetings-{i}-day").fill(day)
        page.locator(f"#id_meetings-{i}-start").fill(start)
        page.locator(f"#id_meetings-{i}-end").fill(end)
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(lambda url: "/sessions/new/" not in url)
    session = Session.objects.get(programme=programme_a)
    assert session.meetings.count() == 3


def test_a_teacher_books_seats_for_a_class(
    page, screen, live_server, teacher, staff_a, programme_a
):
    session = make_session(staff_a, programme_a, capacity=30, days=15)
    base = live_server.url
    sign_in(page, base, teacher.email)
    page.goto(f"{base}/programmes/{programme_a.pk}/")
    assert_accessible(page)
    page.locator(f"#seats-{session.pk}").fill("24")
    page.locator(f"#group-{session.pk}").fill("5e B")
    page.get_by_role("button", name="Enrol").click()
    page.wait_for_url(f"{base}/my-training/")
    row = page.locator("tbody tr").first
    assert "24 (5e B)" in row.inner_text()
    assert_accessible(page)
    page.goto(f"{base}/")
    assert page.get_by_role("heading", name="Your class bookings").is_visible()
    assert_accessible(page)
