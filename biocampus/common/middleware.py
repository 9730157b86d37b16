"""Domain errors to HTTP for pages, in one place (the API has its own in api/errors.py).

A view lets an access error escape: NotFound becomes the site's 404 page and Forbidden
its 403 page, whatever view raised it. Any other refusal a view did not turn into a form
error or a message is answered with its status and message on an error page, never a 500.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

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


class RequestSizeMiddleware:
    """Refuses a request whose declared body is larger than MAX_REQUEST_BYTES before
    anything reads it (Django would otherwise stream a huge upload to disk first): 413,
    as JSON {code, message} under /api/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        if size > settings.MAX_REQUEST_BYTES:
            message = _("The request is too large (%(mb)d MB at most).") % {
                "mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)
            }
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "too_large", "message": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class QueryLanguageMiddleware:
    """`?lang=fr` shows a page in that language: each language of a page has its own URL,
    which the pages' hreflang links announce to search engines. Without it, the visitor's
    choice (cookie) or browser language applies, as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wanted = request.GET.get("lang", "")
        if wanted in dict(settings.LANGUAGES):
            translation.activate(wanted)
            request.LANGUAGE_CODE = wanted
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", wanted)
            return response
        return self.get_response(request)
