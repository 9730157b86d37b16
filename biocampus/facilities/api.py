"""API v1: resources, availability, bookings, maintenance, calendars and usage."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from biocampus.accounts.models import User
from biocampus.api.auth import authenticated
from biocampus.api.bounds import Id, Page, PathId, column
from biocampus.api.enums import one_of
from biocampus.api.openapi import CSV_FILE, CSV_TOO, ICALENDAR, XLSX_FILE
from biocampus.api.pagination import page_of
from biocampus.api.schemas import Error, aware
from biocampus.catalog import services as catalog_services
from biocampus.catalog.access import get_session_for_user
from biocampus.common.errors import DomainError, NotFound
from biocampus.common.exports import SPREADSHEETS, table_response
from biocampus.facilities import queries, services
from biocampus.facilities.access import (
    can_see_booking_details,
    get_booking_for_user,
    get_proposal_for_user,
    get_resource_for_user,
    organisation_id_for,
)
from biocampus.facilities.calendars import (
    calendar_response,
    calendar_token_user,
    personal_feed,
    resource_feed,
)
from biocampus.facilities.models import Booking, ProposalStatus, Resource, TimetableProposal
from biocampus.facilities.schemas import (
    AvailabilityOut,
    BookingCreated,
    BookingIn,
    BookingOut,
    BookingPage,
    MaintenanceIn,
    ResourceOut,
)
from biocampus.facilities.usage import USAGE_COLUMNS, usage_csv_rows

router = Router(tags=["facilities"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def resource_out(r: Resource) -> dict:
    return {
        "id": r.pk,
        "name": r.name,
        "kind": r.kind,
        "capacity": r.capacity,
        "features": [{"code": f.code, "name": str(f)} for f in r.features.all()],
        "hourly_rate": str(r.hourly_rate),
        "organisation": r.organisation.name,
        "space": r.space.name if r.space_id else None,
        "certification": r.certification.title if r.certification_id else None,
        "approval": r.approval,
    }


def booking_out(b: Booking, user: User) -> dict:
    return {
        "id": b.pk,
        "resource": b.resource_id,
        "resource_name": b.resource.name,
        "starts_at": b.starts_at,
        "ends_at": b.ends_at,
        "status": b.status,
        "purpose": b.purpose,
        "organisation": b.organisation.name,
        "title": b.title if can_see_booking_details(user, b) else None,
        "series": b.series_id,
    }


class ResourceQuery(Schema):
    kind: str = ""
    feature: list[str] = Field([], max_length=10)
    min_capacity: int | None = column(Resource, "capacity", None)
    free_from: dt.datetime | None = None
    free_to: dt.datetime | None = None


@router.get("/resources", response={200: list[ResourceOut], 400: Error, 422: Error})
def resources(request: HttpRequest, filters: Query[ResourceQuery]):
    """Resources with the features asked for (`feature` may repeat), room for
    `min_capacity` people and, with `free_from`/`free_to`, open and free all that time."""
    window = (filters.free_from, filters.free_to)
    if any(window) and not all(window):
        raise DomainError(_("Give both free_from and free_to."), code="invalid_window")
    if all(window) and aware(filters.free_to) <= aware(filters.free_from):
        raise DomainError(_("free_to must come after free_from."), code="invalid_window")
    found = queries.resource_search(
        kind=filters.kind,
        features=filters.feature,
        min_capacity=filters.min_capacity,
        free_from=aware(filters.free_from) if filters.free_from else None,
        free_to=aware(filters.free_to) if filters.free_to else None,
    )
    return [resource_out(r) for r in list(found)[:200]]


class WindowQuery(Schema):
    start: dt.datetime = Field(..., alias="from")
    end: dt.datetime = Field(..., alias="to")


@router.get("/resources/{resource_id}/availability", response={200: AvailabilityOut, **ERRORS})
def availability(request: HttpRequest, resource_id: PathId, window: Query[WindowQuery]):
    """Approved and requested bookings between `from` and `to` (details only for your
    own), and the opening hours."""
    resource = get_resource_for_user(request.user, resource_id)
    start, end = aware(window.start), aware(window.end)
    if end <= start or end - start > dt.timedelta(days=62):
        raise DomainError(_("Ask for a window of at most 62 days."), code="invalid_window")
    return {
        "resource": resource.pk,
        "busy": [booking_out(b, request.user) for b in queries.busy(resource, start, end)],
        "opening_hours": [
            {"weekday": h.weekday, "opens": h.opens.isoformat(), "closes": h.closes.isoformat()}
            for h in resource.opening_hours.all()
        ],
    }


@router.post("/bookings", response={201: BookingCreated, **ERRORS}, auth=authenticated)
def booking_create(request: HttpRequest, payload: BookingIn):
    """Book a resource, once or with an RFC 5545 `rrule` (COUNT or UNTIL required).
    A clash is a 409 listing each clashing occurrence and what it clashes with; with
    `free_only` the free occurrences are booked and the others listed in `skipped`."""
    result = services.booking_create(
        actor=request.user,
        resource_id=payload.resource,
        organisation_id=organisation_id_for(request.user, payload.organisation),
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        purpose=payload.purpose,
        title=payload.title,
        note=payload.note,
        rrule=payload.rrule,
        exdates=payload.exdates,
        free_only=payload.free_only,
    )
    first = result.bookings[0]
    return Status(
        201,
        {
            "id": first.pk,
            "status": first.status,
            "bookings": [booking_out(b, request.user) for b in result.bookings],
            "skipped": result.skipped,
        },
    )


@router.get("/bookings/{booking_id}", response={200: BookingOut, **ERRORS}, auth=authenticated)
def booking_detail(request: HttpRequest, booking_id: PathId):
    """A booking of yours or of your organisations (any, for the facility manager)."""
    return booking_out(get_booking_for_user(request.user, booking_id), request.user)


@router.post(
    "/bookings/{booking_id}/approve", response={200: BookingOut, **ERRORS}, auth=authenticated
)
def booking_approve(request: HttpRequest, booking_id: PathId):
    booking = get_booking_for_user(request.user, booking_id)
    services.booking_approve(actor=request.user, booking=booking)
    return booking_out(get_booking_for_user(request.user, booking_id), request.user)


@router.post(
    "/bookings/{booking_id}/reject", response={200: BookingOut, **ERRORS}, auth=authenticated
)
def booking_reject(request: HttpRequest, booking_id: PathId):
    booking = get_booking_for_user(request.user, booking_id)
    services.booking_reject(actor=request.user, booking=booking)
    return booking_out(get_booking_for_user(request.user, booking_id), request.user)


@router.post(
    "/bookings/{booking_id}/cancel", response={200: BookingOut, **ERRORS}, auth=authenticated
)
def booking_cancel(request: HttpRequest, booking_id: PathId):
    booking = get_booking_for_user(request.user, booking_id)
    services.booking_cancel(actor=request.user, booking=booking)
    return booking_out(get_booking_for_user(request.user, booking_id), request.user)


@router.get("/me/bookings", response={200: BookingPage, 401: Error}, auth=authenticated)
def my_bookings(request: HttpRequest, page: Page = 1):
    """Bookings you made or that your organisations hold, soonest first."""
    items, count = page_of(queries.bookings_of(request.user), page)
    return {"items": [booking_out(b, request.user) for b in items], "count": count}


@router.post("/maintenance", response={201: BookingCreated, **ERRORS}, auth=authenticated)
def maintenance(request: HttpRequest, payload: MaintenanceIn):
    """Close a resource (facility manager). Clashing bookings make it a 409 unless
    `cancel_clashing`, which cancels them; they are listed in `skipped` either way."""
    block, displaced = services.maintenance_block(
        actor=request.user,
        resource_id=payload.resource,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        reason=payload.reason,
        cancel_clashing=payload.cancel_clashing,
    )
    block = get_booking_for_user(request.user, block.pk)
    return Status(
        201,
        {
            "id": block.pk,
            "status": block.status,
            "bookings": [booking_out(block, request.user)],
            "skipped": displaced,
        },
    )


@router.get(
    "/resources/{resource_id}/calendar.ics",
    auth=None,
    response={404: Error},
    openapi_extra=ICALENDAR,
)
def resource_calendar(request: HttpRequest, resource_id: PathId):
    """The resource's approved bookings as an iCalendar feed."""
    body = resource_feed(get_resource_for_user(request.user, resource_id), request.user)
    # What a viewer sees of the bookings depends on who they are: one feed per viewer.
    viewer = request.user.pk if request.user.is_authenticated else "anonymous"
    return calendar_response(request, body, f"resource:{resource_id}:{viewer}")


