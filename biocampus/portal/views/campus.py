from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biocampus.accounts import services
from biocampus.accounts.access import get_organisation_for_user
from biocampus.accounts.models import Verification
from biocampus.accounts.queries import companies_by_verification
from biocampus.accounts.roles import is_campus_admin
from biocampus.common.charts import bars
from biocampus.common.errors import DomainError
from biocampus.common.pages import paginate, querystring_without_page, report, safe_next
from biocampus.portal.queries import campus_overview


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    if not is_campus_admin(request.user):
        raise PermissionDenied
    figures = campus_overview()
    # One 36 px row per pillar, bars up to 300 px (a bar is never invisible).
    chart = bars(
        [row["enrolments"] for row in figures["per_pillar"]],
        length=300,
        first=8,
        step=36,
        minimum=1,
    )
    return render(
        request,
        "portal/campus/overview.html",
        {
            **figures,
            "chart": list(zip(figures["per_pillar"], chart, strict=True)),
            "chart_height": 16 + 36 * len(chart),
        },
    )


@login_required
def employers(request: HttpRequest) -> HttpResponse:
    """The campus verifies companies before they act as employers, and can suspend them."""
    if not is_campus_admin(request.user):
        raise PermissionDenied
    state = request.GET.get("verification", Verification.REQUESTED)
    page = paginate(request, companies_by_verification(state), 30)
    return render(
        request,
        "portal/campus/employers.html",
        {
            "page": page,
            "state": state,
            "states": Verification.choices,
            "query": querystring_without_page(request),
        },
    )


def _verdict(
    request: HttpRequest, organisation_id: int, decide: Callable[..., object], done: str
) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, organisation_id)
    try:
        decide(actor=request.user, organisation=organisation, note=request.POST.get("note", ""))
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, done % {"name": organisation.name})
    return redirect(safe_next(request) or "portal:employers")


@login_required
@require_POST
def employer_verify(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _verdict(
        request, organisation_id, services.organisation_verify, _("%(name)s is verified.")
    )


@login_required
@require_POST
def employer_suspend(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _verdict(
        request, organisation_id, services.organisation_suspend, _("%(name)s is suspended.")
    )
