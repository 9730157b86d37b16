"""The lean enrolment route (PostgreSQL): what it answers itself, that it answers as the
full path does, and that everything else reaches the full path untouched. On SQLite the
route is off and the full path answers every request."""

import json
import threading
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.utils import timezone

from biocampus.accounts.models import ApiToken
from biocampus.accounts.services import api_token_create
from biocampus.common.models import AuditEvent
from biocampus.conftest import UserFactory, make_programme, make_session
from biocampus.enrolment.lean_route import (
    HEADER_MIDDLEWARE,
    SKIPPED_MIDDLEWARE,
    LeanEnrolmentRoute,
)
from biocampus.enrolment.models import Enrolment, EnrolmentStatus
from biocampus.outbox.models import OutboundEmail

LEAN = connection.vendor == "postgresql"
# Headers the full path adds for reasons that do not apply to this answer: it translated
# nothing and read no cookie.
UNSHARED_HEADERS = {"Vary", "Content-Language", "Content-Length"}


class App:
    """The WSGI application as gunicorn calls it, recording when Django's handler ran."""

    def __init__(self):
        self.full_path_calls = 0
        django_app = WSGIHandler()
        counting = threading.Lock()  # the parallel test calls from many threads

        def full_path(environ, start_response):
            with counting:
                self.full_path_calls += 1
            return django_app(environ, start_response)

        self.app = LeanEnrolmentRoute(full_path)

    def post(self, path, body, *, token=None, query="", host="testserver", **extra):
        environ = post_environ(path, body, token=token, query=query, host=host, **extra)
        answer = {}

        def start_response(status, headers, exc_info=None):
            answer["status"] = int(status.split()[0])
            answer["headers"] = dict(headers)

        # As Django's test client does: the test's transaction keeps its connection.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            chunks = self.app(environ, start_response)
            content = b"".join(chunks)
            if hasattr(chunks, "close"):
                chunks.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        answer["json"] = json.loads(content) if content else None
        return answer