class FeedOut(Schema):
    url: str


@router.post("/me/calendar", response={200: FeedOut, 401: Error}, auth=authenticated)
def calendar_feed_reset(request: HttpRequest):
    """A new secret URL for your personal feed (bookings and session meetings); the old
    URL stops working. Keep it private: anyone with it can read the feed."""
    raw = services.calendar_token_reset(actor=request.user)
    return {"url": request.build_absolute_uri(f"/api/v1/calendar/{raw}.ics")}


@router.get("/calendar/{secret}.ics", auth=None, response={404: Error}, openapi_extra=ICALENDAR)
def personal_calendar(request: HttpRequest, secret: str):
    """Your bookings and session meetings, behind the secret URL from POST /me/calendar."""
    user = calendar_token_user(secret)
    if user is None:
        raise NotFound(_("Not found."))
    return calendar_response(request, personal_feed(user), f"personal:{user.pk}")


class UsageRowOut(Schema):
    organisation: str
    organisation_id: int
    resource: str
    resource_id: int
    hours: str
    late_cancelled_hours: str
    rate: str
    cost: str


class UsageOut(Schema):
    month: str
    rows: list[UsageRowOut]
    total_cost: str


class InvalidMonth(DomainError):
    status = 422
    code = "invalid_month"


def _month(value: str) -> dt.date:
    try:
        month = dt.datetime.strptime(value, "%Y-%m").date()
    except ValueError as exc:
        raise InvalidMonth(_("Give the month as YYYY-MM.")) from exc
    # The month after is summed too; year 9999 would overflow the calendar.
    if not 2000 <= month.year <= 2100:
        raise InvalidMonth(_("Give a month between 2000 and 2100."))
    return month


