"""Accelerator pages: founders apply and report, reviewers score, the operator runs calls,
ranks, selects, matches mentors and follows the cohort."""

from collections import Counter
from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from biocampus.accelerator import queries
from biocampus.accelerator.access import (
    get_application_for_user,
    get_assignment_for_user,
    get_call_for_user,
    get_milestone_for_user,
    is_applicant,
    runs_call,
    sees_identity,
)
from biocampus.accelerator.forms import (
    ApplicationForm,
    AssignReviewerForm,
    CallForm,
    KpiForm,
    MatchAdjustForm,
    MentorForm,
    MilestoneForm,
    ProfileForm,
    ScoresForm,
    SelectionForm,
)
from biocampus.accelerator.models import ApplicationStatus, Call, MilestoneStatus
from biocampus.accelerator.models.cohort import quarter_label
from biocampus.accelerator.ranking import ranking
from biocampus.accelerator.services import applications as app_services
from biocampus.accelerator.services import cohort as cohort_services
from biocampus.accelerator.services import reviews as review_services
from biocampus.common.charts import ColumnChart, column_chart
from biocampus.common.errors import DomainError
from biocampus.common.exports import SPREADSHEETS, table_response
from biocampus.common.pages import form_error, report


def kpi_chart(rows, figure: str) -> ColumnChart | None:
    """One column per quarter of a reported figure (jobs created, funds raised)."""
    places = 1 if figure == "jobs_fte" else 0
    points = []
    for r in rows:
        value = getattr(r, figure)
        text = formats.number_format(value, places, use_l10n=True, force_grouping=True)
        points.append((quarter_label(r.quarter), float(value), text))
    return column_chart(points)


def home(request: HttpRequest) -> HttpResponse:
    mine = queries.applications_of(request.user)
    return render(
        request, "accelerator/home.html", {"calls": queries.published_calls(), "mine": mine}
    )


