"""Every write to bookings. One rule above all: an approved booking never overlaps another
approved booking (or maintenance block) of the same resource.

Each write runs in one transaction that first locks the resource row (on SQLite every
write transaction is BEGIN IMMEDIATE, which serialises writers), checks the clashes on
the locked state, then writes; on PostgreSQL the exclusion constraint backs this up, and
a violation still comes back as a 409 listing the clashing bookings.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from dateutil import rrule as rrules
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Membership, Organisation
from biocampus.catalog.access import can_manage_programme
from biocampus.catalog.models import Meeting
from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, DomainError, Forbidden, NotFound
from biocampus.enrolment.models import Enrolment, EnrolmentStatus
from biocampus.facilities.access import can_cancel_booking, is_facility_manager
from biocampus.facilities.models import (
    Approval,
    Booking,
    BookingSeries,
    BookingStatus,
    Purpose,
    Resource,
)

MAX_OCCURRENCES = 200
MAX_LENGTH = dt.timedelta(days=14)


class BookingConflict(Conflict):
    code = "conflict"

    def __init__(self, message, conflicts: list[dict]):
        super().__init__(message)
        self.conflicts = conflicts


@dataclass
class BookingResult:
    bookings: list[Booking] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # occurrences not booked, and why


def _lock_resource(resource_id: int) -> Resource:
    if not connection.in_atomic_block:
        raise RuntimeError("A resource lock outside a transaction protects nothing.")
    resource = Resource.objects.select_for_update().filter(pk=resource_id).first()
    if resource is None:
        raise NotFound(_("Not found."))
    return resource


def clashes(resource_id: int, ranges, exclude=()) -> dict[int, list[Booking]]:
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


def conflict_report(ranges, found: dict[int, list[Booking]]) -> list[dict]:
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


def occurrences(
    starts_at: dt.datetime, ends_at: dt.datetime, rule: str | None, exdates=()
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The occurrences of a (possibly recurring) booking. The rule repeats the local wall
    time in the campus zone, so 09:00 stays 09:00 across daylight-saving changes."""
    if not rule:
        return [(starts_at, ends_at)]
    tz = timezone.get_current_timezone()
    local_start = timezone.localtime(starts_at, tz).replace(tzinfo=None)
    length = ends_at - starts_at
    try:
        parsed = rrules.rrulestr(rule.removeprefix("RRULE:"), dtstart=local_start)
    except (ValueError, TypeError) as exc:
        raise DomainError(
            _("The recurrence rule is not valid: %(error)s") % {"error": exc}, code="invalid_rrule"
        ) from exc
    if parsed._count is None and parsed._until is None:
        raise DomainError(_("A recurrence needs an end: COUNT or UNTIL."), code="invalid_rrule")
    skip = {str(d)[:10] for d in exdates}
    result = []
    for moment in parsed:
        if len(result) > MAX_OCCURRENCES:
            raise DomainError(
                _("A recurrence is limited to 200 occurrences."), code="too_many_occurrences"
            )
        if moment.date().isoformat() in skip:
            continue
        start = timezone.make_aware(moment, tz)
        result.append((start, start + length))
    return result


_UNTIL_UTC = re.compile(r"UNTIL=(\d{8}T\d{6})Z", re.IGNORECASE)


def _local_until(value: str, tz) -> str:
    moment = dt.datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
    return moment.astimezone(tz).strftime("%Y%m%dT%H%M%S")


def _check_times(resource: Resource, ranges, purpose: str) -> None:
    now = timezone.now()
    for start, end in ranges:
        if end <= start:
            raise DomainError(_("A booking must end after it starts."), code="invalid_range")
        if end - start > MAX_LENGTH:
            raise DomainError(_("A booking lasts 14 days at most."), code="invalid_range")
        if purpose != Purpose.MAINTENANCE and start < now:
            raise DomainError(_("A booking cannot start in the past."), code="in_the_past")
    if purpose == Purpose.MAINTENANCE:
        return
    closed = [(a, b) for a, b in ranges if not within_opening_hours(resource, a, b)]
    if closed:
        first = timezone.localtime(closed[0][0])
        raise DomainError(
            _("The resource is closed at that time (first: %(when)s).")
            % {"when": first.strftime("%Y-%m-%d %H:%M")},
            code="closed",
        )


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


def may_use(user, resource: Resource) -> bool:
    """The certification gate: staff of the owning organisation, facility managers, and
    people who completed the named programme."""
    if resource.certification_id is None or is_facility_manager(user):
        return True
    if Membership.objects.filter(user=user, organisation_id=resource.organisation_id).exists():
        return True
    return Enrolment.objects.filter(
        learner=user,
        status=EnrolmentStatus.COMPLETED,
        session__programme_id=resource.certification_id,
    ).exists()


