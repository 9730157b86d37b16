"""Accelerator pages: founders apply and report, reviewers score, the operator runs calls,
ranks, selects, matches mentors and follows the cohort."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biocampus.accelerator.access import (
    active_assignment,
    applications_of,
    can_see_application,
    is_applicant,
    runs_call,
    sees_identity,
)
from biocampus.accelerator.forms import (
    ApplicationForm,
    CallForm,
    KpiForm,
    MentorForm,
    MilestoneForm,
    ProfileForm,
)
from biocampus.accelerator.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Call,
    KpiReport,
    MentorMatch,
    MentorProfile,
)
from biocampus.accelerator.services import applications as app_services
from biocampus.accelerator.services import cohort as cohort_services
from biocampus.accelerator.services import reviews as review_services
from biocampus.accounts.models import MANAGE_ROLES, Organisation, User
from biocampus.accounts.roles import is_campus_admin
from biocampus.common.errors import DomainError
from biocampus.common.pages import report


def home(request: HttpRequest) -> HttpResponse:
    calls = Call.objects.filter(published=True).select_related("operator")
    mine = []
    if request.user.is_authenticated:
        mine = (
            applications_of(request.user).select_related("call", "company").order_by("-created_at")
        )
    return render(request, "accelerator/home.html", {"calls": calls, "mine": mine})


def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    call = Call.objects.filter(pk=call_id, published=True).select_related("operator").first()
    if call is None:
        raise Http404
    return render(request, "accelerator/call.html", {"call": call})


@login_required
@require_POST
def apply(request: HttpRequest, call_id: int) -> HttpResponse:
    call = Call.objects.filter(pk=call_id, published=True).first()
    if call is None:
        raise Http404
    try:
        application = app_services.application_start(
            actor=request.user, call=call, company_name=request.POST.get("company_name", "")
        )
    except DomainError as error:
        report(request, error)
        return redirect("accelerator:call", call_id=call.pk)
    return redirect("accelerator:application", application_id=application.pk)


def _application(request, application_id) -> Application:
    application = (
        Application.objects.select_related("call__operator", "company")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not can_see_application(request.user, application):
        raise Http404
    return application


@login_required
def application_page(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    if not is_applicant(request.user, application) and not runs_call(
        request.user, application.call
    ):
        return redirect("accelerator:review", application_id=application.pk)
    questions = list(application.call.questions.all())
    answers = {a.question_id: a.text for a in application.answers.all()}
    form = ApplicationForm(
        request.POST or None, instance=application, questions=questions, answers=answers
    )
    if request.method == "POST" and form.is_valid():
        try:
            app_services.application_update(
                actor=request.user,
                application=application,
                answers=form.answers(),
                **form.application_fields(),
            )
            if "file" in request.FILES:
                app_services.attachment_add(
                    actor=request.user, application=application, upload=request.FILES["file"]
                )
            if request.POST.get("submit"):
                app_services.application_submit(actor=request.user, application=application)
                messages.success(request, _("Your application is submitted."))
            else:
                messages.success(request, _("Draft saved."))
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("accelerator:application", application_id=application.pk)
    return render(
        request,
        "accelerator/application.html",
        {
            "application": application,
            "form": form,
            "kpi_form": KpiForm(),
            "needs_form": ProfileForm(
                initial={
                    "tags": ", ".join(application.needs.tags),
                    "sectors": ", ".join(application.needs.sectors),
                    "languages": application.needs.languages,
                }
                if hasattr(application, "needs")
                else None
            ),
            "milestone_form": MilestoneForm(),
            "kpis": application.kpis.all(),
            "milestones": application.milestones.all(),
            "match": MentorMatch.objects.filter(application=application, confirmed=True)
            .select_related("mentor")
            .first(),
            "editable": application.status == "draft" and application.call.is_open(),
        },
    )


@login_required
@require_POST
def kpi_post(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    form = KpiForm(request.POST)
    if form.is_valid():
        try:
            cohort_services.kpi_report(
                actor=request.user, application=application, **form.cleaned_data
            )
        except DomainError as error:
            report(request, error)
        else:
            messages.success(request, _("Quarterly figures saved."))
    else:
        messages.error(request, _("Check the figures: %s") % form.errors.as_text())
    return redirect("accelerator:application", application_id=application.pk)


@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    assignments = Assignment.objects.filter(
        reviewer=request.user, conflict_declared_at=None, application__status="submitted"
    ).select_related("application__call", "application__company")
    rows = [(a, sees_identity(request.user, a.application)) for a in assignments]
    return render(request, "accelerator/reviews.html", {"rows": rows})


@login_required
def review(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    assignment = active_assignment(request.user, application)
    if assignment is None:
        raise Http404
    criteria = list(application.call.criteria.all())
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    errors = []
    if request.method == "POST":
        try:
            scores = {
                c.pk: (
                    int(request.POST.get(f"score_{c.pk}", "")),
                    request.POST.get(f"comment_{c.pk}", ""),
                )
                for c in criteria
            }
            review_services.scores_submit(actor=request.user, assignment=assignment, scores=scores)
        except ValueError:
            errors.append(_("Give every criterion a score."))
        except DomainError as error:
            errors.append(error.message)
        else:
            messages.success(request, _("Scores saved."))
            return redirect("accelerator:reviews")
    return render(
        request,
        "accelerator/review.html",
        {
            "application": application,
            "identity": sees_identity(request.user, application),
            "criteria": [(c, existing.get(c.pk)) for c in criteria],
            "answers": application.answers.select_related("question"),
            "errors": errors,
        },
    )


@login_required
@require_POST
def conflict(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    assignment = active_assignment(request.user, application)
    if assignment is None:
        raise Http404
    review_services.declare_conflict(
        actor=request.user, assignment=assignment, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("Conflict declared: you no longer review this application."))
    return redirect("accelerator:reviews")


def _operator_orgs(user) -> list[Organisation]:
    qs = Organisation.objects.filter(kind="accelerator")
    if not is_campus_admin(user):
        qs = qs.filter(memberships__user=user, memberships__role__in=MANAGE_ROLES)
    return list(qs.distinct())


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    orgs = _operator_orgs(request.user)
    if not orgs:
        raise PermissionDenied
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            call = app_services.call_create(
                actor=request.user,
                operator=orgs[0],
                criteria=data.pop("criteria"),
                questions=data.pop("questions"),
                published=True,
                **data,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Call opened."))
            return redirect("accelerator:manage_call", call_id=call.pk)
    calls = Call.objects.filter(operator__in=orgs)
    return render(request, "accelerator/manage.html", {"calls": calls, "form": form})


def _managed_call(request, call_id) -> Call:
    call = Call.objects.select_related("operator").filter(pk=call_id).first()
    if call is None or not runs_call(request.user, call):
        raise Http404
    return call


@login_required
def manage_call(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _managed_call(request, call_id)
    status = request.GET.get("status", "")
    applications = call.applications.exclude(status="draft").select_related("company", "founder")
    if status:
        applications = applications.filter(status=status)
    if request.GET.get("format") == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            [
                "id",
                "company",
                "enterprise_number",
                "trl",
                "team_size",
                "funds_raised",
                "status",
                "submitted_at",
            ]
        )
        for a in applications:
            writer.writerow(
                [
                    a.pk,
                    a.company.name,
                    a.enterprise_number,
                    a.trl,
                    a.team_size,
                    a.funds_raised,
                    a.status,
                    a.submitted_at.isoformat(),
                ]
            )
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="applications-{call.pk}.csv"'
        return response
    ranking = review_services.ranking(call)
    matches = MentorMatch.objects.filter(application__call=call).select_related(
        "mentor", "application__company"
    )
    kpis = {}
    for report_ in KpiReport.objects.filter(application__call=call):
        kpis.setdefault(report_.quarter, [0, 0])
        kpis[report_.quarter][0] += float(report_.jobs_fte)
        kpis[report_.quarter][1] += float(report_.funds_raised)
    quarters = sorted(kpis)
    top = max([v[0] for v in kpis.values()] + [1])
    chart = [
        {
            "quarter": q,
            "jobs": kpis[q][0],
            "funds": kpis[q][1],
            "x": 40 + i * 90,
            "height": round(160 * kpis[q][0] / top),
        }
        for i, q in enumerate(quarters)
    ]
    return render(
        request,
        "accelerator/manage_call.html",
        {
            "call": call,
            "applications": applications,
            "status": status,
            "ranking": ranking,
            "matches": matches,
            "mentors": MentorProfile.objects.select_related("mentor"),
            "closed": timezone.now() >= call.closes_at,
            "chart": chart,
            "chart_width": 80 + 90 * len(chart),
            "statuses": [c for c in ApplicationStatus.choices if c[0] != "draft"],
            "jobs_total": sum(v[0] for v in kpis.values()),
        },
    )


@login_required
@require_POST
def manage_action(request: HttpRequest, call_id: int, action: str) -> HttpResponse:
    call = _managed_call(request, call_id)
    try:
        if action == "assign":
            application = call.applications.get(pk=int(request.POST["application"]))
            reviewer = User.objects.filter(
                email__iexact=request.POST.get("email", "").strip()
            ).first()
            if reviewer is None:
                raise DomainError(_("No account with that e-mail address."), code="unknown_user")
            review_services.assign_reviewer(
                actor=request.user, application=application, reviewer=reviewer
            )
        elif action == "select":
            decisions = {
                int(key[9:]): value
                for key, value in request.POST.items()
                if key.startswith("decision_") and value
            }
            review_services.select(actor=request.user, call=call, decisions=decisions)
        elif action == "propose":
            cohort_services.matches_propose(actor=request.user, call=call)
        elif action == "confirm":
            cohort_services.matches_confirm(actor=request.user, call=call)
        else:
            raise Http404
    except (DomainError, Application.DoesNotExist, ValueError, KeyError) as error:
        messages.error(request, getattr(error, "message", _("Check the form.")))
    else:
        messages.success(request, _("Done."))
    return redirect("accelerator:manage_call", call_id=call.pk)


@login_required
def mentor_page(request: HttpRequest) -> HttpResponse:
    """A mentor's expertise, sectors, languages and how many start-ups they take on."""
    profile = MentorProfile.objects.filter(mentor=request.user).first()
    initial = (
        {
            "tags": ", ".join(profile.tags),
            "sectors": ", ".join(profile.sectors),
            "languages": profile.languages,
            "capacity": profile.capacity,
        }
        if profile
        else None
    )
    form = MentorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            cohort_services.mentor_profile_set(
                actor=request.user, capacity=form.cleaned_data["capacity"], **form.values()
            )
        except DomainError as error:
            if error.status == 403:
                raise PermissionDenied from error
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Mentor profile saved."))
            return redirect("accelerator:mentor")
    matches = MentorMatch.objects.filter(mentor=request.user, confirmed=True).select_related(
        "application__company"
    )
    return render(request, "accelerator/mentor.html", {"form": form, "matches": matches})


