"""The public page of a vacancy: what a job seeker (and a search engine) reads."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from biocampus.skills.access import get_vacancy_for_user, vacancy_is_public
from biocampus.skills.structured_data import job_posting


def vacancy_public(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    vacancy = get_vacancy_for_user(request.user, vacancy_id)
    public = vacancy_is_public(vacancy)
    links = vacancy.skill_links.select_related("skill").order_by("relation", "skill_id")
    return render(
        request,
        "skills/vacancy_public.html",
        {
            "vacancy": vacancy,
            "public": public,
            "skills": [(link.skill, link.get_relation_display()) for link in links],
            # Only what anyone may see is described to search engines.
            "structured": job_posting(request, vacancy) if public else None,
        },
    )
