"""Employer pages: vacancies, hiring forecasts and candidates who agreed to be found."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biocampus.accounts import services
from biocampus.accounts.access import get_organisation_for_user
from biocampus.accounts.models import Organisation, Verification
from biocampus.accounts.queries import companies_administered
from biocampus.common.charts import ColumnChart, column_chart
from biocampus.common.errors import DomainError
from biocampus.common.pages import form_error, report
from biocampus.common.pages import page_number as current_page
from biocampus.credentials.backing import backing_credentials
from biocampus.outcomes.forms import CloseForm, HireForm
from biocampus.outcomes.queries import FillState, accepted_candidates, vacancy_hires
from biocampus.skills.access import get_vacancy_for_user
from biocampus.skills.forms import ForecastForm, VacancyForm, VerificationForm
from biocampus.skills.models import Vacancy
from biocampus.skills.present import credentials_shown, skills_for
from biocampus.skills.queries import (
    contact_status_by_learner,
    employer_forecasts,
    employer_vacancies,
    employers_of,
    matching,
    vacancy_requirements,
)
from biocampus.skills.queries.suggestions import suggest
from biocampus.skills.services import contacts, vacancies

# A company asks for verification when it has none, or again after a suspension.
ASKABLE = (Verification.UNVERIFIED, Verification.SUSPENDED)


def _hiring(request: HttpRequest) -> list[Organisation]:
    """The verified companies the user recruits for; the pages are theirs only."""
    employers = employers_of(request.user)
    if not employers:
        raise PermissionDenied
    return employers


@login_required
def verification(request: HttpRequest) -> HttpResponse:
    """A company's administrators ask the campus to verify it as an employer: until then
    it publishes no vacancy and sees no candidate."""
    companies = list(companies_administered(request.user))
    if not companies:
        raise PermissionDenied
    form = VerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        company = get_organisation_for_user(request.user, int(request.POST.get("company", 0) or 0))
        try:
            services.organisation_verification_request(
                actor=request.user,
                organisation=company,
                enterprise_number=form.cleaned_data["enterprise_number"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Asked: the campus will check your company."))
            return redirect("skills:verification")
    askable = [c for c in companies if c.verification in ASKABLE]
    return render(
        request,
        "skills/employer/verification.html",
        {"companies": companies, "askable": askable, "form": form},
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if not employers_of(request.user) and companies_administered(request.user).exists():
        return redirect("skills:verification")
    employers = _hiring(request)
    forecast_form = ForecastForm(request.POST or None, employers=employers)
    if request.method == "POST" and forecast_form.is_valid():
        data = forecast_form.cleaned_data
        try:
            vacancies.forecast_set(
                actor=request.user,
                employer_id=int(data["employer"]),
                occupation_id=data["occupation"].pk,
                year=data["year"],
                headcount=data["headcount"],
            )
        except DomainError as error:
            form_error(forecast_form, error)
        else:
            messages.success(request, _("Forecast saved."))
            return redirect("skills:employer")
    forecasts = list(employer_forecasts(request.user))
    return render(
        request,
        "skills/employer/dashboard.html",
        {
            "vacancies": employer_vacancies(request.user).order_by("status", "closes_on", "id"),
            "forecasts": forecasts,
            "forecast_chart": _headcount_per_year(forecasts),
            "forecast_form": forecast_form,
        },
    )


def _headcount_per_year(forecasts) -> ColumnChart | None:
    totals: dict[int, int] = {}
    for f in forecasts:
        totals[f.year] = totals.get(f.year, 0) + f.headcount
    return column_chart([(str(y), n, str(n)) for y, n in sorted(totals.items())])


def _save_vacancy(
    request: HttpRequest, form: VacancyForm, vacancy: Vacancy | None = None
) -> Vacancy:
    data = dict(form.cleaned_data)
    employer_id = int(data.pop("employer"))
    occupation = data.pop("occupation")
    if vacancy is None:
        return vacancies.vacancy_create(
            actor=request.user, employer_id=employer_id, occupation_id=occupation.pk, **data
        )
    changed = occupation.pk != vacancy.occupation_id
    return vacancies.vacancy_update(
        actor=request.user,
        vacancy=vacancy,
        occupation_id=occupation.pk if changed else None,
        **data,
    )


@login_required
def vacancy_form(request: HttpRequest, vacancy_id: int | None = None) -> HttpResponse:
    employers = _hiring(request)
    vacancy = (
        get_vacancy_for_user(request.user, vacancy_id, for_change=True) if vacancy_id else None
    )
    initial = {}
    if vacancy is not None:
        initial = {
            "employer": vacancy.employer_id,
            "occupation": vacancy.occupation_id,
            **{f: getattr(vacancy, f) for f in vacancies.EDITABLE},
        }
    form = VacancyForm(request.POST or None, initial=initial, employers=employers)
    if vacancy is not None:
        form.fields["employer"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_vacancy(request, form, vacancy)
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Vacancy saved."))
            return redirect("skills:vacancy", vacancy_id=saved.pk)
    return render(request, "skills/employer/vacancy_form.html", {"form": form, "vacancy": vacancy})


@login_required
def vacancy_detail(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = get_vacancy_for_user(request.user, vacancy_id, for_change=True)
    page_number = current_page(request)
    matches, count = matching.candidates_for(vacancy, offset=(page_number - 1) * 20, limit=20)
    required = vacancy_requirements(vacancy)
    suggestions, extraction = [], None
    if request.GET.get("suggest") and vacancy.description.strip():
        try:
            extraction = suggest(
                f"{vacancy.title}\n{vacancy.description}", language=request.LANGUAGE_CODE
            )
        except DomainError as error:
            report(request, error)
        else:
            listed = {r.skill_id for r in required}
            suggestions = [s for s in extraction.suggestions if s.skill.pk not in listed]
    learner_ids = [m.learner.pk for m in matches]
    backed = backing_credentials(learner_ids)
    return render(
        request,
        "skills/employer/vacancy_detail.html",
        {
            "vacancy": vacancy,
            "required": required,
            "matches": matches,
            "count": count,
            "skills": skills_for([m.assessment for m in matches]),
            "contacts": contact_status_by_learner(vacancy.employer_id, learner_ids),
            # Per candidate, {skill: the valid credential backing it}.
            "credentials": {
                m.learner.pk: credentials_shown(m.assessment, backed.get(m.learner.pk, {}))
                for m in matches
            },
            "page_number": page_number,
            "has_next": page_number * 20 < count,
            "suggestions": suggestions,
            "suggested": bool(request.GET.get("suggest")),
            "extraction": extraction,
            **_hiring_context(vacancy),
        },
    )


def _hiring_context(vacancy: Vacancy) -> dict:
    hiring = vacancy_hires(vacancy)
    return {
        "hiring": hiring,
        "fill_state_label": FillState(hiring["fill_state"]).label,
        "hire_form": HireForm(candidates=accepted_candidates(vacancy)),
        "close_form": CloseForm(),
    }


@login_required
def vacancy_delete(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = get_vacancy_for_user(request.user, vacancy_id, for_change=True)
    if request.method != "POST":
        return redirect("skills:vacancy", vacancy_id=vacancy.pk)
    try:
        vacancies.vacancy_delete(actor=request.user, vacancy=vacancy)
    except DomainError as error:
        report(request, error)
        return redirect("skills:vacancy", vacancy_id=vacancy.pk)
    messages.success(request, _("Draft deleted."))
    return redirect("skills:employer")


@login_required
def vacancy_skill(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    """Add a skill as essential or optional, or remove it (relation empty)."""
    vacancy = get_vacancy_for_user(request.user, vacancy_id, for_change=True)
    if request.method != "POST":
        return redirect("skills:vacancy", vacancy_id=vacancy.pk)
    try:
        skill_id = int(request.POST.get("skill", ""))
    except ValueError:
        messages.error(request, _("Choose a skill."))
        return redirect("skills:vacancy", vacancy_id=vacancy.pk)
    try:
        vacancies.vacancy_skill_set(
            actor=request.user,
            vacancy=vacancy,
            skill_id=skill_id,
            relation=request.POST.get("relation") or None,
        )
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, _("Skills of the vacancy saved."))
    return redirect("skills:vacancy", vacancy_id=vacancy.pk)


@login_required
@require_POST
def contact_request(request: HttpRequest, vacancy_id: int, learner_id: int) -> HttpResponse:
    """Ask a candidate whether the company may contact them (they decide)."""
    vacancy = get_vacancy_for_user(request.user, vacancy_id, for_change=True)
    try:
        contacts.contact_request_create(
            actor=request.user,
            vacancy=vacancy,
            learner_id=learner_id,
            message=request.POST.get("message", ""),
        )
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, _("Asked: the candidate decides whether to share their address."))
    return redirect("skills:vacancy", vacancy_id=vacancy.pk)
