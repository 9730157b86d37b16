"""Reads shared by pages and the API: resource search and availability, a user's
bookings, what waits for approval, the organisations a user books for, usage."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation, User
from biocampus.catalog.models import Session
from biocampus.common.errors import Forbidden
from biocampus.facilities.access import is_facility_manager, member_org_ids
from biocampus.facilities.models import (
    IN_THE_WORKS,
    Booking,
    BookingStatus,
    ProposalStatus,
    Resource,
    TimetableProposal,
)
from biocampus.facilities.rules import Range, within_opening_hours
from biocampus.facilities.services.timetable import SOLVE_LIMIT_S
from biocampus.facilities.usage import UsageRow, monthly_usage

ACTIVE = (BookingStatus.APPROVED, BookingStatus.REQUESTED)


def resource_search(
    *,
    kind: str = "",
    features: list[str] | None = None,
    min_capacity: int | None = None,
    free_from: dt.datetime | None = None,
    free_to: dt.datetime | None = None,
) -> list[Resource] | QuerySet[Resource]:
    """Bookable resources with every feature asked for, room for `min_capacity` people
    and, when a window is given, open and free for all of it."""
    qs = Resource.objects.filter(active=True).select_related("space", "organisation")
    if kind:
        qs = qs.filter(kind=kind)
    # One join for all features (a join per feature grew steeply with their number).
    codes = sorted(set(features or []))
    if codes:
        qs = qs.annotate(
            matched=Count("features", filter=Q(features__code__in=codes), distinct=True)
        ).filter(matched=len(codes))
    if min_capacity:
        qs = qs.filter(capacity__gte=min_capacity)
    qs = qs.prefetch_related("features", "opening_hours").distinct().order_by("name")
    if free_from and free_to:
        taken = Booking.objects.filter(
            resource=OuterRef("pk"),
            status=BookingStatus.APPROVED,
            starts_at__lt=free_to,
            ends_at__gt=free_from,
        )
        qs = qs.exclude(Exists(taken))
        return [r for r in qs if within_opening_hours(r, free_from, free_to)]
    return qs


def rooms_free_for(spans: list[Range], *, min_capacity: int) -> list[Resource]:
    """Spaces with room for `min_capacity` people, open and free during every span."""
    free: set[int] | None = None
    for start, end in spans:
        found = resource_search(min_capacity=min_capacity, free_from=start, free_to=end)
        ids = {r.pk for r in found}
        free = ids if free is None else free & ids
    rooms = Resource.objects.filter(pk__in=free or set()).order_by("name")
    return [r for r in rooms if r.is_space]


def busy(resource: Resource, start: dt.datetime, end: dt.datetime) -> list[Booking]:
    return list(
        Booking.objects.filter(
            resource=resource, status__in=ACTIVE, starts_at__lt=end, ends_at__gt=start
        )
        .select_related("organisation")
        .order_by("starts_at")
    )


def bookings_of(user: User, *, upcoming: bool = False) -> QuerySet[Booking]:
    """Bookings the user made or that their organisations hold, soonest first."""
    qs = Booking.objects.filter(
        Q(booked_by=user) | Q(organisation_id__in=member_org_ids(user))
    ).select_related("resource", "organisation")
    if upcoming:
        qs = qs.filter(ends_at__gte=timezone.now())
    return qs.order_by("starts_at", "id")


def bookings_pending(user: User) -> QuerySet[Booking]:
    """Requests waiting for the facility manager's decision (none for anyone else)."""
    if not is_facility_manager(user):
        return Booking.objects.none()
    return (
        Booking.objects.filter(status=BookingStatus.REQUESTED)
        .select_related("resource", "organisation", "booked_by")
        .order_by("starts_at", "id")
    )


def session_spans(session: Session) -> list[Range]:
    """When a session needs a room: each meeting, or its whole span when it has none."""
    spans = [(m.starts_at, m.ends_at) for m in session.meetings.order_by("starts_at", "id")]
    return spans or [(session.starts_at, session.ends_at)]


def session_rooms(session: Session) -> QuerySet[Booking]:
    """The rooms a session's meetings hold."""
    return Booking.objects.filter(meeting__session=session, status__in=ACTIVE).select_related(
        "resource"
    )


def organisations_to_book_for(user: User) -> list[Organisation]:
    """Every organisation for the facility manager; the user's own for anyone else."""
    qs = Organisation.objects.order_by("name")
    if not is_facility_manager(user):
        qs = qs.filter(pk__in=member_org_ids(user))
    return list(qs)


def member_organisations(user: User) -> list[Organisation]:
    """The organisations the user belongs to (the timetabling assistant plans for these)."""
    return list(Organisation.objects.filter(pk__in=member_org_ids(user)).order_by("name"))


def proposals_recent(user: User, *, limit: int = 10) -> QuerySet[TimetableProposal]:
    return TimetableProposal.objects.filter(organisation_id__in=member_org_ids(user)).order_by(
        "-created_at"
    )[:limit]


def usage_for(user: User, month: dt.date) -> list[UsageRow]:
    """The month's usage and cost of the user's organisations (every organisation's for
    the facility manager)."""
    if is_facility_manager(user):
        return monthly_usage(month)
    organisations = member_org_ids(user)
    if not organisations:
        raise Forbidden(_("Usage is shown to members of an organisation."))
    return monthly_usage(month, organisations)


def proposal_placements(
    proposal: TimetableProposal,
) -> list[tuple[str, Resource | None, dt.datetime, dt.datetime]]:
    """(meeting ref, room, start, end) of each placement, in time order."""
    rooms = Resource.objects.in_bulk({p["resource"] for p in proposal.placements})
    rows = [
        (
            p["ref"],
            rooms.get(p["resource"]),
            dt.datetime.fromisoformat(p["starts_at"]),
            dt.datetime.fromisoformat(p["ends_at"]),
        )
        for p in proposal.placements
    ]
    return sorted(rows, key=lambda r: r[2])


def proposal_progress(proposal: TimetableProposal) -> dict:
    """Where a proposal in the works stands: how many wait before it, or how long the
    planner has been at it against its time limit."""
    ahead = 0
    if proposal.status == ProposalStatus.QUEUED:
        ahead = TimetableProposal.objects.filter(
            status__in=IN_THE_WORKS, created_at__lt=proposal.created_at
        ).count()
    elapsed = int((timezone.now() - proposal.created_at).total_seconds())
    limit = SOLVE_LIMIT_S
    return {"ahead": ahead, "elapsed": min(elapsed, limit), "limit": limit}


def bookings_by_id(ids: list[int]) -> QuerySet[Booking]:
    return Booking.objects.filter(pk__in=ids).select_related("resource", "organisation")
