"""API v1: skills and occupations, the learner's profile, gap and pathway."""

from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Router

from biocampus.accounts.models import User
from biocampus.api.auth import authenticated
from biocampus.api.bounds import Page, PathId, QueryId
from biocampus.api.pagination import page_of
from biocampus.api.schemas import Error
from biocampus.catalog.access import get_programme_for_user
from biocampus.catalog.models import Programme
from biocampus.common.errors import DomainError
from biocampus.skills.access import get_occupation_for_user
from biocampus.skills.present import (
    assessment_out,
    occupation_out,
    skill_out,
    skill_ref,
)
from biocampus.skills.queries import (
    learner_skills,
    occupation_search,
    occupations_by_id,
    pathway_skills,
    programme_skills,
    skill_search,
    skills_by_id,
)
from biocampus.skills.queries.gap import gap_for
from biocampus.skills.queries.pathway import PathwayRequest, pathway_plan
from biocampus.skills.queries.suggestions import suggest
from biocampus.skills.schemas import (
    ConsentIn,
    ConsentOut,
    ExtractIn,
    ExtractOut,
    GapOut,
    MySkillsIn,
    MySkillsOut,
    OccupationPage,
    PathwayEnrolIn,
    PathwayEnrolOut,
    PathwayIn,
    PathwayOut,
    ProgrammeSkillsIn,
    ProgrammeSkillsOut,
    SkillPage,
)
from biocampus.skills.services import profiles
from biocampus.skills.services.pathway import pathway_enrol
from biocampus.skills.services.programmes import programme_skills_set

