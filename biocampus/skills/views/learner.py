"""Learner pages: my skills and consent, jobs and my gap, my pathway, jobs for me."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biocampus.common.errors import DomainError
from biocampus.common.pages import form_error, paginate, querystring_without_page, report
from biocampus.common.pages import page_number as current_page
from biocampus.skills.access import get_contact_request_for_user, get_occupation_for_user
from biocampus.skills.forms import PathwayForm, TextForm
from biocampus.skills.models import SkillSource
from biocampus.skills.present import skills_for
from biocampus.skills.queries import (
    held_skill_ids,
    learner_contact_requests,
    learner_profile,
    learner_skills,
    occupation_search,
    occupation_skills,
    pathway_skills,
    skill_search,
)
from biocampus.skills.queries import pathway as pathways
from biocampus.skills.queries.gap import gap_for
from biocampus.skills.queries.matching import vacancies_for
from biocampus.skills.queries.suggestions import suggest
from biocampus.skills.services import contacts, profiles
from biocampus.skills.services import pathway as pathway_services


def _ids(values) -> list[int]:
    try:
        return [int(v) for v in values]
    except (TypeError, ValueError):
        return []


@login_required
def my_skills(request: HttpRequest) -> HttpResponse:
    entries = list(learner_skills(request.user))
    return render(
        request,
        "skills/my_skills.html",
        {
            "verified": [e for e in entries if e.source == SkillSource.VERIFIED],
            "declared": [e for e in entries if e.source == SkillSource.DECLARED],
            "profile": learner_profile(request.user),
            "contacts": learner_contact_requests(request.user)[:50],
            "text_form": TextForm(),
        },
    )


@login_required
def skill_options(request: HttpRequest) -> HttpResponse:
    """HTMX: skills matching what the learner types, to add to their profile."""
    q = request.GET.get("q", "")[:100]
    results = list(skill_search(q)[:12]) if len(q.strip()) >= 2 else []
    held = held_skill_ids(request.user)
    return render(
        request, "skills/partials/_skill_options.html", {"results": results, "held": held, "q": q}
    )


@login_required
@require_POST
def skills_add(request: HttpRequest) -> HttpResponse:
    ids = _ids(request.POST.getlist("skill"))
    if not ids:
        messages.error(request, _("Choose at least one skill."))
        return redirect("skills:my_skills")
    try:
        profiles.skills_declare(actor=request.user, skill_ids=ids)
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, _("Added to your skills."))
    return redirect("skills:my_skills")


@login_required
@require_POST
def skill_remove(request: HttpRequest, skill_id: int) -> HttpResponse:
    try:
        profiles.skill_remove(actor=request.user, skill_id=skill_id)
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, _("Skill removed."))
    return redirect("skills:my_skills")


@login_required
@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    findable = request.POST.get("findable") == "1"
    profiles.consent_set(actor=request.user, findable=findable)
    if findable:
        messages.success(request, _("Employers can now find you for vacancies that fit."))
    else:
        messages.success(request, _("Employers can no longer find you."))
    return redirect("skills:my_skills")


@login_required
@require_POST
def extract(request: HttpRequest) -> HttpResponse:
    """Suggest skills from a pasted text; the learner ticks the ones to add."""
    form = TextForm(request.POST)
    extraction = None
    if form.is_valid():
        try:
            extraction = suggest(
                form.cleaned_data["text"], language=request.LANGUAGE_CODE, limit=15
            )
        except DomainError as error:
            form.add_error("text", error.message)
    held = held_skill_ids(request.user)
    return render(
        request,
        "skills/extract_result.html",
        {
            "form": form,
            "found": extraction.suggestions if extraction else [],
            "extraction": extraction,
            "held": held,
        },
    )


def jobs(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100]
    page = paginate(request, occupation_search(q, None if q else "biocampus"), 20)
    target = None
    if request.user.is_authenticated:
        target = learner_profile(request.user).target_occupation
    return render(
        request,
        "skills/jobs.html",
        {"page": page, "q": q, "target": target, "query": querystring_without_page(request)},
    )


def job_detail(request: HttpRequest, occupation_id: int) -> HttpResponse:
    occupation = get_occupation_for_user(request.user, occupation_id)
    context = {"occupation": occupation, "form": PathwayForm()}
    if request.user.is_authenticated:
        gap = gap_for(request.user, occupation)
        context.update(gap=gap, assessment=gap.assessment, skills=gap.skills)
        context["is_target"] = learner_profile(request.user).target_occupation_id == occupation.pk
    else:
        context["required"] = list(occupation_skills(occupation))
    return render(request, "skills/job_detail.html", context)


@login_required
@require_POST
def set_target(request: HttpRequest, occupation_id: int) -> HttpResponse:
    occupation = get_occupation_for_user(request.user, occupation_id)
    profiles.target_set(actor=request.user, occupation_id=occupation.pk)
    messages.success(request, _("This is now your target job."))
    return redirect("skills:job", occupation_id=occupation_id)


@login_required
def pathway(request: HttpRequest, occupation_id: int) -> HttpResponse:
    occupation = get_occupation_for_user(request.user, occupation_id)
    form = PathwayForm(request.GET or None)
    plan = None
    if form.is_valid():
        try:
            plan = pathways.pathway_plan(
                learner=request.user,
                request=pathways.PathwayRequest(
                    occupation=occupation,
                    objective=form.cleaned_data["objective"],
                    language=form.cleaned_data["language"] or None,
                    max_budget_eur=form.cleaned_data["max_budget_eur"],
                    start_after=form.moment("start_after"),
                    finish_before=form.moment("finish_before", end_of_day=True),
                ),
            )
        except DomainError as error:
            form_error(form, error)
    skills, teaches = pathway_skills(plan) if plan is not None else ({}, {})
    return render(
        request,
        "skills/pathway.html",
        {
            "occupation": occupation,
            "form": form,
            "plan": plan,
            "skills": skills,
            "rows": [(s, teaches.get(s.pk, [])) for s in plan.sessions] if plan else [],
            "seat_rows": [(s, teaches.get(s.pk, [])) for s in plan.with_seats.sessions]
            if plan and plan.with_seats
            else [],
        },
    )


@login_required
@require_POST
def pathway_enrol(request: HttpRequest, occupation_id: int) -> HttpResponse:
    ids = _ids(request.POST.getlist("session"))[:30]
    if not ids:
        messages.error(request, _("This pathway has no session to enrol in."))
        return redirect("skills:job", occupation_id=occupation_id)
    results = pathway_services.pathway_enrol(actor=request.user, session_ids=ids)
    confirmed = sum(r.status == "confirmed" for r in results)
    waitlisted = sum(r.status == "waitlisted" for r in results)
    messages.success(
        request,
        _("Pathway booked: %(confirmed)d confirmed, %(waitlisted)d on a waiting list.")
        % {"confirmed": confirmed, "waitlisted": waitlisted},
    )
    for r in results:
        if r.status not in ("confirmed", "waitlisted"):
            messages.error(request, r.message)
    return redirect("portal:my_training")


@login_required
def my_vacancies(request: HttpRequest) -> HttpResponse:
    page_number = current_page(request)
    matches, count = vacancies_for(request.user, offset=(page_number - 1) * 20, limit=20)
    skills = skills_for([m.assessment for m in matches])
    return render(
        request,
        "skills/my_vacancies.html",
        {
            "matches": matches,
            "count": count,
            "skills": skills,
            "page_number": page_number,
            "has_next": page_number * 20 < count,
        },
    )


def _contact_answer(request: HttpRequest, request_id: int, *, accept: bool) -> HttpResponse:
    contact = get_contact_request_for_user(request.user, request_id)
    try:
        contacts.contact_request_answer(actor=request.user, request=contact, accept=accept)
    except DomainError as error:
        report(request, error)
    else:
        done = (
            _("%(employer)s can now see your e-mail address.")
            if accept
            else _("You declined %(employer)s's request.")
        )
        messages.success(request, done % {"employer": contact.employer.name})
    return redirect("skills:my_skills")


@login_required
@require_POST
def contact_accept(request: HttpRequest, request_id: int) -> HttpResponse:
    return _contact_answer(request, request_id, accept=True)


@login_required
@require_POST
def contact_decline(request: HttpRequest, request_id: int) -> HttpResponse:
    return _contact_answer(request, request_id, accept=False)
