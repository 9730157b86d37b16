from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from biocampus.common.errors import DomainError


def paginate(request: HttpRequest, qs, per_page: int) -> Page:
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def page_number(request: HttpRequest) -> int:
    """The 1-based `page` query parameter; anything else reads as page 1."""
    raw = request.GET.get("page", "1")
    return max(int(raw), 1) if raw.isdigit() else 1


def report(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error.message)


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
