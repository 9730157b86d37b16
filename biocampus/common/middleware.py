"""Domain errors to HTTP for pages, in one place (the API has its own in api/errors.py).

A view lets an access error escape: NotFound becomes the site's 404 page and Forbidden
its 403 page, whatever view raised it. Any other refusal a view did not turn into a form
error or a message is answered with its status and message on an error page, never a 500.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from biocampus.common.errors import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError):
            return None
        # Raised here, Django's own handlers answer with the 404 and 403 templates.
        if exception.status == 404:
            raise Http404(str(exception.message)) from exception
        if exception.status == 403:
            raise PermissionDenied(str(exception.message)) from exception
        return render(
            request, "refused.html", {"message": exception.message}, status=exception.status
        )
