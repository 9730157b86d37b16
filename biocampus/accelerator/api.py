"""API v1: calls, applications, reviews, ranking, selection and KPI reports."""

import datetime as dt
from decimal import Decimal

from django.http import FileResponse, HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from biocampus.accelerator import queries
from biocampus.accelerator import ranking as rankings
from biocampus.accelerator.access import (
    get_application_for_user,
    get_assignment_for_user,
    get_attachment_for_user,
    get_call_for_user,
    is_applicant,
    runs_call,
    sees_identity,
)
from biocampus.accelerator.models import Application, ApplicationStatus, Call, KpiReport, Score
from biocampus.accelerator.services import applications as app_services
from biocampus.accelerator.services import cohort as cohort_services
from biocampus.accelerator.services import reviews as review_services
from biocampus.accounts.models import User
from biocampus.api.auth import authenticated
from biocampus.api.bounds import Id, PathId, column
from biocampus.api.enums import one_of
from biocampus.api.schemas import Error
from biocampus.common.errors import Forbidden

router = Router(tags=["accelerator"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


class CriterionOut(Schema):
    id: int
    name: str
    description: str
    weight: Decimal
    scale_max: int


class QuestionOut(Schema):
    id: int
    text: str
    required: bool


class CallOut(Schema):
    id: int
    title: str
    description: str
    operator: str
    sector: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    cohort_size: int
    blind: bool
    open: bool
    criteria: list[CriterionOut]
    questions: list[QuestionOut]


def call_out(c: Call) -> dict:
    return {
        "id": c.pk,
        "title": c.title,
        "description": c.description,
        "operator": c.operator.name,
        "sector": c.sector,
        "opens_at": c.opens_at,
        "closes_at": c.closes_at,
        "cohort_size": c.cohort_size,
        "blind": c.blind,
        "open": c.is_open(),
        "criteria": list(c.criteria.all()),
        "questions": list(c.questions.all()),
    }


@router.get("/calls", response={200: list[CallOut]})
def calls(request: HttpRequest):
    """Published calls, newest first."""
    qs = queries.published_calls().prefetch_related("criteria", "questions")
    return [call_out(c) for c in qs[:100]]


@router.get("/calls/{call_id}", response={200: CallOut, 404: Error})
def call_detail(request: HttpRequest, call_id: PathId):
    return call_out(get_call_for_user(request.user, call_id))


class ApplicationIn(Schema):
    company_name: str = Field("", max_length=200)
    enterprise_number: str | None = Field(None, max_length=20)
    founded_on: dt.date | None = None
    team_size: int | None = column(Application, "team_size", None)
    sector: str | None = Field(None, max_length=120)
    trl: int | None = column(Application, "trl", None)
    funds_raised: Decimal | None = column(Application, "funds_raised", None)
    pitch: str | None = Field(None, max_length=20000)
    answers: dict[int, str] = {}


class AttachmentOut(Schema):
    id: int
    name: str | None = Field(None, description="Hidden from reviewers of a blind call.")
    size: int | None = None


class ApplicationOut(Schema):
    id: int
    call: int
    status: one_of(ApplicationStatus)
    company: str | None  # hidden from reviewers of a blind call
    enterprise_number: str | None
    founded_on: dt.date | None
    team_size: int
    sector: str
    trl: int
    funds_raised: Decimal = Field(description="Euros, two decimals.")
    pitch: str
    submitted_at: dt.datetime | None
    answers: dict[int, str] = Field(description="Answer text by question id.")
    attachments: list[AttachmentOut]


def application_out(a: Application, user: User) -> dict:
    identity = sees_identity(user, a)
    return {
        "id": a.pk,
        "call": a.call_id,
        "status": a.status,
        "company": a.company.name if identity else None,
        "enterprise_number": a.enterprise_number if identity else None,
        "founded_on": a.founded_on,
        "team_size": a.team_size,
        "sector": a.sector,
        "trl": a.trl,
        "funds_raised": a.funds_raised,
        "pitch": a.pitch,
        "submitted_at": a.submitted_at,
        "answers": queries.answers_by_question(a),
        # Blind calls hide file names and sizes from reviewers too.
        "attachments": [
            {"id": f.pk, "name": f.original_name, "size": f.size} if identity else {"id": f.pk}
            for f in a.attachments.all()
        ],
    }


def _fields(payload: ApplicationIn) -> dict:
    return {
        k: v for k, v in payload.dict(exclude={"company_name", "answers"}).items() if v is not None
    }


@router.post(
    "/calls/{call_id}/applications", response={201: ApplicationOut, **ERRORS}, auth=authenticated
)
def application_create(request: HttpRequest, call_id: PathId, payload: ApplicationIn):
    """Start an application (your start-up is created on your first one) and save it as
    a draft."""
    application = app_services.application_start(
        actor=request.user,
        call=get_call_for_user(request.user, call_id),
        company_name=payload.company_name,
    )
    application = app_services.application_update(
        actor=request.user, application=application, answers=payload.answers, **_fields(payload)
    )
    return Status(201, application_out(application, request.user))


@router.get(
    "/applications/{application_id}", response={200: ApplicationOut, **ERRORS}, auth=authenticated
)
def application_detail(request: HttpRequest, application_id: PathId):
    return application_out(get_application_for_user(request.user, application_id), request.user)


@router.patch(
    "/applications/{application_id}", response={200: ApplicationOut, **ERRORS}, auth=authenticated
)
def application_update(request: HttpRequest, application_id: PathId, payload: ApplicationIn):
    application = app_services.application_update(
        actor=request.user,
        application=get_application_for_user(request.user, application_id),
        answers=payload.answers,
        **_fields(payload),
    )
    return application_out(application, request.user)


@router.post(
    "/applications/{application_id}/submit",
    response={200: ApplicationOut, **ERRORS},
    auth=authenticated,
)
def application_submit(request: HttpRequest, application_id: PathId):
    """Submit: final and time-stamped; refused once the call has closed."""
    application = app_services.application_submit(
        actor=request.user, application=get_application_for_user(request.user, application_id)
    )
    return application_out(application, request.user)


@router.get("/me/applications", response={200: list[ApplicationOut]}, auth=authenticated)
def my_applications(request: HttpRequest):
    qs = queries.applications_of(request.user)
    return [application_out(a, request.user) for a in qs[:50]]


class AssignmentOut(Schema):
    id: int
    application: ApplicationOut
    submitted_at: dt.datetime | None


@router.get("/me/reviews", response={200: list[AssignmentOut]}, auth=authenticated)
def my_reviews(request: HttpRequest):
    """The applications assigned to you (without identity in blind calls)."""
    qs = queries.review_assignments(request.user)
    return [
        {
            "id": a.pk,
            "application": application_out(a.application, request.user),
            "submitted_at": a.submitted_at,
        }
        for a in qs
    ]


class ScoreIn(Schema):
    criterion: Id
    value: int = column(Score, "value")
    comment: str = Field("", max_length=5000)


class ScoresIn(Schema):
    scores: list[ScoreIn] = Field(max_length=50)


class ConflictIn(Schema):
    reason: str = Field("", max_length=300)


@router.post(
    "/applications/{application_id}/review",
    response={200: AssignmentOut, **ERRORS},
    auth=authenticated,
)
def review_submit(request: HttpRequest, application_id: PathId, payload: ScoresIn):
    assignment = review_services.scores_submit(
        actor=request.user,
        assignment=get_assignment_for_user(request.user, application_id),
        scores={s.criterion: (s.value, s.comment) for s in payload.scores},
    )
    return {
        "id": assignment.pk,
        "application": application_out(assignment.application, request.user),
        "submitted_at": assignment.submitted_at,
    }


@router.post(
    "/applications/{application_id}/conflict", response={204: None, **ERRORS}, auth=authenticated
)
def review_conflict(request: HttpRequest, application_id: PathId, payload: ConflictIn):
    """Declare a conflict of interest: you stop reviewing this application."""
    review_services.conflict_declare(
        actor=request.user,
        assignment=get_assignment_for_user(request.user, application_id),
        reason=payload.reason,
    )
    return Status(204, None)


class RankOut(Schema):
    application: int
    company: str
    status: one_of(ApplicationStatus)
    weighted: float | None
    normalised: float | None
    spread: float
    disagreement: bool


@router.get("/calls/{call_id}/ranking", response={200: list[RankOut], **ERRORS}, auth=authenticated)
def call_ranking(request: HttpRequest, call_id: PathId):
    """Weighted totals and reviewer-normalised scores (the operator only)."""
    call = get_call_for_user(request.user, call_id, for_change=True)
    return [
        {
            "application": r.application.pk,
            "company": r.application.company.name,
            "status": r.application.status,
            "weighted": round(r.weighted, 2) if r.weighted is not None else None,
            "normalised": round(r.normalised, 4) if r.normalised is not None else None,
            "spread": round(r.spread, 2),
            "disagreement": r.disagreement,
        }
        for r in rankings.ranking(call)
    ]


class SelectionIn(Schema):
    decisions: dict[Id, str] = Field(max_length=1000)


@router.post(
    "/calls/{call_id}/selection", response={200: list[RankOut], **ERRORS}, auth=authenticated
)
def selection(request: HttpRequest, call_id: PathId, payload: SelectionIn):
    """Accept (up to the cohort size), reserve or reject; applicants are told by e-mail."""
    call = get_call_for_user(request.user, call_id, for_change=True)
    review_services.cohort_select(actor=request.user, call=call, decisions=payload.decisions)
    return call_ranking(request, call_id)


class KpiIn(Schema):
    quarter: dt.date
    jobs_fte: Decimal = column(KpiReport, "jobs_fte", Decimal(0))
    funds_raised: Decimal = column(KpiReport, "funds_raised", Decimal(0))
    revenue: Decimal = column(KpiReport, "revenue", Decimal(0))
    trl: int = column(KpiReport, "trl")
    patents_filed: int = column(KpiReport, "patents_filed", 0)


class KpiOut(Schema):
    quarter: dt.date
    jobs_fte: Decimal
    funds_raised: Decimal
    revenue: Decimal
    trl: int
    patents_filed: int


@router.put(
    "/applications/{application_id}/kpis", response={200: KpiOut, **ERRORS}, auth=authenticated
)
def kpi_put(request: HttpRequest, application_id: PathId, payload: KpiIn):
    """File or correct a quarter's figures (cohort start-ups)."""
    report = cohort_services.kpi_report_set(
        actor=request.user,
        application=get_application_for_user(request.user, application_id),
        **payload.dict(),
    )
    return report


@router.get(
    "/applications/{application_id}/kpis",
    response={200: list[KpiOut], **ERRORS},
    auth=authenticated,
)
def kpi_list(request: HttpRequest, application_id: PathId):
    application = get_application_for_user(request.user, application_id)
    if not (runs_call(request.user, application.call) or is_applicant(request.user, application)):
        # A reviewer sees the application, not the start-up's figures.
        raise Forbidden(_("Only the start-up and its accelerator see its figures."))
    return list(application.kpis.all())


@router.get(
    "/attachments/{attachment_id}",
    response={404: Error},
    auth=authenticated,
    openapi_extra={
        "responses": {
            "200": {
                "description": "The PDF, as uploaded (metadata stripped).",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def attachment_download(request: HttpRequest, attachment_id: PathId):
    """The file, to the applicant, the accelerator's staff and assigned reviewers only
    (under a neutral name in blind calls). Files have no public URL."""
    attachment = get_attachment_for_user(request.user, attachment_id)
    name = (
        attachment.original_name
        if sees_identity(request.user, attachment.application)
        else f"attachment-{attachment.pk}.pdf"
    )
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type="application/pdf",
    )