def _usage_file(request: HttpRequest, month: str, format: str):
    rows = queries.usage_for(request.user, _month(month))
    return table_response(f"usage-{month}", USAGE_COLUMNS, usage_csv_rows(rows), format=format)


@router.get("/usage.csv", response=ERRORS, auth=authenticated, openapi_extra=CSV_FILE)
def usage_csv(request: HttpRequest, month: str):
    """The month's usage and cost as CSV (the same rows as GET /usage)."""
    return _usage_file(request, month, "csv")


@router.get("/usage.xlsx", response=ERRORS, auth=authenticated, openapi_extra=XLSX_FILE)
def usage_xlsx(request: HttpRequest, month: str):
    """The month's usage and cost as an Excel workbook: numbers, money and dates typed."""
    return _usage_file(request, month, "xlsx")


@router.get("/usage", response={200: UsageOut, **ERRORS}, auth=authenticated, openapi_extra=CSV_TOO)
def usage(request: HttpRequest, month: str, format: Literal["json", "csv", "xlsx"] = "json"):
    """Hours and cost per resource for your organisations in a month (the facility
    manager sees every organisation). Late cancellations are charged. For a file prefer
    GET /usage.csv or /usage.xlsx; `format=csv` or `xlsx` here is kept for older clients."""
    if format in SPREADSHEETS:
        return _usage_file(request, month, format)
    rows = queries.usage_for(request.user, _month(month))
    return {
        "month": month,
        "rows": [
            {
                "organisation": r.organisation,
                "organisation_id": r.organisation_id,
                "resource": r.resource,
                "resource_id": r.resource_id,
                "hours": str(r.hours),
                "late_cancelled_hours": str(r.late_cancelled_hours),
                "rate": str(r.rate),
                "cost": str(r.cost),
            }
            for r in rows
        ],
        "total_cost": str(sum((r.cost for r in rows), Decimal(0))),
    }


