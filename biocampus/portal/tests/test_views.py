import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from biocampus.catalog.models import Session
from biocampus.conftest import UserFactory, make_programme, make_session
from biocampus.enrolment.models import Attendance, Enrolment
from biocampus.enrolment.services import attendance_mark, enrolment_create


def test_home_shows_the_four_pillars(client, db):
    html = client.get("/").content.decode()
    for name in (
        "STEM immersion",
        "Bio-manufacturing and supply chain",
        "Data and digital",
        "Soft skills and mini-MBA",
    ):
        assert name in html


def test_catalogue_filters_by_pillar_and_text(client, programme_a, programme_b):
    html = client.get("/catalogue/", {"pillar": "data-digital"}).content.decode()
    assert "Python for process data" in html
    assert "Aseptic" not in html
    html = client.get("/catalogue/", {"q": "cleanroom"}).content.decode()
    assert "Aseptic processing fundamentals" in html
    assert "Python for process" not in html


def test_catalogue_date_range_keeps_programmes_with_a_session_inside(
    client, session_a, programme_b
):
    day = timezone.localtime(session_a.starts_at).date()
    html = client.get("/catalogue/", {"starts_after": day, "starts_before": day}).content.decode()
    assert "Aseptic processing fundamentals" in html
    assert "Python for process data" not in html


def test_catalogue_reversed_date_range_is_explained(client, db):
    html = client.get("/catalogue/", {"starts_after": "2027-02-01", "starts_before": "2027-01-01"})
    assert "before its start" in html.content.decode()


