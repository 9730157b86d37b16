"""The page kit every app's views share: pagination, messages for refusals, safe redirects."""

from django.contrib import messages
from django.core.exceptions import ValidationError as ModelValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms import Form
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from biocampus.common.errors import DomainError


def paginate(request: HttpRequest, qs: QuerySet | list, per_page: int) -> Page:
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def page_number(request: HttpRequest) -> int:
    """The 1-based `page` query parameter; anything else reads as page 1."""
    raw = request.GET.get("page", "1")
    return max(int(raw), 1) if raw.isdigit() else 1


def _access_error(error: DomainError | ModelValidationError) -> bool:
    return isinstance(error, DomainError) and error.status in (403, 404)


def report(request: HttpRequest, error: DomainError) -> None:
    """Show a refusal as a message on the next page. Call it from an `except` block: an
    access refusal (403, 404) is raised again, for the middleware to answer."""
    if _access_error(error):
        raise error
    messages.error(request, error.message)


def form_error(form: Form, error: DomainError | ModelValidationError) -> None:
    """Show a refusal on the form: model validation errors on their fields when the form
    has them, a domain error above the form. Call it from an `except` block: an access
    refusal (403, 404) is raised again, for the middleware to answer."""
    if _access_error(error):
        raise error
    if isinstance(error, ModelValidationError):
        for field, errors in getattr(error, "message_dict", {"__all__": error.messages}).items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.message)


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def safe_next(request: HttpRequest) -> str | None:
    """The posted `next` URL when it stays on this site, else None."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None
