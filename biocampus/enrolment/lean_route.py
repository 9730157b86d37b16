"""The enrolment rush's request, answered outside Django's full request cycle.

`POST /api/v1/sessions/{id}/enrolments` with a Bearer token and a plain one-seat body
is the request a rush repeats. Through the whole stack it cost about 5 ms of web-worker
CPU, most of it the twelve middleware, Ninja's routing and validation, and eleven
database round trips; an empty request alone cost 1.2 ms. Here it is one statement (the
token look-up of accounts.services and seat_sql's function) behind only the middleware
that shape a response's headers, so it answers with the same security headers as the
full path (not its Vary and Content-Language: nothing here is translated or read from a
cookie). Django's request signals are sent as its handler sends them.

Anything else falls through to Django untouched: another body or query string, a
second seat, a browser session, an unknown host, and every refusal (the statement
writes nothing then, and the full path says why in the API's error shape).
"""

import io
import json
import logging
import re
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core import signals
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.module_loading import import_string

from biocampus.accounts.services import API_USER_CTES, TOKEN_PREFIX, token_hit_params
from biocampus.enrolment import seat_sql
from biocampus.enrolment.services import GROUP_NAME_MAX, clean_group_name
from biocampus.outbox.queue import nudge

PATH = re.compile(r"/api/v1/sessions/([1-9][0-9]{0,17})/enrolments")
MAX_BODY_BYTES = 1024
# The middleware of settings.MIDDLEWARE that add response headers to an API answer, in
# the same order; a test compares this route's headers with the full path's.
HEADER_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
# The others, and why this answer does without them. A test requires every middleware of
# settings.MIDDLEWARE in one of the two lists, so a new one forces a decision here.
SKIPPED_MIDDLEWARE = {
    "biocampus.api.middleware.ApiErrorShapeMiddleware": "errors fall through",
    "biocampus.common.middleware.RequestSizeMiddleware": "bodies over 1 KB fall through",
    "biocampus.api.middleware.NulTextMiddleware": "a NUL falls through",
    "whitenoise.middleware.WhiteNoiseMiddleware": "static files only",
    "django.contrib.sessions.middleware.SessionMiddleware": "Bearer token, no session",
    "django.middleware.locale.LocaleMiddleware": "nothing translated",
    "biocampus.common.middleware.QueryLanguageMiddleware": "a query string falls through",
    "django.middleware.common.CommonMiddleware": "host checked here; no slash redirect",
    "django.middleware.csrf.CsrfViewMiddleware": "Bearer token: no CSRF, as in Ninja",
    "django.contrib.auth.middleware.AuthenticationMiddleware": "Bearer token, no session",
    "biocampus.accounts.language.ProfileLanguageMiddleware": "nothing translated",
    "django.contrib.messages.middleware.MessageMiddleware": "no messages",
    "biocampus.common.middleware.DomainErrorMiddleware": "errors fall through",
    "allauth.account.middleware.AccountMiddleware": "no sign-in flow",
    "django_htmx.middleware.HtmxMiddleware": "no htmx",
}
# Ninja's renderer says the charset; JsonResponse alone would not.
CONTENT_TYPE = "application/json; charset=utf-8"
# The token's CTEs, then the seat for the token's user: no row when either refuses.
# `touched` (the token's last use) is not read by the outer query, and PostgreSQL today
# runs it after the seat is taken: the session lock first, the token row after, an order
# nothing else takes in reverse. Its documentation does not promise the order; were it
# to change, a deadlock would be detected and the request fall through, not be lost.
LEAN_SQL = (
    "WITH "  # noqa: S608 - constant SQL; every value is a bound parameter
    + API_USER_CTES
    + "SELECT s.enrolment_id, s.status, s.programme_title, s.waitlist_ahead FROM hit "
    "CROSS JOIN LATERAL enrolment_take_seat(hit.user_id, %(session)s, %(group)s, %(now)s) s"
)

logger = logging.getLogger(__name__)

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


class _FallThrough(Exception):
    """The full request cycle answers this request."""