def test_catalogue_htmx_returns_only_the_results(client, programme_a):
    response = client.get("/catalogue/", {"q": "aseptic"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Aseptic processing fundamentals" in html


def test_catalogue_is_paginated_with_an_empty_state(client, db):
    html = client.get("/catalogue/", {"q": "nothing-matches-this"}).content.decode()
    assert "No programme matches these filters" in html


def test_catalogue_query_count_does_not_grow_with_results(
    client, staff_a, operator_a, django_assert_max_num_queries
):
    for i in range(12):
        make_session(staff_a, make_programme(staff_a, operator_a, title=f"Programme {i}"))
    with django_assert_max_num_queries(8):
        response = client.get("/catalogue/")
    assert response.content.decode().count('class="card"') == 12


def test_programme_page_shows_seats_left(client, session_a, learner):
    enrolment_create(actor=learner, session_id=session_a.pk)
    html = client.get(f"/programmes/{session_a.programme_id}/").content.decode()
    assert "2 / 3" in html


def test_enrol_from_the_page_then_see_it_in_my_training(client, session_a, learner):
    client.force_login(learner)
    response = client.post(f"/sessions/{session_a.pk}/enrol/", {"seats": 1})
    assert response.status_code == 302
    html = client.get("/my-training/").content.decode()
    assert "Aseptic processing fundamentals" in html
    assert "Confirmed" in html


def test_waitlisted_learner_sees_position(client, session_a):
    for u in UserFactory.create_batch(3):
        enrolment_create(actor=u, session_id=session_a.pk)
    learner = UserFactory()
    client.force_login(learner)
    response = client.post(f"/sessions/{session_a.pk}/enrol/", {"seats": 1}, follow=True)
    html = response.content.decode()
    assert "number 1 on the waiting list" in html
    assert "position 1" in html


def test_duplicate_enrolment_shows_a_clear_message(client, session_a, learner):
    client.force_login(learner)
    client.post(f"/sessions/{session_a.pk}/enrol/", {"seats": 1})
    response = client.post(f"/sessions/{session_a.pk}/enrol/", {"seats": 1}, follow=True)
    assert "already enrolled" in response.content.decode()
    assert Enrolment.objects.count() == 1


def test_enrol_requires_sign_in(client, session_a):
    response = client.post(f"/sessions/{session_a.pk}/enrol/", {"seats": 1})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Enrolment.objects.exists()


def test_cancel_from_my_training(client, session_a, learner):
    enrolment = enrolment_create(actor=learner, session_id=session_a.pk)
    client.force_login(learner)
    client.post(f"/enrolments/{enrolment.pk}/cancel/")
    enrolment.refresh_from_db()
    assert enrolment.status == "cancelled"


def test_cancel_ignores_an_offsite_next(client, session_a, learner):
    enrolment = enrolment_create(actor=learner, session_id=session_a.pk)
    client.force_login(learner)
    response = client.post(f"/enrolments/{enrolment.pk}/cancel/", {"next": "https://evil.test/"})
    assert response["Location"] == reverse("portal:my_training")


def test_operator_creates_programme_and_session_through_pages(client, staff_a, operator_a):
    client.force_login(staff_a)
    response = client.post(
        "/manage/programmes/new/",
        {
            "title": "GMP for operators",
            "summary": "The essentials",
            "pillar": 2,
            "format": "on_site",
            "languages": ["fr"],
            "duration_hours": "7",
            "price": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    programme = operator_a.programmes.get(title="GMP for operators")
    start = timezone.localtime() + dt.timedelta(days=9)
    response = client.post(
        f"/manage/programmes/{programme.pk}/sessions/new/",
        {
            "starts_at": start.strftime("%Y-%m-%dT09:00"),
            "ends_at": start.strftime("%Y-%m-%dT17:00"),
            "capacity": 10,
            "location": "Room 1",
            "meetings-TOTAL_FORMS": 2,
            "meetings-INITIAL_FORMS": 0,
            "meetings-0-day": start.strftime("%Y-%m-%d"),
            "meetings-0-start": "09:00",
            "meetings-0-end": "12:00",
            "meetings-0-title": "Theory",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    session = programme.sessions.get()
    assert session.capacity == 10
    assert [m.title for m in session.meetings.all()] == ["Theory"]


def programme_form(**overrides) -> dict:
    return {
        "title": "HPLC certification",
        "summary": "Operate the campus HPLC unsupervised",
        "pillar": 2,
        "format": "on_site",
        "languages": ["en"],
        "duration_hours": "14",
        "price": "0",
        **overrides,
    }


def test_programme_form_explains_the_credential_validity(client, staff_a, operator_a):
    client.force_login(staff_a)
    html = client.get("/manage/programmes/new/").content.decode()
    [field] = re.findall(r'<input[^>]*name="credential_valid_months"[^>]*>', html)
    assert 'min="1"' in field
    assert 'max="120"' in field
    assert "Leave empty if the credential does not expire; set e.g. 24 for an" in html


def test_operator_sets_then_clears_the_credential_validity(client, staff_a, operator_a):
    client.force_login(staff_a)
    response = client.post("/manage/programmes/new/", programme_form(credential_valid_months="24"))
    assert response.status_code == 302, response.content.decode()[:2000]
    programme = operator_a.programmes.get()
    assert programme.credential_valid_months == 24
    edit = f"/manage/programmes/{programme.pk}/edit/"
    assert 'value="24"' in client.get(edit).content.decode()
    response = client.post(edit, programme_form(credential_valid_months=""))
    assert response.status_code == 302, response.content.decode()[:2000]
    programme.refresh_from_db()
    assert programme.credential_valid_months is None


def test_operator_names_the_refresher_that_renews_a_certification(
    client, staff_a, operator_a, programme_a
):
    programme_a.status = "published"
    programme_a.save(update_fields=["status"])
    client.force_login(staff_a)
    form = programme_form(credential_valid_months="24", refresher=str(programme_a.pk))
    response = client.post("/manage/programmes/new/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    programme = operator_a.programmes.exclude(pk=programme_a.pk).get()
    assert programme.refresher == programme_a
    # Not itself: the programme is not among its own refresher choices.
    edit = client.get(f"/manage/programmes/{programme.pk}/edit/").content.decode()
    [choices] = re.findall(r'<select name="refresher".*?</select>', edit, flags=re.S)
    assert f'<option value="{programme_a.pk}" selected>' in choices
    assert f'<option value="{programme.pk}"' not in choices


@pytest.mark.parametrize(
    ("months", "error"),
    [
        ("0", "greater than or equal to 1"),
        ("121", "less than or equal to 120"),
        ("two", "Enter a whole number"),
    ],
)
def test_programme_form_refuses_a_validity_outside_one_to_120_months(
    client, staff_a, operator_a, months, error
):
    client.force_login(staff_a)
    data = programme_form(credential_valid_months=months)
    response = client.post("/manage/programmes/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert error in html
    assert "Please correct the errors below" in html
    assert not operator_a.programmes.exists()


def test_session_form_reports_bad_dates(client, staff_a, programme_a):
    client.force_login(staff_a)
    start = timezone.localtime() + dt.timedelta(days=9)
    response = client.post(
        f"/manage/programmes/{programme_a.pk}/sessions/new/",
        {
            "starts_at": start.strftime("%Y-%m-%dT17:00"),
            "ends_at": start.strftime("%Y-%m-%dT09:00"),
            "capacity": 0,
            "meetings-TOTAL_FORMS": 0,
            "meetings-INITIAL_FORMS": 0,
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "must end after it starts" in html
    assert "Please correct the errors below" in html
    assert not programme_a.sessions.exists()


def test_operator_cancels_session_from_the_back_office(client, staff_a, session_a, learner):
    enrolment_create(actor=learner, session_id=session_a.pk)
    client.force_login(staff_a)
    client.post(f"/manage/sessions/{session_a.pk}/cancel/", {"reason": "Trainer ill"})
    session_a.refresh_from_db()
    assert session_a.status == "cancelled"
    assert Enrolment.objects.get().status == "cancelled"


def test_roster_csv_export(client, staff_a, session_a, learner):
    enrolment_create(actor=learner, session_id=session_a.pk)
    client.force_login(staff_a)
    response = client.get(f"/manage/sessions/{session_a.pk}/enrolments.csv")
    assert response["Content-Type"].startswith("text/csv")
    # A byte-order mark first, so Excel reads it as UTF-8.
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith('"Learner","E-mail"')
    assert learner.email in lines[1]
    assert "Confirmed" in lines[1]
    xlsx = client.get(f"/manage/sessions/{session_a.pk}/enrolments.csv?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:2] == ["Learner", "E-mail"]
    assert sheet["B2"].value == learner.email
    assert sheet["C2"].value == 1  # seats: a number
    assert isinstance(sheet["G2"].value, dt.datetime)


def test_csv_neutralises_formulas(client, staff_a, session_a):
    evil = UserFactory(full_name='=HYPERLINK("x")')
    enrolment_create(actor=evil, session_id=session_a.pk)
    client.force_login(staff_a)
    body = client.get(f"/manage/sessions/{session_a.pk}/enrolments.csv").content.decode()
    assert "'=HYPERLINK" in body


def test_trainer_marks_attendance_and_completion(client, trainer_a, session_a, learner):
    enrolment = enrolment_create(actor=learner, session_id=session_a.pk)
    Session.objects.filter(pk=session_a.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    meeting = session_a.meetings.get()
    client.force_login(trainer_a)
    response = client.post(
        f"/manage/enrolments/{enrolment.pk}/attendance/",
        {"meeting": meeting.pk, "present": "1"},
        headers={"HX-Request": "true"},
    )
    assert "Present" in response.content.decode()
    client.post(f"/manage/enrolments/{enrolment.pk}/outcome/", {"outcome": "completed"})
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    assert enrolment.attendance.get().present is True


def test_campus_overview_for_campus_admin_only(client, campus_admin, learner, session_a):
    enrolment_create(actor=learner, session_id=session_a.pk)
    client.force_login(campus_admin)
    html = client.get("/campus/").content.decode()
    assert "Enrolments and fill rate by pillar" in html
    assert "<svg" in html
    client.force_login(learner)
    assert client.get("/campus/").status_code == 403


@pytest.mark.parametrize("url", ["/manage/", "/manage/programmes/new/"])
def test_learners_cannot_open_the_back_office(client, learner, url):
    client.force_login(learner)
    assert client.get(url).status_code == 403


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database(client, db, monkeypatch):
    from django.db import connection
    from django.db.utils import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    monkeypatch.undo()  # the test database teardown needs a working cursor
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_the_roster_export_carries_attendance(client, staff_a, session_a, learner):
    enrolment = enrolment_create(actor=learner, session_id=session_a.pk)
    meeting = session_a.meetings.order_by("starts_at").first()
    Session.objects.filter(pk=session_a.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    attendance_mark(actor=staff_a, enrolment=enrolment, meeting=meeting, present=True)
    client.force_login(staff_a)
    xlsx = client.get(f"/manage/sessions/{session_a.pk}/enrolments.csv?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    header = [c.value for c in sheet[1]]
    assert header[7].startswith(f"{timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M}")
    assert sheet.cell(row=2, column=8).value == "present"


def test_mark_all_present_keeps_absences(client, staff_a, staff_b, session_a):
    learners = [UserFactory() for _ in range(3)]
    enrolments = [enrolment_create(actor=u, session_id=session_a.pk) for u in learners]
    meeting = session_a.meetings.order_by("starts_at").first()
    Session.objects.filter(pk=session_a.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    attendance_mark(actor=staff_a, enrolment=enrolments[0], meeting=meeting, present=False)
    url = f"/manage/sessions/{session_a.pk}/meetings/{meeting.pk}/all-present/"
    # Another operator's staff cannot take this session's attendance.
    client.force_login(staff_b)
    assert client.post(url).status_code in (403, 404)
    client.force_login(staff_a)
    response = client.post(url, follow=True)
    assert "2 learners marked present." in response.content.decode()
    marks = dict(Attendance.objects.filter(meeting=meeting).values_list("enrolment_id", "present"))
    assert marks == {enrolments[0].pk: False, enrolments[1].pk: True, enrolments[2].pk: True}


def test_my_training_lists_what_is_coming_soonest_first_then_the_history(
    client, learner, staff_a, programme_a
):
    from biocampus.enrolment.services import enrolment_cancel

    later = make_session(staff_a, programme_a, days=30)
    sooner = make_session(staff_a, programme_a, days=3)
    dropped = make_session(staff_a, programme_a, days=10)
    for session in (later, sooner, dropped):
        enrolment_create(actor=learner, session_id=session.pk)
    cancelled = learner.enrolments.get(session=dropped)
    enrolment_cancel(actor=learner, enrolment=cancelled)
    client.force_login(learner)
    response = client.get("/my-training/")
    assert [e.session_id for e in response.context["upcoming"]] == [sooner.pk, later.pk]
    assert [e.pk for e in response.context["page"].object_list] == [cancelled.pk]
    html = response.content.decode()
    assert html.index("Coming up") < html.index("History")
