"""Through the pages: operator A never reads or changes operator B's sessions or enrolments."""

import pytest

from biocampus.enrolment.services import enrolment_create


@pytest.fixture
def b_enrolment(session_b, learner):
    return enrolment_create(actor=learner, session_id=session_b.pk)


@pytest.mark.parametrize(
    "url",
    [
        "/manage/sessions/{s}/",
        "/manage/sessions/{s}/edit/",
        "/manage/sessions/{s}/cancel/",
        "/manage/sessions/{s}/enrolments.csv",
    ],
)
def test_operator_a_cannot_open_b_session_pages(client, staff_a, session_b, b_enrolment, url):
    client.force_login(staff_a)
    response = client.get(url.format(s=session_b.pk))
    assert response.status_code == 403


def test_operator_a_cannot_edit_b_programme(client, staff_a, programme_b):
    client.force_login(staff_a)
    assert client.get(f"/manage/programmes/{programme_b.pk}/edit/").status_code == 403
    response = client.post(f"/manage/programmes/{programme_b.pk}/status/", {"status": "archived"})
    assert response.status_code == 403
    programme_b.refresh_from_db()
    assert programme_b.status == "published"


def test_operator_a_cannot_cancel_or_complete_b_enrolment(client, staff_a, b_enrolment):
    client.force_login(staff_a)
    assert (
        client.post(
            f"/manage/enrolments/{b_enrolment.pk}/outcome/", {"outcome": "completed"}
        ).status_code
        == 404
    )
    assert client.post(f"/enrolments/{b_enrolment.pk}/cancel/").status_code == 404
    b_enrolment.refresh_from_db()
    assert b_enrolment.status == "confirmed"


def test_operator_a_cannot_post_a_cancellation_of_b_session(client, staff_a, session_b):
    client.force_login(staff_a)
    assert client.post(f"/manage/sessions/{session_b.pk}/cancel/").status_code == 403
    session_b.refresh_from_db()
    assert session_b.status == "scheduled"


def test_trainer_reads_roster_but_cannot_cancel_session(client, trainer_a, session_a):
    client.force_login(trainer_a)
    assert client.get(f"/manage/sessions/{session_a.pk}/").status_code == 200
    assert client.post(f"/manage/sessions/{session_a.pk}/cancel/").status_code == 403


def test_owner_sees_own_session(client, staff_b, session_b, b_enrolment, learner):
    client.force_login(staff_b)
    html = client.get(f"/manage/sessions/{session_b.pk}/").content.decode()
    assert learner.email in html


def test_other_learner_cannot_cancel_an_enrolment(client, b_enrolment):
    from biocampus.conftest import UserFactory

    client.force_login(UserFactory())
    assert client.post(f"/enrolments/{b_enrolment.pk}/cancel/").status_code == 404
