import datetime as dt

import pytest
from django.utils import timezone

from biocampus.accounts.models import ApiToken
from biocampus.conftest import PASSWORD, UserFactory, make_programme, make_session


def token_for(client, user) -> str:
    response = client.post(
        "/api/v1/auth/token",
        {"email": user.email, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def call(client, method, url, token=None, data=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return getattr(client, method)(url, data, content_type="application/json", headers=headers)


def future(days=10, hours=0):
    return (timezone.now() + dt.timedelta(days=days, hours=hours)).isoformat()


def test_token_is_stored_hashed_and_revocable(client, learner):
    token = token_for(client, learner)
    stored = ApiToken.objects.get(user=learner)
    assert token not in stored.digest
    assert len(stored.digest) == 64
    assert call(client, "get", "/api/v1/me/enrolments", token).status_code == 200
    assert call(client, "delete", "/api/v1/auth/token", token).status_code == 204
    response = call(client, "get", "/api/v1/me/enrolments", token)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_wrong_password_is_401_with_code(client, learner):
    response = call(
        client, "post", "/api/v1/auth/token", data={"email": learner.email, "password": "x"}
    )
    assert response.status_code == 401
    assert response.json() == {
        "code": "invalid_credentials",
        "message": "E-mail address or password is incorrect.",
    }


def test_programme_list_filters_and_counts(client, programme_a, programme_b):
    response = client.get("/api/v1/programmes", {"pillar": "data-digital"})
    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    assert body["items"][0]["title"] == "Python for process data"
    assert client.get("/api/v1/programmes", {"q": "aseptic"}).json()["count"] == 1
    assert client.get("/api/v1/programmes", {"language": "fr"}).json()["count"] == 0


def test_programme_detail_lists_sessions_with_seats_left(client, session_a, learner):
    token = token_for(client, learner)
    call(client, "post", f"/api/v1/sessions/{session_a.pk}/enrolments", token, {"seats": 1})
    body = client.get(f"/api/v1/programmes/{session_a.programme_id}").json()
    (session,) = body["sessions"]
    assert set(session) >= {"id", "starts_at", "ends_at", "capacity", "seats_left", "status"}
    assert session["capacity"] == 3
    assert session["seats_left"] == 2


def test_draft_programme_is_404_for_the_public(client, staff_a, operator_a):
    draft = make_programme(staff_a, operator_a, status="draft")
    response = client.get(f"/api/v1/programmes/{draft.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_staff_create_programme_and_session(client, staff_a, operator_a):
    token = token_for(client, staff_a)
    response = call(
        client,
        "post",
        "/api/v1/programmes",
        token,
        {
            "title": "GMP documentation",
            "summary": "Good documentation practice",
            "pillar": "biomanufacturing",
            "format": "blended",
            "languages": ["fr", "en"],
            "duration_hours": "14",
            "status": "published",
            "eqf_level": 5,
        },
    )
    assert response.status_code == 201, response.content
    programme = response.json()
    assert programme["operator"]["id"] == operator_a.pk
    response = call(
        client,
        "post",
        f"/api/v1/programmes/{programme['id']}/sessions",
        token,
        {
            "starts_at": future(20),
            "ends_at": future(20, 8),
            "capacity": 12,
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["seats_left"] == 12


PROGRAMME = {
    "title": "HPLC certification",
    "summary": "Operate the campus HPLC unsupervised",
    "pillar": "biomanufacturing",
    "format": "on_site",
    "languages": ["en"],
    "duration_hours": "14",
}


def test_programme_api_sets_how_long_its_credential_stays_valid(client, staff_a, operator_a):
    token = token_for(client, staff_a)
    data = {**PROGRAMME, "credential_valid_months": 24, "status": "published"}
    response = call(client, "post", "/api/v1/programmes", token, data)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["credential_valid_months"] == 24
    assert operator_a.programmes.get(pk=created["id"]).credential_valid_months == 24
    detail = client.get(f"/api/v1/programmes/{created['id']}").json()
    assert detail["credential_valid_months"] == 24


@pytest.mark.parametrize("extra", [{}, {"credential_valid_months": None}])
def test_programme_api_without_a_validity_makes_a_credential_that_does_not_expire(
    client, staff_a, operator_a, extra
):
    token = token_for(client, staff_a)
    response = call(client, "post", "/api/v1/programmes", token, {**PROGRAMME, **extra})
    assert response.status_code == 201, response.content
    assert response.json()["credential_valid_months"] is None
    assert operator_a.programmes.get().credential_valid_months is None


@pytest.mark.parametrize("months", [0, -1, 121, 70000, "two years"])
def test_programme_api_refuses_a_validity_outside_one_to_120_months(
    client, staff_a, operator_a, months
):
    token = token_for(client, staff_a)
    data = {**PROGRAMME, "credential_valid_months": months}
    response = call(client, "post", "/api/v1/programmes", token, data)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert "credential_valid_months" in body["message"]
    assert [e["field"] for e in body["errors"]] == ["payload.credential_valid_months"]
    assert not operator_a.programmes.exists()


def test_learner_cannot_create_programme(client, learner):
    token = token_for(client, learner)
    response = call(
        client,
        "post",
        "/api/v1/programmes",
        token,
        {
            "title": "Nope",
            "summary": "Nope",
            "pillar": "biomanufacturing",
            "format": "online",
            "languages": ["en"],
            "duration_hours": "1",
        },
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_invalid_session_input_is_422_not_500(client, staff_a, programme_a):
    token = token_for(client, staff_a)
    url = f"/api/v1/programmes/{programme_a.pk}/sessions"
    response = call(client, "post", url, token, {"starts_at": "tomorrow", "capacity": 0})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"]
    response = call(
        client,
        "post",
        url,
        token,
        {
            "starts_at": future(5),
            "ends_at": future(4),
            "capacity": 5,
        },
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_dates"


def test_malformed_json_is_a_4xx(client, learner, session_a):
    token = token_for(client, learner)
    response = client.post(
        f"/api/v1/sessions/{session_a.pk}/enrolments",
        "{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert 400 <= response.status_code < 500
    assert "code" in response.json()


def test_enrol_waitlist_and_duplicate_codes(client, session_a):
    tokens = [token_for(client, u) for u in UserFactory.create_batch(4)]
    url = f"/api/v1/sessions/{session_a.pk}/enrolments"
    results = [call(client, "post", url, t, {"seats": 1}) for t in tokens]
    assert [r.status_code for r in results] == [201] * 4
    assert [r.json()["status"] for r in results] == ["confirmed"] * 3 + ["waitlisted"]
    assert results[3].json()["waitlist_position"] == 1
    again = call(client, "post", url, tokens[0], {"seats": 1})
    assert again.status_code == 409
    assert again.json()["code"] == "duplicate"


def test_enrol_in_cancelled_session_is_409(client, staff_a, session_a, learner):
    from biocampus.catalog.services import session_cancel

    session_cancel(actor=staff_a, session=session_a)
    token = token_for(client, learner)
    response = call(client, "post", f"/api/v1/sessions/{session_a.pk}/enrolments", token, {})
    assert response.status_code == 409
    assert response.json()["code"] == "session_cancelled"


def test_enrol_needs_authentication(client, session_a):
    response = call(client, "post", f"/api/v1/sessions/{session_a.pk}/enrolments", None, {})
    assert response.status_code == 401


def test_cancel_and_my_enrolments(client, session_a, learner):
    token = token_for(client, learner)
    enrolment = call(
        client, "post", f"/api/v1/sessions/{session_a.pk}/enrolments", token, {}
    ).json()
    mine = call(client, "get", "/api/v1/me/enrolments", token).json()
    assert mine["count"] == 1
    assert mine["items"][0]["id"] == enrolment["id"]
    response = call(client, "post", f"/api/v1/enrolments/{enrolment['id']}/cancel", token)
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    response = call(client, "post", f"/api/v1/enrolments/{enrolment['id']}/cancel", token)
    assert response.status_code == 409
    assert response.json()["code"] == "not_active"


def test_staff_see_roster_and_complete(client, staff_a, session_a, learner):
    from biocampus.catalog.models import Session

    learner_token = token_for(client, learner)
    enrolment = call(
        client, "post", f"/api/v1/sessions/{session_a.pk}/enrolments", learner_token, {}
    ).json()
    token = token_for(client, staff_a)
    roster = call(client, "get", f"/api/v1/sessions/{session_a.pk}/enrolments", token).json()
    assert roster["items"][0]["learner_email"] == learner.email
    Session.objects.filter(pk=session_a.pk).update(starts_at=timezone.now() - dt.timedelta(hours=1))
    response = call(
        client,
        "post",
        f"/api/v1/enrolments/{enrolment['id']}/complete",
        token,
        {"outcome": "completed"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "completed"


def test_learner_cannot_read_roster_or_complete(client, session_a, learner):
    token = token_for(client, learner)
    enrolment = call(
        client, "post", f"/api/v1/sessions/{session_a.pk}/enrolments", token, {}
    ).json()
    assert (
        call(client, "get", f"/api/v1/sessions/{session_a.pk}/enrolments", token).status_code == 403
    )
    response = call(client, "post", f"/api/v1/enrolments/{enrolment['id']}/complete", token, {})
    assert response.status_code == 403


def test_openapi_schema_and_docs_are_published(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/sessions/{session_id}/enrolments" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.parametrize("page", ["0", "abc"])
def test_bad_page_is_a_4xx(client, page):
    response = client.get("/api/v1/programmes", {"page": page})
    assert response.status_code in (400, 422)
    assert response.json()["code"] in ("invalid_page", "validation_error")


def test_enrol_in_an_unknown_or_invisible_session_is_404(client, staff_a, operator_a, learner):
    draft = make_programme(staff_a, operator_a, status="draft")
    hidden = make_session(staff_a, draft)
    token = token_for(client, learner)
    for session_id in (hidden.pk, 999_999):
        response = call(client, "post", f"/api/v1/sessions/{session_id}/enrolments", token, {})
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_programme_api_names_a_published_refresher(client, staff_a, operator_a, programme_a):
    programme_a.status = "draft"
    programme_a.save(update_fields=["status"])
    token = token_for(client, staff_a)
    data = {**PROGRAMME, "credential_valid_months": 24, "refresher": programme_a.pk}
    response = call(client, "post", "/api/v1/programmes", token, data)
    assert response.status_code == 400  # a draft renews nothing
    assert response.json()["code"] == "unknown_refresher"
    programme_a.status = "published"
    programme_a.save(update_fields=["status"])
    created = call(client, "post", "/api/v1/programmes", token, data).json()
    assert created["refresher"] == programme_a.pk
    assert operator_a.programmes.get(pk=created["id"]).refresher == programme_a