def call_detail(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_call_for_user(request.user, call_id)
    companies = queries.startups_of(request.user)
    return render(request, "accelerator/call.html", {"call": call, "companies": companies})


@login_required
@require_POST
def apply(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_call_for_user(request.user, call_id)
    chosen = request.POST.get("company", "")
    company = None
    if chosen:
        # Only one of the founder's own start-ups: anything else is not found.
        company = next((c for c in queries.startups_of(request.user) if str(c.pk) == chosen), None)
        if company is None:
            raise Http404
    try:
        application = app_services.application_start(
            actor=request.user,
            call=call,
            company_name=request.POST.get("company_name", ""),
            company=company,
        )
    except DomainError as error:
        report(request, error)
        return redirect("accelerator:call", call_id=call.pk)
    return redirect("accelerator:application", application_id=application.pk)


def _needs_initial(application) -> dict | None:
    if not hasattr(application, "needs"):
        return None
    return {
        "tags": ", ".join(application.needs.tags),
        "sectors": ", ".join(application.needs.sectors),
        "languages": application.needs.languages,
    }


@login_required
def application_page(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_application_for_user(request.user, application_id)
    if not is_applicant(request.user, application) and not runs_call(
        request.user, application.call
    ):
        return redirect("accelerator:review", application_id=application.pk)
    questions = list(application.call.questions.all())
    answers = queries.answers_by_question(application)
    form = ApplicationForm(
        request.POST or None, instance=application, questions=questions, answers=answers
    )
    if request.method == "POST" and form.is_valid():
        try:
            _application_save(request, application, form)
        except DomainError as error:
            form_error(form, error)
        else:
            if request.POST.get("submit"):
                # Saved; submitting is final, so it is confirmed on a page of its own.
                return redirect("accelerator:application_submit", application_id=application.pk)
            return redirect("accelerator:application", application_id=application.pk)
    return render(
        request,
        "accelerator/application.html",
        {
            "application": application,
            "form": form,
            "kpi_form": KpiForm(),
            "needs_form": ProfileForm(initial=_needs_initial(application)),
            "milestone_form": MilestoneForm(),
            "kpis": (kpis := list(application.kpis.order_by("quarter"))),
            "jobs_chart": kpi_chart(kpis, "jobs_fte"),
            "funds_chart": kpi_chart(kpis, "funds_raised"),
            "milestones": application.milestones.all(),
            "match": queries.confirmed_match(application),
            "editable": application.status == ApplicationStatus.DRAFT
            and application.call.is_open(),
        },
    )


def _application_save(request: HttpRequest, application, form: ApplicationForm) -> None:
    """The draft's fields and answers, an uploaded file, and the submission if asked."""
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
    messages.success(request, _("Draft saved."))


@login_required
def application_submit_page(request: HttpRequest, application_id: int) -> HttpResponse:
    """The last look before the final submission: what will be sent, and that it cannot be
    changed afterwards."""
    application = get_application_for_user(request.user, application_id)
    if not is_applicant(request.user, application):
        raise PermissionDenied
    if request.method == "POST":
        try:
            app_services.application_submit(actor=request.user, application=application)
        except DomainError as error:
            report(request, error)
        else:
            messages.success(request, _("Your application is submitted."))
        return redirect("accelerator:application", application_id=application.pk)
    answers = queries.answers_by_question(application)
    return render(
        request,
        "accelerator/application_submit.html",
        {
            "application": application,
            "answers": [(q, answers.get(q.pk, "")) for q in application.call.questions.all()],
        },
    )


@login_required
@require_POST
def kpi_post(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_application_for_user(request.user, application_id)
    form = KpiForm(request.POST)
    if form.is_valid():
        try:
            cohort_services.kpi_report_set(
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
    assignments = queries.review_assignments(request.user)
    rows = [(a, sees_identity(request.user, a.application)) for a in assignments]
    return render(request, "accelerator/reviews.html", {"rows": rows})


@login_required
def review(request: HttpRequest, application_id: int) -> HttpResponse:
    assignment = get_assignment_for_user(request.user, application_id)
    application = assignment.application
    criteria = list(application.call.criteria.all())
    existing = queries.scores_by_criterion(assignment)
    form = ScoresForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            review_services.scores_submit(
                actor=request.user, assignment=assignment, scores=form.scores()
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Scores saved."))
            return redirect("accelerator:reviews")
    errors = form.messages() if form.is_bound else []
    return render(
        request,
        "accelerator/review.html",
        {
            "application": application,
            "identity": sees_identity(request.user, application),
            "criteria": [(c, existing.get(c.pk)) for c in criteria],
            "answers": queries.answers_with_questions(application),
            "errors": errors,
        },
    )


@login_required
@require_POST
def conflict(request: HttpRequest, application_id: int) -> HttpResponse:
    assignment = get_assignment_for_user(request.user, application_id)
    review_services.conflict_declare(
        actor=request.user, assignment=assignment, reason=request.POST.get("reason", "")
    )
    messages.success(request, _("Conflict declared: you no longer review this application."))
    return redirect("accelerator:reviews")


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    operators = queries.operated_accelerators(request.user)
    if not operators:
        raise PermissionDenied
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            call = app_services.call_create(
                actor=request.user,
                operator=operators[0],
                criteria=data.pop("criteria"),
                questions=data.pop("questions"),
                published=True,
                **data,
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Call opened."))
            return redirect("accelerator:manage_call", call_id=call.pk)
    calls = queries.calls_of(operators)
    return render(request, "accelerator/manage.html", {"calls": calls, "form": form})


@login_required
def manage_call(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_call_for_user(request.user, call_id, for_change=True)
    status = request.GET.get("status", "")
    applications = queries.call_applications(call, status=status)
    if (spreadsheet := request.GET.get("format")) in SPREADSHEETS:
        return table_response(
            f"applications-{call.pk}",
            queries.APPLICATIONS_COLUMNS,
            queries.applications_csv_rows(applications),
            format=spreadsheet,
            labels=True,
        )
    quarters = queries.cohort_quarters(call)
    jobs = [q.jobs_fte for q in quarters]
    return render(
        request,
        "accelerator/manage_call.html",
        {
            "call": call,
            "applications": applications,
            "status": status,
            "ranking": ranking(call),
            "matches": queries.call_matches(call),
            "mentors": queries.mentor_profiles(),
            "closed": timezone.now() >= call.closes_at,
            "chart": kpi_chart(quarters, "jobs_fte"),
            "statuses": [c for c in ApplicationStatus.choices if c[0] != ApplicationStatus.DRAFT],
            "jobs_total": sum(jobs),
        },
    )


def _call_action(
    request: HttpRequest, call: Call, act: Callable[[], object], done: str | Callable[..., str]
) -> HttpResponse:
    """Run one of the operator's actions on a call and go back to the call's page with
    what happened (`done`, or `done(result)` when it depends on the result), or why it was
    refused."""
    try:
        result = act()
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, done(result) if callable(done) else done)
    return redirect("accelerator:manage_call", call_id=call.pk)


def _selection_saved(decisions: dict[int, str], changed: list) -> str:
    counts = Counter(decisions.values())
    saved = _(
        "Selection saved: %(accepted)d accepted, %(reserve)d on the reserve list, "
        "%(rejected)d not selected."
    ) % {
        "accepted": counts[ApplicationStatus.ACCEPTED],
        "reserve": counts[ApplicationStatus.RESERVE],
        "rejected": counts[ApplicationStatus.REJECTED],
    }
    told = ngettext(
        "%(n)d applicant whose status changed is being told.",
        "%(n)d applicants whose status changed are being told.",
        len(changed),
    ) % {"n": len(changed)}
    return f"{saved} {told}"


def _invalid(request: HttpRequest, call: Call, form: Form) -> HttpResponse:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
    return redirect("accelerator:manage_call", call_id=call.pk)


@login_required
@require_POST
def reviewer_assign(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_call_for_user(request.user, call_id, for_change=True)
    form = AssignReviewerForm(request.POST, applications=queries.call_applications(call))
    if not form.is_valid():
        return _invalid(request, call, form)
    data = form.cleaned_data
    return _call_action(
        request,
        call,
        lambda: review_services.reviewer_assign(
            actor=request.user, application=data["application"], reviewer=data["email"]
        ),
        _("Reviewer assigned."),
    )


@login_required
@require_POST
def cohort_select(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_call_for_user(request.user, call_id, for_change=True)
    form = SelectionForm(request.POST, applications=queries.call_applications(call))
    if not form.is_valid():
        return _invalid(request, call, form)
    decisions = form.decisions()
    return _call_action(
        request,
        call,
        lambda: review_services.cohort_select(actor=request.user, call=call, decisions=decisions),
        partial(_selection_saved, decisions),
    )


@login_required
@require_POST
def matches_propose(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_call_for_user(request.user, call_id, for_change=True)
    act = partial(cohort_services.matches_propose, actor=request.user, call=call)
    return _call_action(request, call, act, _("Mentor matches proposed."))


@login_required
@require_POST
def matches_confirm(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_call_for_user(request.user, call_id, for_change=True)
    act = partial(cohort_services.matches_confirm, actor=request.user, call=call)
    return _call_action(request, call, act, _("Mentor matches confirmed."))


@login_required
@require_POST
def match_adjust_post(request: HttpRequest, call_id: int) -> HttpResponse:
    call = get_call_for_user(request.user, call_id, for_change=True)
    form = MatchAdjustForm(
        request.POST,
        applications=queries.call_applications(call),
        mentors=queries.mentor_users(),
    )
    if not form.is_valid():
        return _invalid(request, call, form)
    data = form.cleaned_data
    return _call_action(
        request,
        call,
        lambda: cohort_services.match_adjust(
            actor=request.user, application=data["application"], mentor=data["mentor"]
        ),
        _("Match changed."),
    )


@login_required
def mentor_page(request: HttpRequest) -> HttpResponse:
    """A mentor's expertise, sectors, languages and how many start-ups they take on."""
    profile = queries.mentor_profile_of(request.user)
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
            form_error(form, error)
        else:
            messages.success(request, _("Mentor profile saved."))
            return redirect("accelerator:mentor")
    matches = queries.mentor_matches_of(request.user)
    return render(request, "accelerator/mentor.html", {"form": form, "matches": matches})


@login_required
@require_POST
def needs_post(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_application_for_user(request.user, application_id)
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
    application = get_application_for_user(request.user, application_id)
    milestone = None
    raw = request.POST.get("milestone", "")
    if raw:
        milestone = get_milestone_for_user(
            request.user, application, int(raw) if raw.isdigit() else 0
        )
        title, due_on = milestone.title, milestone.due_on
        status = request.POST.get("status", "")
    else:
        form = MilestoneForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Name the milestone and give its date."))
            return redirect("accelerator:application", application_id=application.pk)
        title, due_on = form.cleaned_data["title"], form.cleaned_data["due_on"]
        status = MilestoneStatus.PLANNED
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
