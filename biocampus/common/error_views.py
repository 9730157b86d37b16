"""The project's error handlers: JSON under /api/, a friendly page elsewhere.

server_error runs inside Django's exception handling, so sys.exc_info() is the
failure. Each gets an error id, logged with the traceback and shown to the
client (never the traceback itself), so a report can be matched to the log. A
database that cannot be reached is a 503 with Retry-After rather than a 500: it
is the campus's outage, not the request's fault.
"""

import logging
import sys
import uuid

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

from biocampus.api.middleware import API_PREFIX, json_error

logger = logging.getLogger("biocampus.errors")
RETRY_AFTER_SECONDS = 30


# SQLSTATE classes that mean the server is not there: connection exceptions (08)
# and the server shutting down or starting (57P01-57P03).
OUTAGE_STATES = ("08", "57P01", "57P02", "57P03")


def _unreachable(exc: BaseException | None) -> bool:
    """The database is not reachable, as opposed to a query of ours failing: a
    cancelled statement, a deadlock or a constraint stays a 500."""
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return False
    state = getattr(exc.__cause__, "sqlstate", None)
    if state is None:
        # Failing to connect carries no SQLSTATE. Nor does any SQLite error: there an
        # OperationalError is taken as an outage (SQLite is for development only).
        return True
    return state.startswith(OUTAGE_STATES)


def server_error(request: HttpRequest) -> HttpResponse:
    exc = sys.exc_info()[1]
    error_id = uuid.uuid4().hex[:12]
    unavailable = _unreachable(exc)
    status = 503 if unavailable else 500
    logger.error(
        "error_id=%s %s %s -> %s", error_id, request.method, request.path, status, exc_info=exc
    )
    if request.path.startswith(API_PREFIX):
        response: HttpResponse = json_error(status, error_id=error_id)
    else:
        # No request context: the context processors could need the database.
        html = loader.get_template("500.html").render(
            {"error_id": error_id, "unavailable": unavailable}
        )
        response = HttpResponse(html, status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return json_error(404)
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        return json_error(400)
    return defaults.bad_request(request, exception)
