"""Reads shared by pages and the API: resource search and availability."""

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet

from biocampus.facilities.models import Booking, BookingStatus, Resource
from biocampus.facilities.services import within_opening_hours


def resource_search(
    *,
    kind: str = "",
    features: list[str] | None = None,
    min_capacity: int | None = None,
    free_from: dt.datetime | None = None,
    free_to: dt.datetime | None = None,
) -> list[Resource] | QuerySet:
    """Bookable resources with every feature asked for, room for `min_capacity` people
    and, when a window is given, open and free for all of it."""
    qs = Resource.objects.filter(active=True).select_related("space", "organisation")
    if kind:
        qs = qs.filter(kind=kind)
    for code in features or []:
        qs = qs.filter(features__code=code)
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


def busy(resource: Resource, start: dt.datetime, end: dt.datetime) -> list[Booking]:
    return list(
        Booking.objects.filter(
            resource=resource,
            status__in=(BookingStatus.APPROVED, BookingStatus.REQUESTED),
            starts_at__lt=end,
            ends_at__gt=start,
        )
        .select_related("organisation")
        .order_by("starts_at")
    )
