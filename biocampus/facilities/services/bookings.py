"""Every write to bookings. One rule above all: an approved booking never overlaps another
approved booking (or maintenance block) of the same resource.

Each write runs in one transaction that first locks the resource rows it books, in
primary-key order (on SQLite every write transaction is BEGIN IMMEDIATE, which serialises
writers), checks the clashes on the locked state, then writes; on PostgreSQL the exclusion
constraint backs this up, and a violation still comes back as a 409 listing the clashes.
"""

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Membership, Organisation, User
from biocampus.catalog.models import Meeting
from biocampus.common.audit import audit
from biocampus.common.dates import check_in_window, check_within
from biocampus.common.errors import Conflict, DomainError, Forbidden, NotFound
from biocampus.facilities.access import can_cancel_booking, is_facility_manager
from biocampus.facilities.models import (
    Approval,
    Booking,
    BookingSeries,
    BookingStatus,
    Purpose,
    Resource,
)
from biocampus.facilities.rules import (
    Range,
    certification_state,
    clashes,
    conflict_report,
    occurrences,
    within_opening_hours,
)
from biocampus.outbox.queue import notify

MAX_LENGTH = dt.timedelta(days=14)
MAX_AHEAD_DAYS = 731  # two years
ACTIVE = (BookingStatus.APPROVED, BookingStatus.REQUESTED)


class BookingConflict(Conflict):
    code = "conflict"

    def __init__(self, message: str, conflicts: list[dict]) -> None:
        super().__init__(message)
        self.conflicts = conflicts


@dataclass
class BookingResult:
    bookings: list[Booking] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)  # occurrences not booked, and why


def _lock_resources(resource_ids: Iterable[int]) -> dict[int, Resource]:
    """Lock the resources' rows, always in primary-key order: two writers that need the
    same rooms then queue one behind the other instead of deadlocking."""
    if not connection.in_atomic_block:
        raise RuntimeError("A resource lock outside a transaction protects nothing.")
    ids = sorted(set(resource_ids))
    locked = Resource.objects.select_for_update().filter(pk__in=ids).order_by("pk").in_bulk()
    if len(locked) != len(ids):
        raise NotFound(_("Not found."))
    return locked


def _check_times(resource: Resource, ranges: list[Range], purpose: str) -> None:
    now = timezone.now()
    for start, end in ranges:
        check_in_window(start, what=_("A booking"))
        check_in_window(end, what=_("A booking"))
        check_within(start, days=MAX_AHEAD_DAYS, what=_("A booking"))
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
            % {"when": formats.date_format(first, "DATETIME_FORMAT")},
            code="closed",
        )