def one_seat_body(body: bytes) -> str | None:
    """The group name of a body the lean route may answer (`{}`, `{"seats": 1}`, with or
    without a `group_name` string), else None: Ninja validates anything else."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # deep nesting raises the latter
        return None
    if not isinstance(data, dict) or not data.keys() <= {"seats", "group_name"}:
        return None
    seats = data.get("seats", 1)
    group = data.get("group_name", "")
    if type(seats) is not int or seats != 1 or not isinstance(group, str):
        return None
    if len(group) > GROUP_NAME_MAX or "\x00" in group or not _encodable(group):
        return None
    return clean_group_name(group)


def _encodable(text: str) -> bool:
    """False for a lone surrogate (JSON may spell one): the driver could not send it, and
    the full path's validation refuses it with a 422."""
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def bearer_token(environ: dict) -> str | None:
    """The raw token of an `Authorization: Bearer` header, parsed as Ninja parses it."""
    scheme, _, token = environ.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "bearer" or not token.startswith(TOKEN_PREFIX):
        return None
    return token


class LeanEnrolmentRoute:
    """WSGI: the one-seat enrolment by Bearer token, else the Django application."""

    def __init__(self, django_app: WSGIApp) -> None:
        self.django_app = django_app
        self.enabled = settings.ENROLMENT_LEAN_ROUTE and seat_sql.supported()
        handler: Callable[[HttpRequest], HttpResponse] = self._enrol
        for path in reversed(HEADER_MIDDLEWARE):
            handler = import_string(path)(handler)
        self.handler = handler

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        match = self.enabled and self._match(environ)
        if not match:
            return self.django_app(environ, start_response)
        body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
        environ["wsgi.input"] = io.BytesIO(body)
        group = one_seat_body(body)
        if group is not None:
            # As Django's handler does: the receivers reset the query log and retire a
            # connection past its age (the tests' runner disconnects that one).
            signals.request_started.send(sender=self.__class__, environ=environ)
            request = WSGIRequest(environ)
            request.lean_enrolment = (int(match.group(1)), bearer_token(environ), group)
            try:
                # Before the middleware: the HTTPS redirect asks for the host too, and an
                # unknown one must get the full path's 400, not an exception.
                request.get_host()
                response = self.handler(request)
            except (_FallThrough, DisallowedHost):
                pass
            else:
                start_response(
                    f"{response.status_code} {response.reason_phrase}", [*response.items()]
                )
                return [response.content]
            finally:
                signals.request_finished.send(sender=self.__class__)
        environ["wsgi.input"] = io.BytesIO(body)
        return self.django_app(environ, start_response)

    def _match(self, environ: dict) -> re.Match | None:
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("QUERY_STRING"):
            return None
        if bearer_token(environ) is None:
            return None
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if not 0 < length <= MAX_BODY_BYTES:
            return None
        return PATH.fullmatch(environ.get("PATH_INFO", ""))

    def _enrol(self, request: HttpRequest) -> HttpResponse:
        session_id, token, group = request.lean_enrolment
        now = timezone.now()
        params = {**token_hit_params(token, now), "session": session_id, "group": group}
        try:
            connection.ensure_connection()
            # The driver's own cursor: Django's would run a health-check query first.
            with connection.wrap_database_errors, connection.connection.cursor() as cursor:
                cursor.execute(LEAN_SQL, params)
                row = cursor.fetchone()
        except DatabaseError as exc:
            logger.warning("lean enrolment route: database error, full path answers: %s", exc)
            connection.close()  # the full path reconnects, and answers
            raise _FallThrough from exc
        except Exception as exc:
            # Nothing was committed (one statement in autocommit): the full path answers
            # in the API's error shape. Logged, so a route that keeps falling through
            # (a bug, not a refusal) is seen.
            logger.exception("lean enrolment route fell through on an error")
            raise _FallThrough from exc
        if row is None:
            raise _FallThrough  # no such token, or a rule refused: nothing was written
        seat = seat_sql.Seat(*row)
        nudge()  # in autocommit the statement has committed: this enqueues at once
        body = {
            "id": seat.enrolment_id,
            "session_id": session_id,
            "programme_title": seat.programme_title,
            "status": seat.status,
            "seats": 1,
            "group_name": group,
            "waitlist_position": None if seat.waitlist_ahead is None else seat.waitlist_ahead + 1,
        }
        response = JsonResponse(body, status=201, content_type=CONTENT_TYPE)
        response["Content-Length"] = str(len(response.content))  # as CommonMiddleware does
        return response


def wrap(django_app: WSGIApp) -> WSGIApp:
    """biocampus.wsgi's application (gunicorn's); asgi.py does not have the route."""
    return LeanEnrolmentRoute(django_app)