@login_required
@require_POST
def needs_post(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            cohort_services.needs_set(actor=request.user, application=application, **form.values())
        except DomainError as error:
            report(request, error)
        else:
            messages.success(request, _("Needs saved: the accelerator matches mentors with them."))
    else:
        messages.error(request, _("Choose at least one language."))
    return redirect("accelerator:application", application_id=application.pk)


@login_required
@require_POST
def milestone_post(request: HttpRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    milestone = None
    if request.POST.get("milestone"):
        milestone = application.milestones.filter(pk=request.POST["milestone"]).first()
        if milestone is None:
            raise Http404
        title, due_on = milestone.title, milestone.due_on
        status = request.POST.get("status", "")
    else:
        form = MilestoneForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Name the milestone and give its date."))
            return redirect("accelerator:application", application_id=application.pk)
        title, due_on, status = form.cleaned_data["title"], form.cleaned_data["due_on"], "planned"
    try:
        cohort_services.milestone_set(
            actor=request.user,
            application=application,
            title=title,
            due_on=due_on,
            status=status,
            milestone=milestone,
        )
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, _("Milestone saved."))
    return redirect("accelerator:application", application_id=application.pk)


@login_required
@require_POST
def match_adjust_post(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _managed_call(request, call_id)
    application = call.applications.filter(pk=request.POST.get("application") or 0).first()
    mentor = User.objects.filter(pk=request.POST.get("mentor") or 0).first()
    if application is None or mentor is None:
        raise Http404
    try:
        cohort_services.match_adjust(actor=request.user, application=application, mentor=mentor)
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, _("Match changed."))
    return redirect("accelerator:manage_call", call_id=call.pk)
