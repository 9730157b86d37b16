from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from biocampus.api.auth import OPTIONAL_SECURITY, authenticated, optional
from biocampus.api.bounds import PAGE_FIELD, PathId
from biocampus.api.pagination import page_of
from biocampus.api.schemas import (
    Error,
    ProgrammeDetailOut,
    ProgrammeIn,
    ProgrammePage,
    SessionDetailOut,
    SessionIn,
)
from biocampus.catalog import services
from biocampus.catalog.access import (
    get_operator_for_user,
    get_pillar,
    get_programme_for_user,
    get_session_for_user,
)
from biocampus.catalog.models import Programme, ProgrammeStatus, Session
from biocampus.catalog.queries import (
    CatalogueFilters,
    programme_list,
    programme_sessions,
)
from biocampus.common.errors import DomainError

router = Router(tags=["catalogue"])


class ProgrammeQuery(Schema):
    q: str = ""
    pillar: str = ""
    language: str = ""
    audience: str = ""
    format: str = ""
    page: int = Field(1, **PAGE_FIELD)


def programme_out(p: Programme) -> dict:
    return {
        "id": p.pk,
        "title": p.title,
        "summary": p.summary,
        "pillar": p.pillar.slug,
        "operator": {"id": p.operator_id, "name": p.operator.name},
        "format": p.format,
        "languages": [lang.code for lang in p.languages.all()],
        "audiences": [a.code for a in p.audiences.all()],
        "eqf_level": p.eqf_level,
        "duration_hours": p.duration_hours,
        "price": p.price,
        "status": p.status,
    }


def session_out(s: Session) -> dict:
    return {
        "id": s.pk,
        "programme_id": s.programme_id,
        "starts_at": s.starts_at,
        "ends_at": s.ends_at,
        "enrolment_deadline": s.enrolment_deadline,
        "capacity": s.capacity,
        "seats_left": s.seats_left,
        "status": s.status,
        "location": s.location,
        "meetings": [
            {"starts_at": m.starts_at, "ends_at": m.ends_at, "title": m.title}
            for m in s.meetings.all()
        ],
    }


def programme_detail_out(p: Programme, sessions: list[Session]) -> dict:
    return {
        **programme_out(p),
        "description": p.description,
        "learning_outcomes": p.learning_outcomes,
        "funding_note": p.funding_note,
        "credential_valid_months": p.credential_valid_months,
        "refresher": p.refresher_id,
        "sessions": [session_out(s) for s in sessions],
    }


@router.get("/programmes", response={200: ProgrammePage, 422: Error}, auth=None)
def list_programmes(request: HttpRequest, filters: Query[ProgrammeQuery]):
    """Published programmes, filtered and paginated."""
    if filters.page < 1:
        raise DomainError(_("Pages start at 1."), code="invalid_page")
    qs = programme_list(
        CatalogueFilters(
            q=filters.q[:200],
            pillar=filters.pillar,
            audience=filters.audience,
            language=filters.language,
            format=filters.format,
        ),
        next_session=False,  # not part of a list item
    )
    items, count = page_of(qs, filters.page)
    return {"items": [programme_out(p) for p in items], "count": count}


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeDetailOut, 404: Error},
    auth=optional,
    openapi_extra=OPTIONAL_SECURITY,
)
def get_programme(request: HttpRequest, programme_id: PathId):
    programme = get_programme_for_user(request.user, programme_id)
    return programme_detail_out(programme, programme_sessions(programme))


@router.post(
    "/programmes",
    response={201: ProgrammeDetailOut, 400: Error, 401: Error, 403: Error, 422: Error},
    auth=authenticated,
)
def create_programme(request: HttpRequest, payload: ProgrammeIn):
    operator = get_operator_for_user(request.user, payload.operator)
    data = payload.dict(
        exclude={"operator", "pillar", "languages", "audiences", "status", "refresher"}
    )
    if payload.refresher is not None:
        data["refresher"] = Programme.objects.filter(
            pk=payload.refresher, status=ProgrammeStatus.PUBLISHED
        ).first()
        if data["refresher"] is None:
            raise DomainError(
                _("The refresher must be a published programme."), code="unknown_refresher"
            )
    programme = services.programme_create(
        actor=request.user,
        operator=operator,
        pillar=get_pillar(payload.pillar),
        languages=payload.languages,
        audiences=payload.audiences,
        status=payload.status,
        **data,
    )
    return Status(201, programme_detail_out(programme, []))


@router.post(
    "/programmes/{programme_id}/sessions",
    response={
        201: SessionDetailOut,
        400: Error,
        401: Error,
        403: Error,
        404: Error,
        409: Error,
        422: Error,
    },
    auth=authenticated,
)
def create_session(request: HttpRequest, programme_id: PathId, payload: SessionIn):
    programme = get_programme_for_user(request.user, programme_id, for_change=True)
    session = services.session_create(
        actor=request.user,
        programme=programme,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        capacity=payload.capacity,
        enrolment_deadline=payload.enrolment_deadline,
        location=payload.location,
        meetings=[services.MeetingSlot(m.starts_at, m.ends_at, m.title) for m in payload.meetings],
    )
    return Status(201, session_out(session))


@router.get(
    "/sessions/{session_id}",
    response={200: SessionDetailOut, 404: Error},
    auth=optional,
    openapi_extra=OPTIONAL_SECURITY,
)
def get_session(request: HttpRequest, session_id: PathId):
    return session_out(get_session_for_user(request.user, session_id))
