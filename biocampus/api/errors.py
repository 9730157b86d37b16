"""One error shape for the whole API: {"code": ..., "message": ...} with a 4xx status."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from biocampus.common.errors import DomainError


def _body(code: str, message, **extra) -> dict:
    return {"code": code, "message": str(message), **extra}


def _field_errors(errors: list[dict]) -> list[dict]:
    return [
        {
            "field": ".".join(str(p) for p in e.get("loc", ())[1:]) or None,
            "message": str(e.get("msg", "")),
        }
        for e in errors
    ]


def install(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        # A clash carries what it clashed with (bookings), so a client can show it.
        extra = {"conflicts": exc.conflicts} if hasattr(exc, "conflicts") else {}
        return api.create_response(
            request, _body(exc.code, exc.message, **extra), status=exc.status
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, _body("not_found", _("Not found.")), status=404)

    @api.exception_handler(AuthenticationError)
    def unauthorised(request, exc):
        return api.create_response(
            request,
            _body("unauthorized", _("Authentication required: send a valid Bearer token.")),
            status=401,
        )

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc: NinjaValidationError):
        errors = _field_errors(exc.errors)
        first = errors[0] if errors else {"field": None, "message": ""}
        message = _("Invalid input: %(field)s: %(message)s") % {
            "field": first["field"] or _("body"),
            "message": first["message"],
        }
        return api.create_response(
            request, _body("validation_error", message, errors=errors), status=422
        )

    @api.exception_handler(DjangoValidationError)
    def invalid_model(request, exc: DjangoValidationError):
        if hasattr(exc, "message_dict"):
            errors = [
                {"field": f, "message": str(m)} for f, ms in exc.message_dict.items() for m in ms
            ]
        else:
            errors = [{"field": None, "message": str(m)} for m in exc.messages]
        return api.create_response(
            request,
            _body("validation_error", errors[0]["message"], errors=errors),
            status=422,
        )

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc: RequestDataTooBig):
        return api.create_response(
            request,
            _body("too_large", _("The request body is too large (1 MB at most).")),
            status=413,
        )

    @api.exception_handler(Throttled)
    def throttled(request, exc: Throttled):
        return api.create_response(
            request,
            _body("throttled", _("Too many attempts. Wait a minute and try again.")),
            status=429,
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return api.create_response(
            request, _body("http_error", exc.message), status=exc.status_code
        )
