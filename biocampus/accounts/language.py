"""A signed-in person gets the language on their profile: the one chosen at sign-up, or
the last one picked in the header. E-mails already follow the profile; pages now do too,
so a French speaker whose browser says English is not answered in English."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.i18n import set_language as django_set_language

from biocampus.accounts.services import language_preference_set


def _apply(request: HttpRequest, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language
    request._profile_language = language


@receiver(user_logged_in)
def _language_on_sign_in(sender, request, user, **kwargs) -> None:
    if request is not None and user.preferred_language in dict(settings.LANGUAGES):
        _apply(request, user.preferred_language)


class ProfileLanguageMiddleware:
    """In a browser with no language chosen yet, a signed-in person's pages follow their
    profile; signing in sets that browser's language to the profile's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        explicit = request.GET.get("lang") in dict(settings.LANGUAGES)
        if (
            not chosen
            and not explicit
            and user is not None
            and user.is_authenticated
            and user.preferred_language in dict(settings.LANGUAGES)
        ):
            _apply(request, user.preferred_language)
        response = self.get_response(request)
        language = getattr(request, "_profile_language", None)
        if language and language != chosen:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            )
        return response


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; for a signed-in person the choice also goes on their
    profile, so e-mails and their next sign-in use it."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if request.method == "POST" and user.is_authenticated and language in dict(settings.LANGUAGES):
        language_preference_set(actor=user, language=language)
    return response