router = Router(tags=["skills"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def _language(lang: str) -> str:
    return lang[:2] if lang else (translation.get_language() or "en")


@router.get("/skills", response={200: SkillPage, 422: Error})
def skills(request: HttpRequest, q: str = "", framework: str = "", lang: str = "", page: Page = 1):
    """Autocomplete across preferred and alternative labels in every language."""
    items, count = page_of(skill_search(q[:100], framework or None), page)
    with translation.override(_language(lang)):
        return {"items": [skill_out(s) for s in items], "count": count}


@router.get("/occupations", response={200: OccupationPage, 422: Error})
def occupations(
    request: HttpRequest, q: str = "", framework: str = "", lang: str = "", page: Page = 1
):
    items, count = page_of(occupation_search(q[:100], framework or None), page)
    with translation.override(_language(lang)):
        return {"items": [occupation_out(o) for o in items], "count": count}


@router.post("/skills/extract", response={200: ExtractOut, **ERRORS}, auth=authenticated)
def extract(request: HttpRequest, payload: ExtractIn):
    """Suggest the skills a text (a CV, a job ad, a course description) speaks of, with
    scores, for a person to accept or reject: the `limit` best, best first (fewer only
    when fewer share anything with the text, or when `min_score` is given). `method` says
    how they were ranked: "hybrid" (sentence encoder and wording) or "lexical" (wording
    only, the fallback; `fallback` says why: "no_model" or "no_vectors")."""
    extraction = suggest(
        payload.text,
        framework=payload.framework,
        language=payload.lang,
        limit=payload.limit,
        min_score=payload.min_score,
    )
    with translation.override(_language(payload.lang)):
        return {
            "skills": [{**skill_ref(s.skill), "score": s.score} for s in extraction.suggestions],
            "method": extraction.method,
            "encoder": extraction.encoder,
            "fallback": extraction.fallback,
        }


def _my_skills(user: User) -> dict:
    rows = list(learner_skills(user))
    return {
        "items": [
            {"skill": skill_ref(r.skill), "source": r.source, "added_at": r.added_at} for r in rows
        ],
        "count": len(rows),
    }


@router.get("/me/skills", response={200: MySkillsOut, 401: Error}, auth=authenticated)
def my_skills(request: HttpRequest):
    return _my_skills(request.user)


@router.put("/me/skills", response={200: MySkillsOut, **ERRORS}, auth=authenticated)
def set_my_skills(request: HttpRequest, payload: MySkillsIn):
    """Replace the self-declared skills; skills verified by training always stay."""
    profiles.skills_replace_declared(actor=request.user, skill_ids=payload.declared)
    return _my_skills(request.user)


@router.put("/me/consent", response={200: ConsentOut, **ERRORS}, auth=authenticated)
def set_consent(request: HttpRequest, payload: ConsentIn):
    """Whether employers may find you. Off by default; revocable at any time."""
    profile = profiles.consent_set(actor=request.user, findable=payload.findable)
    return {"findable": profile.findable, "changed_at": profile.consent_changed_at}


@router.get("/me/gap", response={200: GapOut, **ERRORS}, auth=authenticated)
def my_gap(request: HttpRequest, occupation: QueryId):
    gap = gap_for(request.user, get_occupation_for_user(request.user, occupation))
    return {
        "occupation": occupation_out(gap.occupation),
        **assessment_out(gap.assessment, gap.skills),
    }


@router.post("/me/pathway", response={200: PathwayOut, **ERRORS}, auth=authenticated)
def my_pathway(request: HttpRequest, payload: PathwayIn):
    """The sessions that close your gap for a job at the least time or cost."""
    plan = pathway_plan(
        learner=request.user,
        request=PathwayRequest(
            occupation=get_occupation_for_user(request.user, payload.occupation),
            objective=payload.objective,
            language=payload.language or None,
            max_budget_eur=payload.max_budget_eur,
            start_after=payload.start_after,
            finish_before=payload.finish_before,
        ),
    )
    skills, teaches = pathway_skills(plan)
    return {
        **_pathway_out(plan, skills, teaches),
        "in_training": [skill_ref(skills[i]) for i in plan.in_training],
        "solve_ms": round(plan.solve_ms, 1),
        "readiness": plan.gap.assessment.readiness,
        "with_seats": _pathway_out(plan.with_seats, skills, teaches) if plan.with_seats else None,
    }


def _pathway_out(plan, skills, teaches) -> dict:
    return {
        "sessions": [
            {
                "id": s.pk,
                "programme_id": s.programme_id,
                "programme_title": s.programme.title,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "hours": s.programme.duration_hours,
                "price_eur": s.programme.price,
                "seats_left": s.seats_left,
                "waitlisted": s.pk in plan.waitlisted,
                "teaches": [skill_ref(k) for k in teaches.get(s.pk, [])],
            }
            for s in plan.sessions
        ],
        "covers": {skills[k].uri: v for k, v in plan.covers.items()},
        "uncovered": [skill_ref(skills[i]) for i in plan.uncovered],
        "total_hours": plan.total_hours,
        "total_cost_eur": plan.total_cost_eur,
        "status": plan.status,
    }


@router.post("/me/pathway/enrol", response={200: PathwayEnrolOut, **ERRORS}, auth=authenticated)
def enrol_pathway(request: HttpRequest, payload: PathwayEnrolIn):
    """Enrol in every session of a pathway; each goes through the normal enrolment rules,
    and the answer says which were confirmed, waitlisted or refused (and why)."""
    if len(set(payload.session_ids)) != len(payload.session_ids):
        raise DomainError(_("A session appears twice."), code="duplicate_session")
    results = pathway_enrol(actor=request.user, session_ids=payload.session_ids)
    statuses = [r.status for r in results]
    return {
        "results": [r.__dict__ for r in results],
        "confirmed": statuses.count("confirmed"),
        "waitlisted": statuses.count("waitlisted"),
        "refused": len([s for s in statuses if s not in ("confirmed", "waitlisted")]),
    }


def _programme_skills_out(programme: Programme) -> dict:
    teaches, requires, occupations = programme_skills(programme)
    skills = skills_by_id(teaches + requires)
    jobs = occupations_by_id(occupations)
    return {
        "teaches": [skill_ref(skills[i]) for i in teaches],
        "requires": [skill_ref(skills[i]) for i in requires],
        "occupations": [occupation_out(jobs[i]) for i in occupations],
    }


@router.get("/programmes/{programme_id}/skills", response={200: ProgrammeSkillsOut, **ERRORS})
def get_programme_skills(request: HttpRequest, programme_id: PathId):
    """What a programme teaches, expects beforehand and prepares for."""
    return _programme_skills_out(get_programme_for_user(request.user, programme_id))


@router.put(
    "/programmes/{programme_id}/skills",
    response={200: ProgrammeSkillsOut, **ERRORS},
    auth=authenticated,
)
def put_programme_skills(request: HttpRequest, programme_id: PathId, payload: ProgrammeSkillsIn):
    """Replace them (the operator's staff)."""
    programme = get_programme_for_user(request.user, programme_id, for_change=True)
    programme_skills_set(
        actor=request.user,
        programme=programme,
        teaches=payload.teaches,
        requires=payload.requires,
        occupations=payload.occupations,
    )
    return _programme_skills_out(programme)
