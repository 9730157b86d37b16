"""Cost sharing and occupancy.

Usage: per organisation and resource, the hours its approved bookings take in a month,
times the resource's hourly rate. A booking cancelled later than the resource's notice
period before its start is still charged. Maintenance is nobody's usage.

Occupancy: per resource and week, booked hours over open hours.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.common.exports import Column
from biocampus.facilities.models import Booking, BookingStatus, Purpose, Resource

HOUR = Decimal(3600)


@dataclass
class UsageRow:
    organisation: str
    organisation_id: int
    resource: str
    resource_id: int
    hours: Decimal
    late_cancelled_hours: Decimal
    rate: Decimal

    @property
    def cost(self) -> Decimal:
        return ((self.hours + self.late_cancelled_hours) * self.rate).quantize(Decimal("0.01"))


USAGE_COLUMNS = (
    Column("organisation", _("Organisation"), "text"),
    Column("resource", _("Resource"), "text"),
    Column("hours", _("Hours"), "decimal"),
    Column("late_cancelled_hours", _("Hours cancelled late"), "decimal"),
    Column("rate", _("Hourly rate"), "money"),
    Column("cost", _("Cost"), "money"),
)


def usage_csv_rows(rows: list[UsageRow]) -> list[tuple]:
    return [
        (r.organisation, r.resource, r.hours, r.late_cancelled_hours, r.rate, r.cost) for r in rows
    ]


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(dt.datetime.combine(first, dt.time()), tz),
        timezone.make_aware(dt.datetime.combine(following, dt.time()), tz),
    )


def _clipped_hours(start, end, lo, hi) -> Decimal:
    seconds = (min(end, hi) - max(start, lo)).total_seconds()
    return (Decimal(seconds) / HOUR).quantize(Decimal("0.01")) if seconds > 0 else Decimal(0)


def late_cancellation(booking: Booking) -> bool:
    """Cancelled inside the resource's notice period before the start: still charged."""
    notice = dt.timedelta(hours=booking.resource.cancellation_notice_hours)
    return booking.cancelled_at is not None and booking.cancelled_at > booking.starts_at - notice


def monthly_usage(month: dt.date, organisation_ids: set[int] | None = None) -> list[UsageRow]:
    lo, hi = month_bounds(month)
    qs = (
        Booking.objects.filter(
            status__in=(BookingStatus.APPROVED, BookingStatus.CANCELLED),
            starts_at__lt=hi,
            ends_at__gt=lo,
        )
        .exclude(purpose=Purpose.MAINTENANCE)
        .select_related("organisation", "resource")
    )
    if organisation_ids is not None:
        qs = qs.filter(organisation_id__in=organisation_ids)
    rows: dict[tuple[int, int], UsageRow] = {}
    for b in qs:
        if b.status == BookingStatus.CANCELLED and not late_cancellation(b):
            continue
        row = rows.setdefault(
            (b.organisation_id, b.resource_id),
            UsageRow(
                b.organisation.name,
                b.organisation_id,
                b.resource.name,
                b.resource_id,
                Decimal(0),
                Decimal(0),
                b.resource.hourly_rate,
            ),
        )
        hours = _clipped_hours(b.starts_at, b.ends_at, lo, hi)
        if b.status == BookingStatus.APPROVED:
            row.hours += hours
        else:
            row.late_cancelled_hours += hours
    return sorted(rows.values(), key=lambda r: (r.organisation, r.resource))


@dataclass
class Occupancy:
    weeks: list[dt.date]  # Mondays
    resources: list[Resource]
    rates: dict[int, list[float | None]]  # resource -> utilisation per week (None: closed)

    def average(self, resource_id: int) -> float:
        values = [v for v in self.rates[resource_id] if v is not None]
        return sum(values) / len(values) if values else 0.0

    def ranked(self) -> list[tuple[Resource, float]]:
        return sorted(
            ((r, self.average(r.pk)) for r in self.resources), key=lambda p: (-p[1], p[0].name)
        )


def _open_hours(resource: Resource) -> float:
    hours = list(resource.opening_hours.all())
    if not hours:
        return 24.0 * 7
    return sum(h.hours() for h in hours)


def occupancy(first_monday: dt.date, weeks: int = 8) -> Occupancy:
    mondays = [first_monday + dt.timedelta(weeks=i) for i in range(weeks)]
    tz = timezone.get_current_timezone()
    lo = timezone.make_aware(dt.datetime.combine(mondays[0], dt.time()), tz)
    hi = timezone.make_aware(dt.datetime.combine(mondays[-1] + dt.timedelta(days=7), dt.time()), tz)
    resources = list(Resource.objects.filter(active=True).prefetch_related("opening_hours"))
    booked: dict[int, list[float]] = defaultdict(lambda: [0.0] * weeks)
    for b in Booking.objects.filter(
        status=BookingStatus.APPROVED, starts_at__lt=hi, ends_at__gt=lo
    ).exclude(purpose=Purpose.MAINTENANCE):
        for i, monday in enumerate(mondays):
            week_lo = timezone.make_aware(dt.datetime.combine(monday, dt.time()), tz)
            week_hi = week_lo + dt.timedelta(days=7)
            booked[b.resource_id][i] += float(
                _clipped_hours(b.starts_at, b.ends_at, week_lo, week_hi)
            )
    rates = {}
    for r in resources:
        open_hours = _open_hours(r)
        rates[r.pk] = [
            min(booked[r.pk][i] / open_hours, 1.0) if open_hours else None for i in range(weeks)
        ]
    return Occupancy(mondays, resources, rates)
