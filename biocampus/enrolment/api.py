from django.http import HttpRequest
from ninja import Router, Status

from biocampus.api.auth import authenticated
from biocampus.api.bounds import Page, PathId
from biocampus.api.pagination import page_of
from biocampus.api.schemas import (
    EnrolmentIn,
    EnrolmentOut,
    EnrolmentPage,
    Error,
    OutcomeIn,
    RosterPage,
)
from biocampus.catalog.access import get_session_for_user
from biocampus.enrolment import queries, services
from biocampus.enrolment.access import get_enrolment_for_user
from biocampus.enrolment.models import Enrolment

router = Router(tags=["enrolment"], auth=authenticated)
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def enrolment_out(e: Enrolment) -> dict:
    return {
        "id": e.pk,
        "session_id": e.session_id,
        "programme_title": e.session.programme.title,
        "status": e.status,
        "seats": e.seats,
        "group_name": e.group_name,
        "waitlist_position": e.waitlist_position,
    }


@router.post("/sessions/{session_id}/enrolments", response={201: EnrolmentOut, **ERRORS})
def enrol(request: HttpRequest, session_id: PathId, payload: EnrolmentIn):
    """Enrol yourself (or a class: `seats` > 1, teachers and schools only)."""
    # The service checks visibility on the row it locks (unknown or hidden: 404), so the
    # session is not fetched twice on the busiest request of a rush.
    enrolment = services.enrolment_create(
        actor=request.user,
        session_id=session_id,
        seats=payload.seats,
        group_name=payload.group_name,
    )
    return Status(201, enrolment_out(enrolment))


@router.post("/enrolments/{enrolment_id}/cancel", response={200: EnrolmentOut, **ERRORS})
def cancel(request: HttpRequest, enrolment_id: PathId):
    enrolment = get_enrolment_for_user(request.user, enrolment_id)
    enrolment = services.enrolment_cancel(actor=request.user, enrolment=enrolment)
    return enrolment_out(enrolment)


@router.get("/me/enrolments", response={200: EnrolmentPage, 401: Error})
def my_enrolments(request: HttpRequest, page: Page = 1):
    items, count = page_of(queries.learner_enrolments(request.user), page)
    return {"items": [enrolment_out(e) for e in items], "count": count}


@router.get("/sessions/{session_id}/enrolments", response={200: RosterPage, **ERRORS})
def session_enrolments(request: HttpRequest, session_id: PathId, page: Page = 1):
    """The session's roster, for the operator's staff and trainers."""
    session = get_session_for_user(request.user, session_id, teach=True)
    items, count = page_of(queries.session_roster(session), page, size=200)
    return {
        "items": [
            {
                **enrolment_out(e),
                "learner_email": e.learner.email,
                "learner_name": e.learner.full_name,
            }
            for e in items
        ],
        "count": count,
    }


@router.post("/enrolments/{enrolment_id}/complete", response={200: EnrolmentOut, **ERRORS})
def complete(request: HttpRequest, enrolment_id: PathId, payload: OutcomeIn):
    enrolment = get_enrolment_for_user(request.user, enrolment_id)
    enrolment = services.enrolment_record_outcome(
        actor=request.user, enrolment=enrolment, outcome=payload.outcome
    )
    return enrolment_out(enrolment)
