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
from biocampus.outbox.access import get_email_or_404
from biocampus.outbox.delivery import resend
from biocampus.outbox.models import EmailStatus
from biocampus.outbox.queries import counts_by_state, emails_in_state
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


@login_required
def mail(request: HttpRequest) -> HttpResponse:
    """E-mail delivery: what failed for good (to resend once the cause is fixed), what is
    waiting for a retry, what went."""
    if not is_campus_admin(request.user):
        raise PermissionDenied
    state = request.GET.get("status", EmailStatus.FAILED)
    return render(
        request,
        "portal/campus/mail.html",
        {
            "page": paginate(request, emails_in_state(state), 30),
            "state": state,
            "states": [
                (value, label, n)
                for (value, label), n in zip(
                    EmailStatus.choices, counts_by_state().values(), strict=True
                )
            ],
            "query": querystring_without_page(request),
        },
    )


@login_required
@require_POST
def mail_resend(request: HttpRequest, email_id: int) -> HttpResponse:
    if not is_campus_admin(request.user):
        raise PermissionDenied
    email = get_email_or_404(email_id)
    if resend(email, actor=request.user):
        messages.success(request, _("The e-mail is queued again."))
    else:
        messages.error(request, _("Only an e-mail that failed can be sent again."))
    return redirect(safe_next(request) or "portal:mail")