def _organisation(actor: User, organisation_id: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound(_("Unknown organisation."))
    if not (
        is_facility_manager(actor)
        or Membership.objects.filter(user=actor, organisation=organisation).exists()
    ):
        raise Forbidden(_("You can only book for an organisation you belong to."))
    return organisation


def _bookable(actor: User, resource_id: int, purpose: str) -> Resource:
    """The active resource, if `actor` may book it for `purpose`."""
    if purpose not in Purpose.values:
        raise DomainError(_("Unknown purpose."), code="invalid_purpose")
    resource = (
        Resource.objects.select_related("certification__refresher")
        .prefetch_related("opening_hours")
        .filter(pk=resource_id, active=True)
        .first()
    )
    if resource is None:
        raise NotFound(_("Not found."))
    if purpose == Purpose.MAINTENANCE and not is_facility_manager(actor):
        raise Forbidden(_("Only the facility manager closes a resource for maintenance."))
    state = certification_state(actor, resource)
    refresher = resource.certification.refresher if resource.certification_id else None
    if state in ("expired", "revoked") and refresher is not None:
        # The way back is the refresher the operator named: its credential renews it.
        messages = {
            "expired": _(
                "Your “%(programme)s” certification has expired: the refresher programme "
                "“%(refresher)s” renews it."
            ),
            "revoked": _(
                "Your “%(programme)s” certification was revoked: the refresher programme "
                "“%(refresher)s” earns a new one."
            ),
        }
        raise Forbidden(
            messages[state]
            % {"programme": resource.certification.title, "refresher": refresher.title},
            code=f"certification_{state}",
        )
    if state in ("expired", "revoked", "suspended"):
        # Without a refresher the way back is the programme itself.
        messages = {
            "expired": _(
                "Your “%(programme)s” certification has expired: completing the programme "
                "again renews it."
            ),
            "revoked": _(
                "Your “%(programme)s” certification was revoked: completing the programme "
                "again earns a new one."
            ),
            "suspended": _(
                "Your “%(programme)s” certification is suspended by its issuer: you may book "
                "again once they reinstate it."
            ),
        }
        raise Forbidden(
            messages[state] % {"programme": resource.certification.title},
            code=f"certification_{state}",
        )
    if state != "ok":
        raise Forbidden(
            _("This instrument needs the “%(programme)s” certification.")
            % {"programme": resource.certification.title},
            code="certification_required",
        )
    return resource


def _exclusion_violated(exc: IntegrityError) -> bool:
    diag = getattr(exc.__cause__, "diag", None)
    return diag is not None and diag.constraint_name == "booking_no_overlap"


def _book_ranges(
    *,
    actor: User,
    resource_id: int,
    organisation_id: int,
    ranges: list[Range],
    purpose: str,
    title: str = "",
    note: str = "",
    rrule: str | None = None,
    exdates: list | tuple = (),
    free_only: bool = False,
    meetings: list[Meeting] | None = None,
) -> BookingResult:
    """Book `ranges` of one resource for an organisation, every check included: the
    purpose, membership of the organisation, the certification gate, the times and
    opening hours, then the clashes on the locked resource. All ranges or none, unless
    `free_only`; `meetings`, when given, are linked to the ranges by position."""
    organisation = _organisation(actor, organisation_id)
    resource = _bookable(actor, resource_id, purpose)
    _check_times(resource, ranges, purpose)
    if _overlapping([(resource_id, span) for span in ranges]):
        raise DomainError(_("The times asked for overlap one another."), code="overlapping_ranges")
    manager = is_facility_manager(actor)
    status = (
        BookingStatus.APPROVED
        if resource.approval == Approval.AUTOMATIC or manager
        else BookingStatus.REQUESTED
    )
    result = BookingResult()
    try:
        with transaction.atomic():
            _lock_resources([resource.pk])
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


def booking_create(
    *,
    actor: User,
    resource_id: int,
    organisation_id: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    title: str = "",
    note: str = "",
    rrule: str | None = None,
    exdates: list | tuple = (),
    free_only: bool = False,
) -> BookingResult:
    """Book a resource, once or on a recurrence. All occurrences or none by default (a
    409 lists each clashing occurrence); with `free_only`, the free ones are booked and
    the others reported."""
    return _book_ranges(
        actor=actor,
        resource_id=resource_id,
        organisation_id=organisation_id,
        ranges=occurrences(starts_at, ends_at, rrule, exdates),
        purpose=purpose,
        title=title,
        note=note,
        rrule=rrule,
        exdates=exdates,
        free_only=free_only,
    )


def bookings_create_many(
    *,
    actor: User,
    organisation_id: int,
    placements: list[tuple[int, Range, str]],
    purpose: str = Purpose.SESSION,
) -> list[Booking]:
    """Book several resources at once, all or none: (resource id, range, title) each.
    Every resource is locked up front, in primary-key order, so two such requests that
    share rooms cannot deadlock."""
    bookings: list[Booking] = []
    with transaction.atomic():
        _lock_resources(resource_id for resource_id, _range, _title in placements)
        for resource_id, span, title in placements:
            bookings += _book_ranges(
                actor=actor,
                resource_id=resource_id,
                organisation_id=organisation_id,
                ranges=[span],
                purpose=purpose,
                title=title,
            ).bookings
    return bookings


def meeting_rooms_book(
    *, actor: User, meetings: list[Meeting], resource_id: int, organisation_id: int, title: str
) -> BookingResult:
    """Hold one room for every meeting that does not hold it yet, all or none, through
    the booking rules."""
    resource = Resource.objects.filter(pk=resource_id, active=True).first()
    if resource is None or not resource.is_space:
        raise DomainError(_("Choose a room."), code="not_a_room")
    held = set(
        Booking.objects.filter(
            meeting__in=meetings, resource_id=resource_id, status__in=ACTIVE
        ).values_list("meeting_id", flat=True)
    )
    wanted = [m for m in meetings if m.pk not in held]
    if not wanted:
        raise Conflict(_("This room is already held for every meeting."), code="already_held")
    return _book_ranges(
        actor=actor,
        resource_id=resource_id,
        organisation_id=organisation_id,
        ranges=[(m.starts_at, m.ends_at) for m in wanted],
        purpose=Purpose.SESSION,
        title=title,
        meetings=wanted,
    )


def _overlapping(spans: list[tuple[int, Range]]) -> bool:
    """Whether any two of (resource id, range) overlap on the same resource."""
    ordered = sorted(spans, key=lambda s: (s[0], s[1][0]))
    return any(a[0] == b[0] and b[1][0] < a[1][1] for a, b in itertools.pairwise(ordered))


def meeting_rooms_move(*, actor: User, meetings: list[Meeting]) -> int:
    """After meetings moved, move the rooms they hold with them, all or none. Only members
    of the booking organisation (or the facility manager) move its bookings. The new times
    are checked like a new booking's: opening hours, and no overlap with other bookings or
    with each other (a clash is a 409 and nothing moves). A moved booking of a resource
    that needs approval waits for the facility manager again. Returns how many moved."""
    by_meeting = {m.pk: m for m in meetings}
    manager = is_facility_manager(actor)
    try:
        with transaction.atomic():
            resource_ids = Booking.objects.filter(
                meeting__in=meetings, status__in=ACTIVE
            ).values_list("resource_id", flat=True)
            _lock_resources(resource_ids)
            # Read again under the lock: a booking cancelled or decided meanwhile is final.
            held = list(
                Booking.objects.filter(meeting__in=meetings, status__in=ACTIVE).select_related(
                    "resource"
                )
            )
            _check_movable(actor, held)
            spans = {
                b.pk: (by_meeting[b.meeting_id].starts_at, by_meeting[b.meeting_id].ends_at)
                for b in held
            }
            if _overlapping([(b.resource_id, spans[b.pk]) for b in held]):
                raise Conflict(
                    _("Two meetings would hold the same room at the same time."),
                    code="meetings_overlap",
                )
            moving = list(spans)
            for booking in held:
                span = [spans[booking.pk]]
                _check_times(booking.resource, span, booking.purpose)
                # The other moving bookings leave their old times: they do not count.
                found = clashes(booking.resource_id, span, exclude=moving)
                if found:
                    raise BookingConflict(
                        _("The room held for this session is taken at the new time."),
                        conflict_report(span, found),
                    )
            _defer_overlap_check()
            for booking in held:
                booking.starts_at, booking.ends_at = spans[booking.pk]
                fields = ["starts_at", "ends_at"]
                if booking.resource.approval != Approval.AUTOMATIC and not manager:
                    booking.status, booking.decided_by, booking.decided_at = (
                        BookingStatus.REQUESTED,
                        None,
                        None,
                    )
                    fields += ["status", "decided_by", "decided_at"]
                booking.save(update_fields=[*fields, "updated_at"])
                audit(actor, "booking.move", booking, meeting=booking.meeting_id)
            _check_overlap_now()
    except IntegrityError as exc:
        if not _exclusion_violated(exc):
            raise
        raise BookingConflict(
            _("The room held for this session is taken at the new time."), []
        ) from exc
    return len(held)


def _check_movable(actor: User, held: list[Booking]) -> None:
    """The actor belongs to each booking organisation, and each room is still bookable
    (active, and its certification held)."""
    for organisation_id in {b.organisation_id for b in held}:
        _organisation(actor, organisation_id)
    for resource in {b.resource_id: b.resource for b in held}.values():
        if not resource.active:
            raise Conflict(
                _("“%(room)s” is no longer bookable: release it before moving the meetings.")
                % {"room": resource.name},
                code="room_unavailable",
            )
        _bookable(actor, resource.pk, Purpose.SESSION)


def _defer_overlap_check() -> None:
    # Bookings moving together may overlap one another's old times for a moment.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS booking_no_overlap DEFERRED")


def _check_overlap_now() -> None:
    # Back to immediate: PostgreSQL checks the deferred rows now, inside the transaction.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS booking_no_overlap IMMEDIATE")


def meeting_rooms_release(*, actor: User, meeting_ids: list[int]) -> int:
    """Free the rooms these meetings hold. Only members of the booking organisation (or
    the facility manager) release its bookings. Returns how many were cancelled."""
    with transaction.atomic():
        held = list(Booking.objects.filter(meeting_id__in=meeting_ids, status__in=ACTIVE))
        for organisation_id in {b.organisation_id for b in held}:
            _organisation(actor, organisation_id)
        # The same lock as an approval: a request is not approved while it is released.
        _lock_resources(b.resource_id for b in held)
        now = timezone.now()
        Booking.objects.filter(pk__in=[b.pk for b in held], status__in=ACTIVE).update(
            status=BookingStatus.CANCELLED, cancelled_at=now, updated_at=now
        )
        for booking in held:
            audit(actor, "booking.release", booking, meeting=booking.meeting_id)
        _withdraw_invitations(held)
    return len(held)


def _withdraw_invitations(cancelled: list[Booking]) -> None:
    """The bookers of approved bookings cancelled in bulk are sent the cancellation of the
    invitation their approval carried."""
    invited = [b for b in cancelled if b.status == BookingStatus.APPROVED and b.decided_at]
    for booking in invited:
        notify("booking.cancelled", [(booking.booked_by_id, {"booking": booking.pk})])


def _decide(actor: User, booking: Booking, status: str) -> Booking:
    if not is_facility_manager(actor):
        raise Forbidden(_("Only the facility manager approves or rejects bookings."))
    try:
        with transaction.atomic():
            _lock_resources([booking.resource_id])
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
            booking.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
            audit(actor, f"booking.{status}", booking)
            notify(f"booking.{status}", [(booking.booked_by_id, {"booking": booking.pk})])
    except IntegrityError as exc:
        if not _exclusion_violated(exc):
            raise
        ranges = [(booking.starts_at, booking.ends_at)]
        raise BookingConflict(
            _("The resource is already booked at that time."),
            conflict_report(ranges, clashes(booking.resource_id, ranges, exclude=[booking.pk])),
        ) from exc
    return booking


def booking_approve(*, actor: User, booking: Booking) -> Booking:
    return _decide(actor, booking, BookingStatus.APPROVED)


def booking_reject(*, actor: User, booking: Booking) -> Booking:
    return _decide(actor, booking, BookingStatus.REJECTED)


def booking_cancel(*, actor: User, booking: Booking) -> Booking:
    """The booker, a manager of the booking organisation or the facility manager cancels;
    a maintenance block only the facility manager lifts."""
    if not can_cancel_booking(actor, booking):
        raise Forbidden(_("You cannot cancel this booking."))
    with transaction.atomic():
        _lock_resources([booking.resource_id])
        booking = Booking.objects.get(pk=booking.pk)
        if booking.status in (BookingStatus.CANCELLED, BookingStatus.REJECTED):
            raise Conflict(_("This booking is no longer active."), code="not_active")
        # An approval the booker was sent an invitation for is withdrawn from their calendar.
        invited = booking.status == BookingStatus.APPROVED and booking.decided_at is not None
        booking.status, booking.cancelled_at = BookingStatus.CANCELLED, timezone.now()
        booking.save(update_fields=["status", "cancelled_at", "updated_at"])
        audit(actor, "booking.cancel", booking)
        if invited:
            notify("booking.cancelled", [(booking.booked_by_id, {"booking": booking.pk})])
    return booking


def maintenance_block(
    *,
    actor: User,
    resource_id: int,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    reason: str = "",
    cancel_clashing: bool = False,
) -> tuple[Booking, list[dict]]:
    """Close a resource. Clashing bookings are reported (409) unless `cancel_clashing`,
    which cancels them in the same transaction; returns the block and what it displaced."""
    if not is_facility_manager(actor):
        raise Forbidden(_("Only the facility manager closes a resource for maintenance."))
    ranges = [(starts_at, ends_at)]
    with transaction.atomic():
        resource = _lock_resources([resource_id])[resource_id]
        _check_times(resource, ranges, Purpose.MAINTENANCE)
        found = clashes(resource.pk, ranges)
        report = conflict_report(ranges, found)
        if found and not cancel_clashing:
            raise BookingConflict(_("These bookings clash with the maintenance."), report)
        displaced = [b.pk for hits in found.values() for b in hits]
        now = timezone.now()
        Booking.objects.filter(pk__in=displaced).update(
            status=BookingStatus.CANCELLED, cancelled_at=now, updated_at=now
        )
        _withdraw_invitations([b for hits in found.values() for b in hits])
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
