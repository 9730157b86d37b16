"""Outcome pages: the employer records hires and closes a vacancy; the learner confirms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biocampus.accounts.models import User
from biocampus.common.errors import DomainError
from biocampus.common.pages import form_error, report
from biocampus.outcomes import followups, services
from biocampus.outcomes.access import get_hire_for_learner, get_outcome_for_learner
from biocampus.outcomes.forms import CloseForm, FollowUpDetailsForm, HireForm, OutcomeForm
from biocampus.outcomes.models import Hire, HireStatus, JobOutcome
from biocampus.outcomes.queries import accepted_candidates, attributions
from biocampus.skills.access import get_vacancy_for_user


@login_required
@require_POST
def hire_post(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = get_vacancy_for_user(request.user, vacancy_id, for_change=True)
    candidates = list(accepted_candidates(vacancy))
    form = HireForm(request.POST, candidates=candidates)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("skills:vacancy", vacancy_id=vacancy.pk)
    data = form.cleaned_data
    who = data["who"]
    learner = next((c for c in candidates if str(c.pk) == who), None)
    try:
        hire = services.hire_record(
            actor=request.user,
            vacancy=vacancy,
            learner=learner,
            learner_email=data["learner_email"] if who == "email" else "",
            start_date=data["start_date"],
            contract=data["contract"],
        )
    except DomainError as error:
        report(request, error)
    else:
        if learner is not None:
            messages.success(
                request,
                _("Hire recorded: it counts once %(name)s confirms it.")
                % {"name": learner.full_name or learner.email},
            )
        elif hire.learner_id:
            # Named by e-mail: who owns the address is not told before they confirm.
            messages.success(
                request, _("Hire recorded: the person you invited confirms it by e-mail.")
            )
        else:
            messages.success(request, _("Hire recorded."))
    return redirect("skills:vacancy", vacancy_id=vacancy.pk)


@login_required
@require_POST
def close_post(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = get_vacancy_for_user(request.user, vacancy_id, for_change=True)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the vacancy closes."))
    else:
        try:
            services.vacancy_close(
                actor=request.user, vacancy=vacancy, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            report(request, error)
        else:
            messages.success(request, _("The vacancy is closed."))
    return redirect("skills:vacancy", vacancy_id=vacancy.pk)


def _with_training(user: User) -> list[JobOutcome]:
    """The learner's outcomes, each job with the training it followed."""
    outcomes = list(JobOutcome.objects.filter(learner=user).select_related("occupation"))
    found = attributions(user.pk, outcomes)
    for outcome in outcomes:
        outcome.training = found.get(outcome.pk)
    return outcomes


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """The learner's hires to confirm, their situation over time, and a form to say where
    they stand now."""
    user: User = request.user
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_record(actor=user, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Thank you: your situation is recorded."))
            return redirect("outcomes:mine")
    return render(
        request,
        "outcomes/mine.html",
        {
            "to_confirm": Hire.objects.filter(learner=user, status=HireStatus.PENDING)
            .select_related("vacancy__employer")
            .order_by("start_date", "id"),
            "outcomes": _with_training(user),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def outcome_edit(request: HttpRequest, outcome_id: int) -> HttpResponse:
    outcome = get_outcome_for_learner(request.user, outcome_id)
    initial = {
        "status": outcome.status,
        "employer_name": outcome.employer_name,
        "occupation": outcome.occupation_id,
        "contract": outcome.contract,
        "start_date": outcome.start_date,
        "in_region": {True: "yes", False: "no"}.get(outcome.in_region, ""),
    }
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_correct(actor=request.user, outcome=outcome, **form.cleaned_data)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Corrected."))
            return redirect("outcomes:mine")
    return render(request, "outcomes/edit.html", {"form": form, "outcome": outcome})


@login_required
@require_POST
def answer_post(request: HttpRequest, hire_id: int) -> HttpResponse:
    hire = get_hire_for_learner(request.user, hire_id)
    accept = request.POST.get("accept") == "1"
    try:
        services.hire_answer(actor=request.user, hire=hire, accept=accept)
    except DomainError as error:
        report(request, error)
    else:
        if accept:
            messages.success(request, _("Confirmed: congratulations on the new job!"))
        else:
            messages.success(request, _("Declined: the employer's opening is free again."))
    return redirect("outcomes:mine")


def follow_up_page(request: HttpRequest, token: str) -> HttpResponse:
    """The answer to a follow-up e-mail, without signing in: the signed link is the key."""
    follow_up = followups.follow_up_from(token)
    form = FollowUpDetailsForm(request.POST if request.POST.get("step") == "details" else None)
    if request.method == "POST":
        if request.POST.get("step") == "details":
            if form.is_valid():
                try:
                    followups.details(follow_up=follow_up, **form.cleaned_data)
                except DomainError as error:
                    form_error(form, error)
                else:
                    messages.success(request, _("Thank you: your new job is recorded."))
                    return redirect("outcomes:follow_up", token=token)
        else:
            try:
                followups.answer(follow_up=follow_up, status=request.POST.get("answer", ""))
            except DomainError as error:
                report(request, error)
            return redirect("outcomes:follow_up", token=token)
    follow_up.refresh_from_db()
    return render(request, "outcomes/follow_up.html", {"follow_up": follow_up, "form": form})
