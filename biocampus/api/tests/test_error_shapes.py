"""Under /api/ every failure is JSON {code, message}; pages keep HTML error pages.

Run with DEBUG off (as the test runner does) and the client not re-raising, the way
a deployment answers: nothing here may reach the client as an HTML page or a trace.
"""

import logging

import pytest
from django.db import connection
from django.test import Client

from biocampus.catalog.models import Programme
from biocampus.conftest import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deployed():
    return Client(raise_request_exception=False)


def shaped(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"code", "message"}
    assert body["message"]
    if code:
        assert body["code"] == code
    return body


def test_an_unknown_route_is_a_json_404(deployed):
    shaped(deployed.get("/api/v1/no-such-thing"), 404, "not_found")
    shaped(deployed.get("/api/v2/programmes"), 404, "not_found")


def test_a_page_keeps_its_html_404(deployed):
    response = deployed.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_wrong_method_is_a_json_405_with_allow(deployed):
    response = deployed.delete("/api/v1/programmes")
    shaped(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


@pytest.mark.parametrize(
    "url", ["/api/v1/programmes?q=a%00b", "/api/v1/skills?q=%00", "/api/v1/programmes?%00=1"]
)
def test_a_nul_in_the_query_string_is_a_422(deployed, url):
    shaped(deployed.get(url), 422, "invalid_text")


def test_a_nul_in_a_json_body_is_a_422_and_nothing_is_written(api_as, staff_a, learner):
    token = api_as(learner).post(
        "/api/v1/auth/token", {"email": "a\u0000@example.org", "password": "x"}
    )
    shaped(token, 422, "invalid_text")
    before = Programme.objects.count()
    created = api_as(staff_a).post(
        "/api/v1/programmes",
        {
            "title": "Aseptic \u0000 technique",
            "summary": "Fill and finish",
            "pillar": "biomanufacturing",
            "format": "on_site",
            "languages": ["en"],
            "duration_hours": "8",
        },
    )
    body = shaped(created, 422, "invalid_text")
    assert "title" in body["message"]
    assert Programme.objects.count() == before


def test_a_page_past_the_last_is_a_404_and_page_one_of_nothing_is_empty(deployed, programme_a):
    assert deployed.get("/api/v1/programmes?page=1").json()["count"] == 1
    shaped(deployed.get("/api/v1/programmes?page=2"), 404, "no_such_page")
    shaped(deployed.get("/api/v1/programmes?page=10001"), 422, "validation_error")
    assert deployed.get("/api/v1/skills?q=zzzzzz&page=1").json() == {"items": [], "count": 0}


def test_an_out_of_range_month_is_a_422(api_as):
    user = UserFactory()
    for month in ("9999-12", "0001-01", "2026-13", "2026-1x"):
        shaped(api_as(user).get(f"/api/v1/usage?month={month}"), 422, "invalid_month")


def test_an_unexpected_failure_is_a_json_500_with_an_error_id_in_the_log(
    deployed, monkeypatch, caplog
):
    # A fault injected into a query the route really calls: the route itself is untouched.
    from biocampus.catalog import api as catalog_api

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(catalog_api, "programme_list", broken)
    with caplog.at_level(logging.ERROR, logger="biocampus.errors"):
        response = deployed.get("/api/v1/programmes")
    body = shaped(response, 500, "server_error")
    assert len(body["error_id"]) == 12
    assert b"secret internal detail" not in response.content
    assert b"Traceback" not in response.content
    logged = [r for r in caplog.records if body["error_id"] in r.getMessage()]
    assert logged
    assert "secret internal detail" in str(logged[0].exc_info[1])


def test_a_page_failure_is_a_friendly_html_500_with_the_error_id(deployed, monkeypatch):
    from biocampus.portal.views import learner

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(learner, "programme_list", broken)
    response = deployed.get("/catalogue/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert b"Something went wrong" in response.content
    assert b"secret internal detail" not in response.content


@pytest.fixture
def database_down():
    """The default database made unreachable for the next request, then restored."""
    settings = connection.settings_dict
    saved = {key: settings[key] for key in ("NAME", "HOST", "PORT")}
    connection.close()
    if connection.vendor == "sqlite":
        settings["NAME"] = "/nonexistent-directory/biocampus.sqlite3"
    else:
        settings["HOST"], settings["PORT"] = "127.0.0.1", "1"
    yield
    connection.close()
    settings.update(saved)


@pytest.mark.django_db(transaction=True)
def test_the_database_unreachable_is_a_503_with_retry_after(database_down):
    deployed = Client(raise_request_exception=False)
    response = deployed.get("/api/v1/programmes")
    shaped(response, 503, "unavailable")
    assert int(response["Retry-After"]) > 0
    page = deployed.get("/catalogue/")
    assert page.status_code == 503
    assert page["Content-Type"].startswith("text/html")
    assert int(page["Retry-After"]) > 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/vnd.api+json", ""])
def test_a_nul_in_a_body_of_any_declared_type_is_a_422(api_as, staff_a, content_type):
    # Ninja reads any body as JSON, so the check cannot trust the Content-Type.
    staff = api_as(staff_a)
    body = '{"title": "Aseptic \\u0000 technique", "summary": "x", "languages": ["en"]}'
    before = Programme.objects.count()
    response = staff.client.post(
        "/api/v1/programmes", body, content_type=content_type, headers=staff.headers
    )
    shaped(response, 422, "invalid_text")
    assert Programme.objects.count() == before


def test_a_nul_in_a_cookie_never_reaches_the_session_store(deployed):
    # A quoted cookie may spell NUL as \000; PostgreSQL refused the session lookup (500).
    response = deployed.get("/api/v1/me/enrolments", HTTP_COOKIE='sessionid="abc\\000def"')
    shaped(response, 401, "unauthorized")
    assert deployed.get("/catalogue/", HTTP_COOKIE='sessionid="abc\\000def"').status_code == 200


def test_a_long_list_of_features_is_refused_before_sql(deployed):
    # Each feature was a join: 900 of them kept a PostgreSQL backend busy for minutes.
    many = "&".join(f"feature=f{i}" for i in range(11))
    shaped(deployed.get(f"/api/v1/resources?{many}"), 422, "validation_error")
    assert deployed.get("/api/v1/resources?feature=a&feature=a&feature=b").status_code == 200


def test_only_an_outage_is_a_503_not_a_failed_query_of_ours():
    import psycopg
    from django.db import OperationalError

    from biocampus.common.error_views import _unreachable

    def wrapped(cause):
        exc = OperationalError(str(cause))
        exc.__cause__ = cause
        return exc

    assert _unreachable(wrapped(psycopg.OperationalError("connection refused")))
    assert _unreachable(wrapped(psycopg.errors.AdminShutdown()))
    assert not _unreachable(wrapped(psycopg.errors.QueryCanceled()))
    assert not _unreachable(wrapped(psycopg.errors.DeadlockDetected()))
    assert not _unreachable(ValueError("connection"))
