"""API v1: vacancies, hiring forecasts and candidate matching."""

from django.http import HttpRequest
from ninja import Router, Status

from biocampus.api.auth import authenticated
from biocampus.api.bounds import Page, PathId
from biocampus.api.pagination import page_of
from biocampus.api.schemas import Error
from biocampus.credentials.backing import backing_credentials
from biocampus.skills import queries
from biocampus.skills.access import get_contact_request_for_user, get_vacancy_for_user
from biocampus.skills.models import ContactRequest, ContactStatus, HiringForecast, Vacancy
from biocampus.skills.present import (
    assessment_out,
    credentials_shown,
    occupation_out,
    skills_for,
)
from biocampus.skills.queries import employer_forecasts, matching
from biocampus.skills.queries.matching import Match
from biocampus.skills.schemas import (
    CandidateOut,
    CandidatePage,
    ContactAnswerIn,
    ContactIn,
    ContactOut,
    ForecastIn,
    ForecastOut,
    MatchedVacancyPage,
    VacancyIn,
    VacancyOut,
    VacancyPage,
    VacancyPatch,
)
from biocampus.skills.services import contacts, vacancies

router = Router(tags=["vacancies"], auth=authenticated)
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}
PAGE = 20


def vacancy_out(v: Vacancy) -> dict:
    # Lists prefetch skill_links; sorting here keeps that one query per page.
    required = sorted(v.skill_links.all(), key=lambda r: (r.relation != "essential", r.skill_id))
    return {
        "id": v.pk,
        "employer": v.employer.name,
        "employer_id": v.employer_id,
        "occupation": occupation_out(v.occupation),
        "title": v.title,
        "description": v.description,
        "location": v.location,
        "contract": v.contract,
        "openings": v.openings,
        "closes_on": v.closes_on,
        "status": v.status,
        "required": [{"skill": r.skill_id, "relation": r.relation} for r in required],
    }


def _skills(items) -> list[tuple[int, str]] | None:
    return None if items is None else [(i.skill, i.relation) for i in items]


@router.get("/vacancies", response={200: VacancyPage, 401: Error})
def vacancy_list(request: HttpRequest, mine: bool = False, page: Page = 1):
    """Open vacancies; with `mine`, every vacancy of the employers you recruit for."""
    items, count = page_of(queries.vacancy_list(request.user, mine=mine), page, PAGE)
    return {"items": [vacancy_out(v) for v in items], "count": count}


@router.post("/vacancies", response={201: VacancyOut, **ERRORS})
def vacancy_create(request: HttpRequest, payload: VacancyIn):
    data = payload.dict(exclude={"employer", "occupation", "skills"})
    vacancy = vacancies.vacancy_create(
        actor=request.user,
        employer_id=payload.employer,
        occupation_id=payload.occupation,
        skills=_skills(payload.skills),
        **data,
    )
    return Status(201, vacancy_out(vacancy))


@router.get("/vacancies/{vacancy_id}", response={200: VacancyOut, **ERRORS})
def vacancy_detail(request: HttpRequest, vacancy_id: PathId):
    return vacancy_out(get_vacancy_for_user(request.user, vacancy_id))


@router.patch("/vacancies/{vacancy_id}", response={200: VacancyOut, **ERRORS})
def vacancy_update(request: HttpRequest, vacancy_id: PathId, payload: VacancyPatch):
    vacancy = get_vacancy_for_user(request.user, vacancy_id, for_change=True)
    fields = payload.dict(exclude_unset=True, exclude={"skills", "occupation"})
    vacancy = vacancies.vacancy_update(
        actor=request.user,
        vacancy=vacancy,
        skills=_skills(payload.skills),
        occupation_id=payload.occupation,
        **fields,
    )
    return vacancy_out(vacancy)


@router.delete("/vacancies/{vacancy_id}", response={204: None, **ERRORS})
def vacancy_delete(request: HttpRequest, vacancy_id: PathId):
    """Drafts can be deleted; a published vacancy is closed instead, to keep the record."""
    vacancy = get_vacancy_for_user(request.user, vacancy_id, for_change=True)
    vacancies.vacancy_delete(actor=request.user, vacancy=vacancy)
    return Status(204, None)


def _candidate_out(match: Match, skills: dict, asked: dict[int, str], backed: dict) -> dict:
    contact = asked.get(match.learner.pk)
    credentials = credentials_shown(match.assessment, backed.get(match.learner.pk, {}))
    return {
        "learner_id": match.learner.pk,
        "name": match.learner.full_name,
        "email": match.learner.email if contact == ContactStatus.ACCEPTED else None,
        "contact": contact,
        **assessment_out(match.assessment, skills, credentials),
    }


