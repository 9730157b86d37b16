"""Under /api/ every failure is JSON {code, message}, whatever produced it.

Routes answer their own errors in JSON (api/errors.py), but some responses are
made before or around them: Django's 404 for an unknown route, Ninja's bare 405,
a CSRF 403, the 500/503 of server_error. This middleware, outermost, gives those
the API's shape and keeps their headers (Allow, Retry-After).

NulTextMiddleware refuses a NUL character in the path, query string or JSON
body with a 422: PostgreSQL cannot store one and refused the whole statement (a
500). It sits after the request size check, so it never reads an oversized body.
"""

import json
from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad_request", _("The request could not be understood.")),
        401: ("unauthorized", _("Authentication required: send a valid Bearer token.")),
        403: ("forbidden", _("You may not do this.")),
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        406: ("not_acceptable", _("This representation is not available.")),
        413: ("too_large", _("The request is too large.")),
        415: ("unsupported_media_type", _("Send JSON (application/json).")),
        422: ("validation_error", _("The request could not be processed.")),
        429: ("throttled", _("Too many requests. Wait a minute and try again.")),
        500: ("server_error", _("Something went wrong on our side.")),
        503: ("unavailable", _("The service is briefly unavailable. Try again shortly.")),
    }


def json_error(status: int, code: str = "", message: str = "", **extra) -> JsonResponse:
    fallback = ("client_error", _("The request failed.")) if status < 500 else _messages()[500]
    default_code, default_message = _messages().get(status, fallback)
    body = {"code": code or default_code, "message": str(message or default_message), **extra}
    return JsonResponse(body, status=status)


def _nul_at(value, where: str = "") -> str | None:
    """Where the first NUL character is in decoded JSON, or None."""
    if isinstance(value, str):
        return where or "body" if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _nul_at(key, where) or _nul_at(item, f"{where}.{key}" if where else str(key))
            if found:
                return found
    if isinstance(value, list):
        for item in value:
            found = _nul_at(item, where)
            if found:
                return found
    return None


def nul_in(request: HttpRequest) -> str | None:
    if "\x00" in request.path:
        return "path"
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in v for v in values):
            return key.replace("\x00", "")
    # Whatever the declared type: Ninja reads any body as JSON.
    try:
        body = request.body
    except RequestDataTooBig:
        return None  # the route answers it with its 413
    if b"\\u0000" in body or b"\x00" in body:
        try:
            return _nul_at(json.loads(body))
        except ValueError:
            return "body" if b"\x00" in body else None
    return None


class NulTextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A quoted cookie may spell a NUL as \\000; such a cookie would reach the session
        # store's query on every path, so it is dropped as if never sent.
        if any("\x00" in k or "\x00" in v for k, v in request.COOKIES.items()):
            request.COOKIES = {
                k: v for k, v in request.COOKIES.items() if "\x00" not in k and "\x00" not in v
            }
        if request.path.startswith(API_PREFIX):
            field = nul_in(request)
            if field is not None:
                message = _("%(field)s may not contain a NUL character.") % {"field": field}
                return json_error(
                    422, "invalid_text", message, errors=[{"field": field, "message": str(message)}]
                )
        return self.get_response(request)


class ApiErrorShapeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        response = self.get_response(request)
        if response.status_code < 400 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        shaped = json_error(response.status_code)
        for header in KEPT_HEADERS:
            if header in response:
                shaped[header] = response[header]
        return shaped
