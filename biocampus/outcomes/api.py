"""API v1: hires into vacancies, and the learner's answer to a hire."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from biocampus.accounts.models import User
from biocampus.api.auth import authenticated
from biocampus.api.bounds import PathId
from biocampus.api.schemas import Error
from biocampus.common.errors import DomainError
from biocampus.outcomes import services
from biocampus.outcomes.access import get_hire_for_learner, get_outcome_for_learner
from biocampus.outcomes.models import Hire, JobOutcome
from biocampus.outcomes.queries import (
    Attribution,
    attribution,
    attributions,
    fill_state,
    vacancy_hires,
)
from biocampus.outcomes.schemas import (
    ClosedOut,
    CloseIn,
    HireAnswerIn,
    HireIn,
    HireList,
    HireOut,
    OutcomeIn,
    OutcomeList,
    OutcomeOut,
    OutcomePatch,
)
from biocampus.skills.access import get_occupation_for_user, get_vacancy_for_user
from biocampus.skills.models import Vacancy

router = Router(tags=["outcomes"], auth=authenticated)
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def hire_out(hire: Hire, *, named: bool = True) -> dict:
    """`named`: whether the reader may know who the learner is (see vacancy_hires)."""
    named = named and hire.learner is not None
    return {
        "id": hire.pk,
        "vacancy": hire.vacancy_id,
        "source": hire.source,
        "learner": hire.learner_id if named else None,
        "learner_name": hire.learner.full_name if named else None,
        "start_date": hire.start_date,
        "contract": hire.contract,
        "status": hire.status,
        "recorded_at": hire.recorded_at,
        "answered_at": hire.answered_at,
    }


def _learner(payload: HireIn) -> User | None:
    if payload.learner and payload.learner_email:
        raise DomainError(_("Name the learner by id or by e-mail, not both."), code="learner_twice")
    if payload.learner:
        learner = User.objects.filter(pk=payload.learner, is_active=True).first()
        if learner is None:
            raise DomainError(
                _("This learner is not among your candidates."), code="not_a_candidate"
            )
        return learner
    return None


@router.post("/vacancies/{vacancy_id}/hires", response={201: HireOut, 429: Error, **ERRORS})
def hire_create(request: HttpRequest, vacancy_id: PathId, payload: HireIn):
    """Fill an opening: with a candidate who accepted your contact, a campus learner named
    by e-mail (both confirm before the hire counts), or, with neither, someone external."""
    vacancy = get_vacancy_for_user(request.user, vacancy_id, for_change=True)
    candidate = _learner(payload)
    hire = services.hire_record(
        actor=request.user,
        vacancy=vacancy,
        learner=candidate,
        learner_email=payload.learner_email or "",
        start_date=payload.start_date,
        contract=payload.contract,
    )
    # Someone named by e-mail is not named back before they confirm.
    return Status(201, hire_out(hire, named=candidate is not None))


@router.get("/vacancies/{vacancy_id}/hires", response={200: HireList, **ERRORS})
def hire_list(request: HttpRequest, vacancy_id: PathId):
    """The vacancy's hires (your company's only) and its fill state."""
    vacancy = get_vacancy_for_user(request.user, vacancy_id, for_change=True)
    hiring = vacancy_hires(vacancy)
    took = hiring["time_to_fill"]
    return {
        "items": [hire_out(h, named=h.named) for h in hiring["hires"]],
        "fill_state": hiring["fill_state"],
        "openings": vacancy.openings,
        "filled": hiring["confirmed"],
        "time_to_fill_days": round(took.total_seconds() / 86400, 1) if took else None,
    }


@router.post("/vacancies/{vacancy_id}/close", response={200: ClosedOut, **ERRORS})
def vacancy_close(request: HttpRequest, vacancy_id: PathId, payload: CloseIn):
    """Close the vacancy: filled, unfilled or withdrawn."""
    vacancy: Vacancy = get_vacancy_for_user(request.user, vacancy_id, for_change=True)
    vacancy = services.vacancy_close(actor=request.user, vacancy=vacancy, reason=payload.reason)
    return {
        "id": vacancy.pk,
        "status": vacancy.status,
        "closed_reason": vacancy.closed_reason,
        "fill_state": fill_state(vacancy),
    }


@router.post("/hires/{hire_id}/answer", response={200: HireOut, **ERRORS})
def hire_answer(request: HttpRequest, hire_id: PathId, payload: HireAnswerIn):
    """The learner named in a hire confirms it (the job goes on their record) or not."""
    hire = get_hire_for_learner(request.user, hire_id)
    return hire_out(services.hire_answer(actor=request.user, hire=hire, accept=payload.accept))


def outcome_out(o: JobOutcome, training: Attribution | None = None) -> dict:
    if training is None and o.start_date is not None:
        training = attribution(o)
    return {
        "after_programmes": [e.session.programme_id for e in training.within_year]
        if training
        else [],
        "id": o.pk,
        "status": o.status,
        "employer_name": o.employer_name,
        "occupation": o.occupation_id,
        "contract": o.contract or None,
        "start_date": o.start_date,
        "in_region": o.in_region,
        "source": o.source,
        "recorded_at": o.recorded_at,
        "updated_at": o.updated_at,
    }


def _occupation(occupation_id: int | None):
    return get_occupation_for_user(None, occupation_id) if occupation_id else None


@router.get("/me/outcomes", response={200: OutcomeList, 401: Error})
def my_outcomes(request: HttpRequest):
    """Your situation over time, newest first: jobs and "still looking"."""
    outcomes = list(JobOutcome.objects.filter(learner=request.user)[:200])
    training = attributions(request.user.pk, outcomes)
    return {"items": [outcome_out(o, training.get(o.pk)) for o in outcomes]}


@router.post("/me/outcomes", response={201: OutcomeOut, **ERRORS})
def my_outcome_create(request: HttpRequest, payload: OutcomeIn):
    """Record where you stand: employed (employer, occupation, contract, start date, in
    the region or not) or still looking."""
    outcome = services.outcome_record(
        actor=request.user,
        status=payload.status,
        employer_name=payload.employer_name,
        occupation=_occupation(payload.occupation),
        contract=payload.contract or "",
        start_date=payload.start_date,
        in_region=payload.in_region,
    )
    return Status(201, outcome_out(outcome))


@router.patch("/me/outcomes/{outcome_id}", response={200: OutcomeOut, **ERRORS})
def my_outcome_update(request: HttpRequest, outcome_id: PathId, payload: OutcomePatch):
    """Correct one of your outcomes (not a job confirmed from an employer's hire)."""
    outcome = get_outcome_for_learner(request.user, outcome_id)
    changes = payload.dict(exclude_unset=True)
    if "occupation" in changes:
        changes["occupation"] = _occupation(changes["occupation"])
    if "contract" in changes:
        changes["contract"] = changes["contract"] or ""
    return outcome_out(services.outcome_correct(actor=request.user, outcome=outcome, **changes))
