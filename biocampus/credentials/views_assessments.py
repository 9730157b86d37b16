"""The campus's own skill assessments: define one, record who passed it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from biocampus.common.errors import DomainError
from biocampus.common.pages import form_error, report
from biocampus.credentials import assessments as service
from biocampus.credentials.documents import assessment_achievement
from biocampus.credentials.forms import AssessmentForm, PassForm
from biocampus.credentials.models import Assessment
from biocampus.credentials.views import JSON_LD, json_response


@login_required
@require_http_methods(["GET", "POST"])
def assessments(request: HttpRequest) -> HttpResponse:
    issuers = service.issuers_of(request.user)
    if not issuers:
        raise Http404
    form = AssessmentForm(request.POST or None, issuers=issuers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service.assessment_create(
                actor=request.user,
                issuer=next(o for o in issuers if str(o.pk) == data["issuer"]),
                title=data["title"],
                description=data["description"],
                criteria=data["criteria"],
                skill_ids=[s.pk for s in data["skills"]],
                valid_months=data["valid_months"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Assessment created."))
            return redirect("credentials:assessments")
    found = service.assessments_of(request.user).prefetch_related("skills")
    return render(
        request,
        "credentials/assessments.html",
        {"assessments": found[:200], "form": form, "pass_form": PassForm()},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def assessment_pass(request: HttpRequest, assessment_id: int) -> HttpResponse:
    found = service.assessments_of(request.user).filter(pk=assessment_id).first()
    if found is None:
        raise Http404
    form = PassForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the person's e-mail address and the date."))
        return redirect("credentials:assessments")
    try:
        service.assessment_pass(
            actor=request.user,
            assessment=found,
            email=form.cleaned_data["email"],
            assessed_on=form.cleaned_data["assessed_on"],
        )
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, _("Pass recorded: the credential is issued and the person told."))
    return redirect("credentials:assessments")


@require_GET
def achievement(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The public Achievement an assessment's credentials describe."""
    found = get_object_or_404(Assessment.objects.select_related("issuer"), pk=assessment_id)
    if not found.credentials.exists():
        raise Http404
    return json_response(assessment_achievement(found), JSON_LD)
