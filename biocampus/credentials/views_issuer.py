"""An operator's issued credentials: find one, and revoke, suspend, reinstate or re-issue
it (each with the learner told)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from biocampus.common.errors import DomainError
from biocampus.common.pages import paginate, querystring_without_page, report
from biocampus.credentials import services
from biocampus.credentials.forms import ReasonForm
from biocampus.credentials.models import Credential
from biocampus.credentials.queries import credential_state, credentials_managed_by


@login_required
@require_GET
def issued(request: HttpRequest) -> HttpResponse:
    found = credentials_managed_by(request.user)
    q = request.GET.get("q", "").strip()[:200]
    if q:
        found = found.filter(
            Q(learner__email__icontains=q)
            | Q(learner__full_name__icontains=q)
            | Q(programme__title__icontains=q)
        )
    page = paginate(request, found.order_by("-created_at"), 25)
    return render(
        request,
        "credentials/issued.html",
        {
            "page": page,
            "rows": [{"credential": c, "state": credential_state(c)} for c in page],
            "q": q,
            "querystring": querystring_without_page(request),
        },
    )


def _managed(request: HttpRequest, credential_id) -> Credential:
    found = credentials_managed_by(request.user).filter(pk=credential_id).first()
    if found is None:
        raise Http404
    return found


def _act(
    request: HttpRequest, credential_id, action: Callable[..., object], done, *, reason: bool
) -> HttpResponse:
    credential = _managed(request, credential_id)
    kwargs = {"actor": request.user, "credential": credential}
    if reason:
        form = ReasonForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Say why, in at most 300 characters."))
            return redirect("credentials:issued")
        kwargs["reason"] = form.cleaned_data["reason"]
    try:
        action(**kwargs)
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, done)
    return redirect("credentials:issued")


@login_required
@require_POST
def revoke(request: HttpRequest, credential_id) -> HttpResponse:
    done = _("Credential revoked; the learner is told.")
    return _act(request, credential_id, services.credential_revoke, done, reason=True)


@login_required
@require_POST
def suspend(request: HttpRequest, credential_id) -> HttpResponse:
    done = _("Credential suspended; the learner is told.")
    return _act(request, credential_id, services.credential_suspend, done, reason=True)


@login_required
@require_POST
def reinstate(request: HttpRequest, credential_id) -> HttpResponse:
    done = _("Credential reinstated; the learner is told.")
    return _act(request, credential_id, services.credential_reinstate, done, reason=False)


@login_required
@require_POST
def reissue(request: HttpRequest, credential_id) -> HttpResponse:
    done = _("A new credential was issued in its place; the learner is told.")
    return _act(request, credential_id, services.credential_reissue, done, reason=False)
