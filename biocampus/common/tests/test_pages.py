"""The page kit: domain errors answered once for every page (with DEBUG off, as in
production), CSV cells that cannot run as formulas, chart geometry."""

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import reverse

from biocampus.common.charts import Scale, columns, offsets
from biocampus.common.errors import Conflict, Forbidden, NotFound
from biocampus.common.middleware import DomainErrorMiddleware
from biocampus.common.pages import report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_production")]


@pytest.fixture
def _production(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_a_missing_object_is_the_sites_404_page(client, learner):
    client.force_login(learner)
    response = client.get(reverse("facilities:resource", args=[999_999]))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_another_operators_session_is_the_sites_403_page(client, staff_b, session_a):
    client.force_login(staff_b)
    response = client.get(reverse("facilities:session_room", args=[session_a.pk]))
    assert response.status_code == 403
    assert "Not allowed" in response.content.decode()


def test_any_other_refusal_keeps_its_status_and_message(learner):
    request = RequestFactory().post("/anything/")
    request.user = learner
    response = DomainErrorMiddleware(lambda r: None).process_exception(
        request, Conflict("This session is closed.", code="session_closed")
    )
    assert response.status_code == 409
    assert "This session is closed." in response.content.decode()
    assert DomainErrorMiddleware(lambda r: None).process_exception(request, ValueError()) is None


def test_report_shows_a_refusal_but_lets_access_errors_through(learner):
    request = RequestFactory().post("/anything/")
    request.session = {}
    request._messages = FallbackStorage(request)
    report(request, Conflict("Full.", code="full"))
    assert [str(m) for m in request._messages] == ["Full."]
    for access in (Forbidden("No."), NotFound("Gone.")):
        with pytest.raises(type(access)):
            report(request, access)


def test_chart_geometry_scales_to_the_largest_value():
    scale = Scale([0, 5, 10], 300)
    assert [scale(v) for v in (0, 5, 10)] == [0, 150, 300]
    assert scale(0, minimum=1) == 1
    assert Scale([], 100)(0) == 0  # nothing to chart: no division by zero
    assert offsets(3, first=8, step=36) == [8, 44, 80]
    cols = columns([2, 4], height=160, baseline=180, first=40, step=90)
    assert [(c.x, c.y, c.height) for c in cols] == [(40, 100, 80), (130, 20, 160)]


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_healthz_answers_plain_http_while_pages_redirect_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    page = client.get("/catalogue/")
    assert page.status_code == 301
    assert page["Location"].startswith("https://")


def test_oversized_requests_are_refused_before_they_are_read(client, learner, settings):
    from django.test import Client

    huge = str(settings.MAX_REQUEST_BYTES + 1)
    api = client.post(
        "/api/v1/auth/token", b"{}", content_type="application/json", CONTENT_LENGTH=huge
    )
    assert (api.status_code, api.json()["code"]) == (413, "too_large")
    page = client.post("/accounts/login/", {}, CONTENT_LENGTH=huge)
    assert page.status_code == 413
    # A JSON body over the 1 MB limit for non-file data: a JSON 413 too.
    body = b'{"email": "' + b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + b'"}'
    too_big = Client().post("/api/v1/auth/token", body, content_type="application/json")
    assert (too_big.status_code, too_big.json()["code"]) == (413, "too_large")


def test_form_labels_have_no_trailing_colon(client):
    """One renderer for every form, the sign-up form of allauth included."""
    import re

    page = client.get("/accounts/signup/").content.decode()
    labels = re.findall(r"<label[^>]*>([^<]+)", page)
    assert "Full name" in [label.strip() for label in labels]
    assert not [label for label in labels if label.strip().endswith(":")]