@router.get("/vacancies/{vacancy_id}/candidates", response={200: CandidatePage, **ERRORS})
def vacancy_candidates(request: HttpRequest, vacancy_id: PathId, page: Page = 1):
    """Learners who agreed to be found, best fit first, explained skill by skill, each
    skill with the valid credential that backs it, if any."""
    vacancy = get_vacancy_for_user(request.user, vacancy_id, for_change=True)
    matches, count = matching.candidates_for(vacancy, offset=(max(page, 1) - 1) * PAGE, limit=PAGE)
    skills = skills_for([m.assessment for m in matches])
    ids = [m.learner.pk for m in matches]
    asked = queries.contact_status_by_learner(vacancy.employer_id, ids)
    backed = backing_credentials(ids)
    return {"items": [_candidate_out(m, skills, asked, backed) for m in matches], "count": count}


@router.get(
    "/vacancies/{vacancy_id}/candidates/{learner_id}", response={200: CandidateOut, **ERRORS}
)
def vacancy_candidate(request: HttpRequest, vacancy_id: PathId, learner_id: PathId):
    vacancy = get_vacancy_for_user(request.user, vacancy_id, for_change=True)
    match = matching.candidate(vacancy, learner_id)
    asked = queries.contact_status_by_learner(vacancy.employer_id, [learner_id])
    backed = backing_credentials([learner_id])
    return _candidate_out(match, skills_for([match.assessment]), asked, backed)


@router.post(
    "/vacancies/{vacancy_id}/candidates/{learner_id}/contact",
    response={201: ContactOut, **ERRORS},
)
def contact_request(
    request: HttpRequest, vacancy_id: PathId, learner_id: PathId, payload: ContactIn
):
    """Ask a candidate whether your company may contact them: their e-mail address is
    shown once they accept."""
    vacancy = get_vacancy_for_user(request.user, vacancy_id, for_change=True)
    created = contacts.contact_request_create(
        actor=request.user, vacancy=vacancy, learner_id=learner_id, message=payload.message
    )
    return Status(201, contact_out(created))


def contact_out(c: ContactRequest) -> dict:
    return {
        "id": c.pk,
        "employer": c.employer.name,
        "vacancy": c.vacancy_id,
        "message": c.message,
        "status": c.status,
        "created_at": c.created_at,
        "answered_at": c.answered_at,
    }


@router.get("/me/contact-requests", response={200: list[ContactOut], 401: Error})
def my_contact_requests(request: HttpRequest):
    """Employers that asked to contact you, waiting ones first."""
    return [contact_out(c) for c in queries.learner_contact_requests(request.user)[:200]]


@router.post("/me/contact-requests/{request_id}", response={200: ContactOut, **ERRORS})
def contact_answer(request: HttpRequest, request_id: PathId, payload: ContactAnswerIn):
    """Accept (the employer then sees your e-mail address) or decline."""
    answered = contacts.contact_request_answer(
        actor=request.user,
        request=get_contact_request_for_user(request.user, request_id),
        accept=payload.accept,
    )
    return contact_out(answered)


@router.get("/me/vacancies", response={200: MatchedVacancyPage, 401: Error})
def my_vacancies(request: HttpRequest, page: Page = 1):
    """Open vacancies ranked by how well your skills fit them."""
    matches, count = matching.vacancies_for(
        request.user, offset=(max(page, 1) - 1) * PAGE, limit=PAGE
    )
    skills = skills_for([m.assessment for m in matches])
    items = []
    for m in matches:
        out = assessment_out(m.assessment, skills)
        items.append(
            {
                **vacancy_out(m.vacancy),
                "readiness": m.readiness,
                "skills": out["essential"] + out["optional"],
            }
        )
    return {"items": items, "count": count}


def forecast_out(f: HiringForecast) -> dict:
    return {
        "id": f.pk,
        "employer_id": f.employer_id,
        "occupation": occupation_out(f.occupation),
        "year": f.year,
        "headcount": f.headcount,
    }


@router.put("/forecasts", response={200: ForecastOut, **ERRORS})
def forecast_set(request: HttpRequest, payload: ForecastIn):
    """Set how many people of an occupation an employer plans to hire in a year."""
    forecast = vacancies.forecast_set(
        actor=request.user,
        employer_id=payload.employer,
        occupation_id=payload.occupation,
        year=payload.year,
        headcount=payload.headcount,
    )
    return forecast_out(forecast)


@router.get("/forecasts", response={200: list[ForecastOut], 401: Error})
def forecast_list(request: HttpRequest):
    """Your employers' forecasts (the campus admin sees every one)."""
    return [forecast_out(f) for f in employer_forecasts(request.user)[:500]]
