"""Back-office page: what a programme teaches, expects beforehand and prepares for."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biocampus.catalog.access import get_programme_for_user
from biocampus.common.errors import DomainError
from biocampus.common.pages import report
from biocampus.skills.models import SkillRole
from biocampus.skills.queries import (
    campus_jobs,
    occupations_by_id,
    programme_skills,
    skill_search,
    skills_by_id,
)
from biocampus.skills.queries.suggestions import suggest
from biocampus.skills.services.programmes import (
    programme_occupation_change,
    programme_skill_change,
)


@login_required
def programme_skills_page(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, programme_id, for_change=True)
    teaches, requires, occupations = programme_skills(programme)
    skills = skills_by_id(teaches + requires)
    extraction = None
    if request.GET.get("suggest"):
        text = "\n".join(
            [programme.title, programme.summary, programme.description, programme.learning_outcomes]
        )
        try:
            extraction = suggest(text, language=request.LANGUAGE_CODE, limit=12)
        except DomainError as error:
            report(request, error)
    found = extraction.suggestions if extraction else []
    return render(
        request,
        "skills/operator/programme_skills.html",
        {
            "programme": programme,
            "teaches": [skills[i] for i in teaches],
            "requires": [skills[i] for i in requires],
            "occupations": [o for _id, o in sorted(occupations_by_id(occupations).items())],
            "all_jobs": campus_jobs(exclude=occupations),
            "suggestions": [s for s in found if s.skill.pk not in skills],
            "extraction": extraction,
        },
    )


@login_required
def programme_skill_options(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, programme_id, for_change=True)
    q = request.GET.get("q", "")[:100]
    results = list(skill_search(q)[:12]) if len(q.strip()) >= 2 else []
    return render(
        request,
        "skills/operator/_skill_options.html",
        {"programme": programme, "results": results, "q": q},
    )


@login_required
@require_POST
def programme_skill_post(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, programme_id, for_change=True)
    role = request.POST.get("role") or None
    if role not in (None, SkillRole.TEACHES, SkillRole.REQUIRES):
        role = "invalid"
    try:
        programme_skill_change(
            actor=request.user,
            programme=programme,
            skill_id=int(request.POST.get("skill", "0") or 0),
            role=role,
        )
    except ValueError:
        messages.error(request, _("Unknown skill."))
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, _("Skills of the programme saved."))
    page = reverse("skills:programme_skills", args=[programme.pk])
    if request.POST.get("suggest"):
        # Added from the suggestions: the other suggestions stay on screen.
        page += "?suggest=1#suggestions"
    return redirect(page)


@login_required
@require_POST
def programme_occupation_post(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = get_programme_for_user(request.user, programme_id, for_change=True)
    try:
        programme_occupation_change(
            actor=request.user,
            programme=programme,
            occupation_id=int(request.POST.get("occupation", "0") or 0),
            add=request.POST.get("add") == "1",
        )
    except ValueError:
        messages.error(request, _("Unknown occupation."))
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, _("Jobs of the programme saved."))
    return redirect("skills:programme_skills", programme_id=programme.pk)
