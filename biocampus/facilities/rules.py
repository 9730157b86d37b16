"""The booking rules that reads and writes share: occurrences of a recurrence, opening
hours, the certification gate and what a range clashes with. Nothing here writes."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Membership, User
from biocampus.common.dates import check_in_window
from biocampus.credentials.models import Credential
from biocampus.credentials.queries import (
    EXPIRED,
    REVOKED,
    SUSPENDED,
    VALID,
    credential_state,
)
from biocampus.enrolment.models import Enrolment, EnrolmentStatus
from biocampus.facilities import recurrence
from biocampus.facilities.access import is_facility_manager
from biocampus.facilities.models import Booking, BookingStatus, Resource

Range = tuple[dt.datetime, dt.datetime]


def occurrences(
    starts_at: dt.datetime, ends_at: dt.datetime, rule: str | None, exdates: list | tuple = ()
) -> list[Range]:
    """The occurrences of a (possibly recurring) booking. The rule repeats the local wall
    time in the campus zone, so 09:00 stays 09:00 across daylight-saving changes; dates in
    `exdates` are left out. Rules are bounded (recurrence.py) before they are expanded."""
    check_in_window(starts_at, what=_("A booking"))
    check_in_window(ends_at, what=_("A booking"))
    if not rule:
        return [(starts_at, ends_at)]
    parsed = recurrence.parse(rule, timezone.get_current_timezone())
    length = ends_at - starts_at
    skip = {str(d)[:10] for d in exdates}
    return [
        (start, start + length)
        for start in recurrence.expand(parsed, starts_at)
        if timezone.localtime(start).date().isoformat() not in skip
    ]


def within_opening_hours(resource: Resource, start: dt.datetime, end: dt.datetime) -> bool:
    """Inside one opening interval of one day, in local time. No hours set: always open."""
    hours = list(resource.opening_hours.all())
    if not hours:
        return True
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    if local_start.date() != local_end.date() and local_end.time() != dt.time(0):
        return False
    day = local_start.weekday()
    end_time = local_end.time() if local_end.date() == local_start.date() else dt.time(23, 59, 59)
    return any(
        h.weekday == day and h.opens <= local_start.time() and end_time <= h.closes for h in hours
    )


def certification_state(user: User, resource: Resource) -> str:
    """The certification gate: "ok" for staff of the owning organisation, facility
    managers and holders of a current credential for the named programme (or, from
    before credentials, its completion); "suspended", "expired" or "revoked" when no
    credential the person holds for it is current; "missing" otherwise."""
    if resource.certification_id is None or is_facility_manager(user):
        return "ok"
    if Membership.objects.filter(user=user, organisation_id=resource.organisation_id).exists():
        return "ok"
    # The certification's refresher renews it: its credential opens the gate as well.
    programmes = {resource.certification_id, resource.certification.refresher_id} - {None}
    held = list(Credential.objects.filter(learner=user, programme_id__in=programmes))
    if held:
        if any(credential_state(c) == VALID for c in held):
            return "ok"
        states = {credential_state(c) for c in held}
        # The most hopeful thing the person can do next: wait for a suspension to end
        # before renewing an expired certification, and that before a revoked one.
        return next(s for s in (SUSPENDED, EXPIRED, REVOKED) if s in states)
    completed = Enrolment.objects.filter(
        learner=user,
        status=EnrolmentStatus.COMPLETED,
        session__programme_id__in=programmes,
    )
    return "ok" if completed.exists() else "missing"


def clashes(
    resource_id: int, ranges: list[Range], exclude: list[int] | tuple = ()
) -> dict[int, list[Booking]]:
    """For each (start, end) in `ranges`, by position, the approved bookings it overlaps
    (half-open ranges: touching is not overlapping)."""
    if not ranges:
        return {}
    lo, hi = min(a for a, _b in ranges), max(b for _a, b in ranges)
    approved = list(
        Booking.objects.filter(
            resource_id=resource_id,
            status=BookingStatus.APPROVED,
            starts_at__lt=hi,
            ends_at__gt=lo,
        )
        .exclude(pk__in=exclude)
        .select_related("organisation")
        .order_by("starts_at")
    )
    found = {}
    for i, (start, end) in enumerate(ranges):
        hits = [b for b in approved if b.starts_at < end and start < b.ends_at]
        if hits:
            found[i] = hits
    return found


def conflict_report(ranges: list[Range], found: dict[int, list[Booking]]) -> list[dict]:
    return [
        {
            "starts_at": ranges[i][0],
            "ends_at": ranges[i][1],
            "bookings": [
                {
                    "id": b.pk,
                    "starts_at": b.starts_at,
                    "ends_at": b.ends_at,
                    "purpose": b.purpose,
                    "organisation": b.organisation.name,
                }
                for b in hits
            ],
        }
        for i, hits in sorted(found.items())
    ]