def post_environ(path, body, *, token=None, query="", host="testserver", **extra) -> dict:
    """The WSGI environ of a JSON POST, as a server builds it."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": host,
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(raw)),
        **extra,
    }
    if token:
        environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    setup_testing_defaults(environ)
    environ["wsgi.input"].write(raw)
    environ["wsgi.input"].seek(0)
    return environ


def enrolments_path(session) -> str:
    return f"/api/v1/sessions/{session.pk}/enrolments"


def token_for(user) -> str:
    return api_token_create(user=user)[1]


@pytest.fixture
def app():
    return App()


def test_a_one_seat_enrolment_is_answered_in_one_statement_with_every_row(
    app, session_a, learner, django_capture_on_commit_callbacks
):
    body = {"seats": 1, "group_name": "  Lab 2 "}
    with django_capture_on_commit_callbacks(execute=True):
        answer = app.post(enrolments_path(session_a), body, token=token_for(learner))

    assert answer["status"] == 201
    assert app.full_path_calls == (0 if LEAN else 1)
    enrolment = Enrolment.objects.get(learner=learner, session=session_a)
    assert answer["json"] == {
        "id": enrolment.pk,
        "session_id": session_a.pk,
        "programme_title": session_a.programme.title,
        "status": "confirmed",
        "seats": 1,
        "group_name": "Lab 2",
        "waitlist_position": None,
    }
    assert enrolment.group_name == "Lab 2"
    assert enrolment.confirmed_at is not None
    session_a.refresh_from_db()
    assert session_a.confirmed_seats == 1
    event = AuditEvent.objects.get(action="enrolment.create", object_id=str(enrolment.pk))
    assert (event.actor_id, event.object_type) == (learner.pk, "enrolment.enrolment")
    assert event.data == {"status": "confirmed", "seats": 1}
    email = OutboundEmail.objects.get(kind="enrolment.confirmed", user=learner)
    assert email.params == {"enrolment": enrolment.pk}
    assert email.status == "sent"  # the nudge after the commit delivered it


def test_the_waiting_list_positions_follow_arrival(app, staff_a, operator_a):
    session = make_session(staff_a, make_programme(staff_a, operator_a), capacity=1)
    answers = [
        app.post(enrolments_path(session), {}, token=token_for(UserFactory())) for _ in range(3)
    ]

    assert [a["json"]["status"] for a in answers] == ["confirmed", "waitlisted", "waitlisted"]
    assert [a["json"]["waitlist_position"] for a in answers] == [None, 1, 2]
    assert app.full_path_calls == (0 if LEAN else 3)
    session.refresh_from_db()
    assert session.confirmed_seats == 1


def test_it_answers_with_the_full_paths_headers_and_shape(app, settings, session_a):
    lean = app.post(enrolments_path(session_a), {"seats": 1}, token=token_for(UserFactory()))
    settings.ENROLMENT_LEAN_ROUTE = False
    full_app = App()
    full = full_app.post(enrolments_path(session_a), {"seats": 1}, token=token_for(UserFactory()))

    assert (lean["status"], full["status"]) == (201, 201)
    assert app.full_path_calls == (0 if LEAN else 1)
    assert full_app.full_path_calls == 1
    shared = {k: v for k, v in full["headers"].items() if k not in UNSHARED_HEADERS}
    assert "X-Frame-Options" in shared
    assert "Content-Security-Policy" in shared
    assert {k: lean["headers"].get(k) for k in shared} == shared
    assert list(lean["json"]) == list(full["json"])
    assert {**lean["json"], "id": 0} == {**full["json"], "id": 0}


def test_a_stale_token_is_touched(app, session_a, learner):
    raw = token_for(learner)
    ApiToken.objects.filter(user=learner).update(last_used_at=None)
    app.post(enrolments_path(session_a), {}, token=raw)
    assert app.full_path_calls == (0 if LEAN else 1)
    assert ApiToken.objects.get(user=learner).last_used_at is not None


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("duplicate", 409, "duplicate"),
        ("cancelled session", 409, "session_cancelled"),
        ("deadline passed", 409, "deadline_passed"),
        ("completed session", 409, "session_closed"),
        ("draft programme", 404, "not_found"),
        ("unknown session", 404, "not_found"),
        ("revoked token", 401, "unauthorized"),
        ("two seats", 403, "forbidden"),
        ("string seats", 201, None),
        ("unknown field", 201, None),
        ("not json", 400, "http_error"),
        ("nul in group", 422, "invalid_text"),
        ("long group", 422, "validation_error"),
        ("query string", 201, None),
        ("other host", 400, None),
        ("other host over http", 400, None),
        ("lone surrogate", 422, "validation_error"),
        ("deep nesting", 400, "http_error"),
    ],
)
def test_everything_else_is_answered_by_the_full_path(
    app, settings, session_a, learner, case, status, code
):
    token = token_for(learner)
    path, body, kwargs = enrolments_path(session_a), {"seats": 1}, {}
    if case == "duplicate":
        assert app.post(path, body, token=token)["status"] == 201
        app.full_path_calls = 0
    elif case == "cancelled session":
        type(session_a).objects.filter(pk=session_a.pk).update(status="cancelled")
    elif case == "deadline passed":
        type(session_a).objects.filter(pk=session_a.pk).update(
            enrolment_deadline=timezone.now() - timezone.timedelta(hours=1)
        )
    elif case == "completed session":
        type(session_a).objects.filter(pk=session_a.pk).update(status="completed")
    elif case == "draft programme":
        type(session_a.programme).objects.filter(pk=session_a.programme_id).update(status="draft")
    elif case == "unknown session":
        path = f"/api/v1/sessions/{session_a.pk + 1000}/enrolments"
    elif case == "revoked token":
        ApiToken.objects.filter(user=learner).update(revoked_at=timezone.now())
    elif case == "two seats":
        body = {"seats": 2}
    elif case == "string seats":
        body = {"seats": "1"}
    elif case == "unknown field":
        body = {"seats": 1, "note": "x"}
    elif case == "not json":
        body = b"{seats"
    elif case == "nul in group":
        body = {"group_name": "A\x00B"}
    elif case == "long group":
        body = {"group_name": "x" * 121}
    elif case == "query string":
        kwargs["query"] = "lang=fr"
    elif case == "other host":
        kwargs["host"] = "evil.example"
    elif case == "other host over http":
        # Production redirects plain HTTP to HTTPS, which reads the host first.
        settings.SECURE_SSL_REDIRECT = True
        app = App()  # the middleware read the setting when built
        kwargs["host"] = "evil.example"
    elif case == "lone surrogate":
        body = b'{"group_name": "\\ud800"}'
    elif case == "deep nesting":
        body = b"[" * 1000
    enrolments_before = Enrolment.objects.count()
    emails_before = OutboundEmail.objects.count()

    answer = app.post(path, body, token=token, **kwargs)

    assert app.full_path_calls == 1
    assert answer["status"] == status
    if code:
        assert answer["json"]["code"] == code
    written = Enrolment.objects.count() - enrolments_before
    assert written == (1 if status == 201 else 0)
    assert OutboundEmail.objects.count() - emails_before == written


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_never_oversell(operator_a, staff_a):
    session = make_session(staff_a, make_programme(staff_a, operator_a), capacity=4)
    tokens = [token_for(u) for u in UserFactory.create_batch(16)]
    app = App()
    barrier = threading.Barrier(len(tokens))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def client(token: str) -> None:
        environ = post_environ(enrolments_path(session), {}, token=token)
        try:
            barrier.wait()
            app.app(
                environ, lambda status, headers, exc_info=None: statuses.append(int(status[:3]))
            )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert statuses == [201] * len(tokens)
    assert app.full_path_calls == (0 if LEAN else len(tokens))
    session.refresh_from_db()
    assert session.confirmed_seats == 4
    waiting = Enrolment.objects.filter(session=session, status=EnrolmentStatus.WAITLISTED)
    assert sorted(e.waitlist_position for e in waiting) == list(range(1, 13))


def test_every_middleware_is_either_run_or_skipped_for_a_reason(settings):
    assert set(settings.MIDDLEWARE) == set(HEADER_MIDDLEWARE) | set(SKIPPED_MIDDLEWARE)
    assert not set(HEADER_MIDDLEWARE) & set(SKIPPED_MIDDLEWARE)
    in_settings_order = [m for m in settings.MIDDLEWARE if m in HEADER_MIDDLEWARE]
    assert in_settings_order == list(HEADER_MIDDLEWARE)


def test_the_production_application_has_the_route():
    from biocampus.wsgi import application

    assert isinstance(application, LeanEnrolmentRoute)
    assert application.enabled == LEAN
