"""Operator A and operator B never see or change each other's sessions and enrolments."""

import pytest

from biocampus.api.tests.test_api import call, future, token_for
from biocampus.enrolment.services import enrolment_create


@pytest.fixture
def b_enrolment(session_b, learner):
    return enrolment_create(actor=learner, session_id=session_b.pk)


def test_operator_a_cannot_read_operator_b_roster(client, staff_a, session_b, b_enrolment):
    token = token_for(client, staff_a)
    response = call(client, "get", f"/api/v1/sessions/{session_b.pk}/enrolments", token)
    assert response.status_code == 403


def test_operator_a_cannot_add_sessions_to_b(client, staff_a, programme_b):
    token = token_for(client, staff_a)
    response = call(
        client,
        "post",
        f"/api/v1/programmes/{programme_b.pk}/sessions",
        token,
        {
            "starts_at": future(3),
            "ends_at": future(3, 2),
            "capacity": 4,
        },
    )
    assert response.status_code == 403


def test_operator_a_cannot_touch_b_enrolments(client, staff_a, b_enrolment):
    token = token_for(client, staff_a)
    for url in (
        f"/api/v1/enrolments/{b_enrolment.pk}/cancel",
        f"/api/v1/enrolments/{b_enrolment.pk}/complete",
    ):
        response = call(client, "post", url, token, {})
        assert response.status_code == 404
    b_enrolment.refresh_from_db()
    assert b_enrolment.status == "confirmed"


def test_operator_a_cannot_see_b_drafts(client, staff_a, staff_b, operator_b):
    from biocampus.conftest import make_programme

    draft = make_programme(staff_b, operator_b, status="draft")
    token = token_for(client, staff_a)
    assert call(client, "get", f"/api/v1/programmes/{draft.pk}", token).status_code == 404


def test_learner_cannot_cancel_another_learners_enrolment(client, b_enrolment):
    from biocampus.conftest import UserFactory

    other = UserFactory()
    token = token_for(client, other)
    response = call(client, "post", f"/api/v1/enrolments/{b_enrolment.pk}/cancel", token)
    assert response.status_code == 404


def test_campus_admin_sees_every_roster(client, campus_admin, session_b, b_enrolment):
    token = token_for(client, campus_admin)
    response = call(client, "get", f"/api/v1/sessions/{session_b.pk}/enrolments", token)
    assert response.status_code == 200
    assert response.json()["count"] == 1
