"""Account settings for privacy: export your data, close your account; and the public
privacy notice."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from biocampus.common.errors import DomainError, NotFound
from biocampus.privacy.erasure import account_close
from biocampus.privacy.export import archive_response, export_request, latest_export


class CloseForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"), widget=forms.PasswordInput, max_length=256
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that closing my account cannot be undone.")
    )


def _latest(user):
    try:
        return latest_export(user)
    except NotFound:
        return None


@login_required
def privacy_settings(request: HttpRequest) -> HttpResponse:
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_close(
                request=request, actor=request.user, password=form.cleaned_data["password"]
            )
        except DomainError as error:
            # A wrong password is a 403 for the API; here it is the form's error.
            form.add_error("password", str(error.message))
        else:
            logout(request)
            messages.success(request, _("Your account is closed. Thank you for using BioCampus."))
            return redirect("portal:home")
    return render(
        request,
        "privacy/settings.html",
        {"export": _latest(request.user), "form": form, "keep_days": settings.PRIVACY_EXPORT_DAYS},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    export_request(actor=request.user)
    messages.success(
        request, _("Your export is being prepared. We will e-mail you when it is ready.")
    )
    return redirect("privacy:settings")


@login_required
def export_download(request: HttpRequest) -> HttpResponse:
    return archive_response(request.user)


def policy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/policy.html",
        {name.lower(): getattr(settings, name) for name in RETENTION_SETTINGS},
    )


RETENTION_SETTINGS = (
    "RETENTION_SENT_EMAIL_DAYS",
    "RETENTION_FAILED_EMAIL_DAYS",
    "RETENTION_FAILED_EMAIL_TEXT_DAYS",
    "RETENTION_TASK_RESULT_DAYS",
    "RETENTION_EXPIRED_TOKEN_DAYS",
    "RETENTION_UNVERIFIED_ACCOUNT_DAYS",
    "PRIVACY_EXPORT_DAYS",
)