def _organisation(actor, organisation_id: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound(_("Unknown organisation."))
    if not (
        is_facility_manager(actor)
        or Membership.objects.filter(user=actor, organisation=organisation).exists()
    ):
        raise Forbidden(_("You can only book for an organisation you belong to."))
    return organisation


def _exclusion_violated(exc: IntegrityError) -> bool:
    diag = getattr(exc.__cause__, "diag", None)
    return diag is not None and diag.constraint_name == "booking_no_overlap"


def booking_create(
    *,
    actor,
    resource_id: int,
    organisation_id: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    title: str = "",
    note: str = "",
    rrule: str | None = None,
    exdates=(),
    free_only: bool = False,
    meeting=None,
) -> BookingResult:
    """Book a resource, once or on a recurrence. All occurrences or none by default (a
    409 lists each clashing occurrence); with `free_only`, the free ones are booked and
    the others reported."""
    if purpose not in Purpose.values:
        raise DomainError(_("Unknown purpose."), code="invalid_purpose")
    organisation = _organisation(actor, organisation_id)
    resource = Resource.objects.filter(pk=resource_id, active=True).first()
    if resource is None:
        raise NotFound(_("Not found."))
    if purpose == Purpose.MAINTENANCE and not is_facility_manager(actor):
        raise Forbidden(_("Only the facility manager closes a resource for maintenance."))
    if not may_use(actor, resource):
        raise Forbidden(
            _("This instrument needs the “%(programme)s” certification.")
            % {"programme": resource.certification.title},
            code="certification_required",
        )
    ranges = occurrences(starts_at, ends_at, rrule, exdates)
    return book_ranges(
        actor,
        resource,
        organisation,
        ranges,
        purpose,
        title=title,
        note=note,
        rrule=rrule,
        exdates=exdates,
        free_only=free_only,
        meetings=[meeting] * len(ranges) if meeting else None,
    )


def book_ranges(
    actor,
    resource,
    organisation,
    ranges,
    purpose,
    *,
    title="",
    note="",
    rrule=None,
    exdates=(),
    free_only=False,
    meetings=None,
) -> BookingResult:
    _check_times(resource, ranges, purpose)
    manager = is_facility_manager(actor)
    status = (
        BookingStatus.APPROVED
        if resource.approval == Approval.AUTOMATIC or manager
        else BookingStatus.REQUESTED
    )
    result = BookingResult()
    try:
        with transaction.atomic():
            _lock_resource(resource.pk)
            found = clashes(resource.pk, ranges)
            if found and not free_only:
                raise BookingConflict(
                    _("The resource is already booked at that time."),
                    conflict_report(ranges, found),
                )
            result.skipped = conflict_report(ranges, found)
            free = [i for i in range(len(ranges)) if i not in found]
            if not free:
                raise BookingConflict(
                    _("The resource is already booked at that time."), result.skipped
                )
            series = (
                BookingSeries.objects.create(rrule=rrule[:500], exdates=[str(d) for d in exdates])
                if rrule
                else None
            )
            result.bookings = Booking.objects.bulk_create(
                Booking(
                    resource=resource,
                    organisation=organisation,
                    booked_by=actor,
                    starts_at=ranges[i][0],
                    ends_at=ranges[i][1],
                    purpose=purpose,
                    title=title.strip()[:200],
                    note=note.strip(),
                    status=status,
                    series=series,
                    meeting=meetings[i] if meetings else None,
                    decided_by=actor if status == BookingStatus.APPROVED else None,
                    decided_at=timezone.now() if status == BookingStatus.APPROVED else None,
                )
                for i in free
            )
            audit(
                actor,
                "booking.create",
                resource,
                occurrences=len(free),
                skipped=len(found),
                status=status,
            )
    except IntegrityError as exc:
        if not _exclusion_violated(exc):
            raise
        raise BookingConflict(
            _("The resource is already booked at that time."),
            conflict_report(ranges, clashes(resource.pk, ranges)),
        ) from exc
    return result


def session_rooms_book(*, actor, session, resource_id: int) -> BookingResult:
    """Hold a space for every meeting of a session (or its whole span when it has none),
    through the same rules; all meetings or none."""
    if not can_manage_programme(actor, session.programme):
        raise Forbidden(_("Only the operator's staff may change this session."))
    resource = Resource.objects.filter(pk=resource_id, active=True).first()
    if resource is None or not resource.is_space:
        raise DomainError(_("Choose a room."), code="not_a_room")
    with transaction.atomic():
        meetings = list(session.meetings.order_by("starts_at"))
        if not meetings:
            # A session without meetings is one meeting over its whole span; holding the
            # room through it lets cancelling the session release the room.
            meetings = [
                Meeting.objects.create(
                    session=session, starts_at=session.starts_at, ends_at=session.ends_at
                )
            ]
        ranges = [(m.starts_at, m.ends_at) for m in meetings]
        return book_ranges(
            actor,
            resource,
            session.programme.operator,
            ranges,
            Purpose.SESSION,
            title=session.programme.title,
            meetings=meetings,
        )


def _decide(actor, booking: Booking, status: str) -> Booking:
    if not is_facility_manager(actor):
        raise Forbidden(_("Only the facility manager approves or rejects bookings."))
    try:
        with transaction.atomic():
            _lock_resource(booking.resource_id)
            booking = Booking.objects.select_related("organisation").get(pk=booking.pk)
            if booking.status != BookingStatus.REQUESTED:
                raise Conflict(
                    _("This booking is not waiting for a decision."), code="not_requested"
                )
            if status == BookingStatus.APPROVED:
                ranges = [(booking.starts_at, booking.ends_at)]
                found = clashes(booking.resource_id, ranges, exclude=[booking.pk])
                if found:
                    raise BookingConflict(
                        _("The resource is already booked at that time."),
                        conflict_report(ranges, found),
                    )
            booking.status, booking.decided_by, booking.decided_at = status, actor, timezone.now()
            booking.save(update_fields=["status", "decided_by", "decided_at"])
            audit(actor, f"booking.{status}", booking)
    except IntegrityError as exc:
        if not _exclusion_violated(exc):
            raise
        ranges = [(booking.starts_at, booking.ends_at)]
        raise BookingConflict(
            _("The resource is already booked at that time."),
            conflict_report(ranges, clashes(booking.resource_id, ranges, exclude=[booking.pk])),
        ) from exc
    return booking


def booking_approve(*, actor, booking: Booking) -> Booking:
    return _decide(actor, booking, BookingStatus.APPROVED)


def booking_reject(*, actor, booking: Booking) -> Booking:
    return _decide(actor, booking, BookingStatus.REJECTED)


def booking_cancel(*, actor, booking: Booking) -> Booking:
    if not can_cancel_booking(actor, booking):
        raise Forbidden(_("You cannot cancel this booking."))
    with transaction.atomic():
        _lock_resource(booking.resource_id)
        booking = Booking.objects.get(pk=booking.pk)
        if booking.status in (BookingStatus.CANCELLED, BookingStatus.REJECTED):
            raise Conflict(_("This booking is no longer active."), code="not_active")
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, timezone.now()
        booking.save(update_fields=["status", "cancelled_at"])
        audit(actor, "booking.cancel", booking)
    return booking


def maintenance_block(
    *, actor, resource_id: int, starts_at, ends_at, reason: str = "", cancel_clashing=False
) -> tuple[Booking, list[dict]]:
    """Close a resource. Clashing bookings are reported (409) unless `cancel_clashing`,
    which cancels them in the same transaction; returns the block and what it displaced."""
    if not is_facility_manager(actor):
        raise Forbidden(_("Only the facility manager closes a resource for maintenance."))
    ranges = [(starts_at, ends_at)]
    with transaction.atomic():
        resource = _lock_resource(resource_id)
        _check_times(resource, ranges, Purpose.MAINTENANCE)
        found = clashes(resource.pk, ranges)
        report = conflict_report(ranges, found)
        if found and not cancel_clashing:
            raise BookingConflict(_("These bookings clash with the maintenance."), report)
        displaced = [b.pk for hits in found.values() for b in hits]
        Booking.objects.filter(pk__in=displaced).update(
            status=BookingStatus.CANCELLED, cancelled_at=timezone.now()
        )
        block = Booking.objects.create(
            resource=resource,
            organisation=resource.organisation,
            booked_by=actor,
            starts_at=starts_at,
            ends_at=ends_at,
            purpose=Purpose.MAINTENANCE,
            title=reason.strip()[:200] or str(_("Maintenance")),
            status=BookingStatus.APPROVED,
            decided_by=actor,
            decided_at=timezone.now(),
        )
        audit(actor, "maintenance.block", block, displaced=displaced)
    return block, report


def release_session_rooms(session) -> int:
    """Cancelling a session frees the rooms its meetings held."""
    return Booking.objects.filter(
        meeting__session=session, status__in=(BookingStatus.APPROVED, BookingStatus.REQUESTED)
    ).update(status=BookingStatus.CANCELLED, cancelled_at=timezone.now())