class TimetableMeetingIn(Schema):
    ref: str = Field(max_length=80)
    duration_minutes: int = Field(ge=30, le=12 * 60)
    features: list[str] = Field([], max_length=10)
    capacity: int = column(Resource, "capacity", 0)
    trainer: str = ""
    cohort: str = ""


class TimetableIn(Schema):
    organisation: Id | None = None
    window_from: dt.date
    window_to: dt.date
    meetings: list[TimetableMeetingIn] = Field(max_length=400)
    unavailable: dict[str, list[tuple[dt.datetime, dt.datetime]]] = Field({}, max_length=400)


class PlacementOut(Schema):
    ref: str = Field(description="The meeting's ref, as sent in the proposal.")
    resource: int
    starts_at: dt.datetime
    ends_at: dt.datetime


class ProposalOut(Schema):
    id: int
    status: one_of(ProposalStatus)
    cost: int
    placements: list[PlacementOut]
    unplaced: dict[str, str]
    accepted: bool


def proposal_out(p: TimetableProposal) -> dict:
    return {
        "id": p.pk,
        "status": p.status,
        "cost": p.cost,
        "placements": p.placements,
        "unplaced": p.unplaced,
        "accepted": p.accepted_at is not None,
    }


@router.post("/timetable/proposals", response={201: ProposalOut, **ERRORS}, auth=authenticated)
def timetable_propose(request: HttpRequest, payload: TimetableIn):
    """Queue a timetable: meetings in rooms within the window, with no room, trainer or
    cohort in two places at once and within opening hours, at the least cost (unplaced
    meetings, then cohorts' room changes, then late starts). The task worker solves it;
    poll `GET /timetable/proposals/{id}` until its status is no longer `queued` or
    `running`. Unplaceable meetings come back with why. Over the limits: 422 at once; a
    proposal already in the works for the organisation: 409."""
    proposal = services.timetable_propose(
        actor=request.user,
        organisation_id=organisation_id_for(request.user, payload.organisation),
        window_start=payload.window_from,
        window_end=payload.window_to,
        meetings=[m.dict() for m in payload.meetings],
        unavailable={
            k: [(aware(a).isoformat(), aware(b).isoformat()) for a, b in v]
            for k, v in payload.unavailable.items()
        },
    )
    return Status(201, proposal_out(proposal))


@router.get(
    "/timetable/proposals/{proposal_id}", response={200: ProposalOut, **ERRORS}, auth=authenticated
)
def timetable_proposal(request: HttpRequest, proposal_id: PathId):
    """A proposal: `queued` or `running` while the planner works on it, then its result."""
    return proposal_out(get_proposal_for_user(request.user, proposal_id))


@router.post(
    "/timetable/proposals/{proposal_id}/accept",
    response={200: BookingPage, **ERRORS},
    auth=authenticated,
)
def timetable_accept(request: HttpRequest, proposal_id: PathId):
    """Book the proposal's rooms through the booking rules, all or none."""
    proposal = get_proposal_for_user(request.user, proposal_id)
    bookings = services.proposal_accept(actor=request.user, proposal=proposal)
    return _booking_page(request.user, bookings)


class SessionRoomIn(Schema):
    resource: Id


@router.post(
    "/sessions/{session_id}/room", response={201: BookingPage, **ERRORS}, auth=authenticated
)
def session_room(request: HttpRequest, session_id: PathId, payload: SessionRoomIn):
    """Hold a room for every meeting of a session (the operator's staff); all or none,
    a clash is a 409. Cancelling the session releases it."""
    session = get_session_for_user(request.user, session_id, for_change=True)
    result = catalog_services.session_room_hold(
        actor=request.user, session=session, resource_id=payload.resource
    )
    return Status(201, _booking_page(request.user, result.bookings))


def _booking_page(user: User, bookings: list[Booking]) -> dict:
    fresh = queries.bookings_by_id([b.pk for b in bookings])
    return {"items": [booking_out(b, user) for b in fresh], "count": len(bookings)}
