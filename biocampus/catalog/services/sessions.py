"""A session's whole lifecycle: scheduling it, editing its dates, capacity and meetings,
holding a room for its meetings, and cancelling it.

Every change takes the one session lock (`catalog.locks.session_lock`) first, so edits,
enrolments and cancellation of a session are serialised. The session's seats belong to
the enrolment services (waiting-list promotion, cancelling enrolments) and its rooms to
the facilities services (bookings); this module calls both inside its own transaction, so
a refused step leaves the session as it was.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.catalog.access import require_programme_manager
from biocampus.catalog.locks import session_lock
from biocampus.catalog.models import Meeting, Programme, ProgrammeStatus, Session, SessionStatus
from biocampus.common.audit import audit
from biocampus.common.dates import check_in_window
from biocampus.common.errors import Conflict, DomainError
from biocampus.enrolment.services import enrolments_cancel_for_session, waitlist_promote
from biocampus.facilities.services import (
    BookingResult,
    meeting_rooms_book,
    meeting_rooms_move,
    meeting_rooms_release,
)


@dataclass(frozen=True)
class MeetingSlot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str = ""


def _check_dates(
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    deadline: dt.datetime,
    meetings: Iterable[MeetingSlot],
) -> None:
    for moment in (starts_at, ends_at, deadline):
        check_in_window(moment, what=_("A session"))
    if ends_at <= starts_at:
        raise DomainError(_("A session must end after it starts."), code="invalid_dates")
    if deadline > ends_at:
        raise DomainError(
            _("The enrolment deadline must be before the session ends."), code="invalid_deadline"
        )
    for slot in meetings:
        if slot.ends_at <= slot.starts_at:
            raise DomainError(_("Each meeting must end after it starts."), code="invalid_meeting")
        if slot.starts_at < starts_at or slot.ends_at > ends_at:
            raise DomainError(
                _("Meetings must fall within the session's dates."), code="invalid_meeting"
            )


def session_create(
    *,
    actor: User,
    programme: Programme,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    enrolment_deadline: dt.datetime | None = None,
    location: str = "",
    meetings: Iterable[MeetingSlot] = (),
) -> Session:
    """Schedule a run of `programme`. Without explicit meetings, one meeting spans it."""
    require_programme_manager(actor, programme)
    if programme.status == ProgrammeStatus.ARCHIVED:
        raise Conflict(_("An archived programme cannot get new sessions."), code="archived")
    if capacity is None or capacity < 1:
        raise DomainError(_("Capacity must be at least one seat."), code="invalid_capacity")
    deadline = enrolment_deadline or starts_at
    slots = list(meetings) or [MeetingSlot(starts_at, ends_at)]
    _check_dates(starts_at, ends_at, deadline, slots)
    if starts_at < timezone.now():
        raise DomainError(_("A new session cannot start in the past."), code="invalid_dates")
    with transaction.atomic():
        session = Session.objects.create(
            programme=programme,
            starts_at=starts_at,
            ends_at=ends_at,
            capacity=capacity,
            enrolment_deadline=deadline,
            location=location,
        )
        Meeting.objects.bulk_create(
            Meeting(session=session, starts_at=m.starts_at, ends_at=m.ends_at, title=m.title)
            for m in slots
        )
        audit(actor, "session.create", session, capacity=capacity)
    return session


def _pair_meetings(
    current: list[Meeting], slots: list[MeetingSlot]
) -> tuple[list[tuple[Meeting, MeetingSlot]], list[Meeting], list[MeetingSlot]]:
    """Which meeting each slot edits: a meeting whose times a slot keeps stays that meeting;
    the others are paired in time order (a moved meeting). Returns the pairs, the meetings
    no slot keeps (dropped) and the slots no meeting takes (added)."""
    by_times: dict[tuple, list[Meeting]] = {}
    for meeting in current:
        by_times.setdefault((meeting.starts_at, meeting.ends_at), []).append(meeting)
    pairs, rest = [], []
    for slot in sorted(slots, key=lambda s: (s.starts_at, s.ends_at)):
        same = by_times.get((slot.starts_at, slot.ends_at))
        if same:
            pairs.append((same.pop(0), slot))
        else:
            rest.append(slot)
    left = sorted(
        (m for kept in by_times.values() for m in kept), key=lambda m: (m.starts_at, m.pk)
    )
    pairs += list(zip(left, rest, strict=False))
    return pairs, left[len(rest) :], rest[len(left) :]


def _meetings_replace(actor: User, session: Session, slots: list[MeetingSlot]) -> None:
    """Edit the meetings in place, so the rooms a meeting holds stay linked to it: a kept
    meeting keeps its room, a moved one takes its room along, a dropped one frees it (first,
    so the others may move into its time), and an added one holds none yet."""
    pairs, dropped, added = _pair_meetings(
        list(session.meetings.order_by("starts_at", "id")), slots
    )
    if dropped:
        meeting_rooms_release(actor=actor, meeting_ids=[m.pk for m in dropped])
        Meeting.objects.filter(pk__in=[m.pk for m in dropped]).delete()
    moved = []
    for meeting, slot in pairs:
        if (meeting.starts_at, meeting.ends_at) != (slot.starts_at, slot.ends_at):
            moved.append(meeting)
        elif meeting.title == slot.title:
            continue
        meeting.starts_at, meeting.ends_at, meeting.title = slot.starts_at, slot.ends_at, slot.title
        meeting.save(update_fields=["starts_at", "ends_at", "title", "updated_at"])
    if moved:
        meeting_rooms_move(actor=actor, meetings=moved)
    Meeting.objects.bulk_create(
        Meeting(session=session, starts_at=s.starts_at, ends_at=s.ends_at, title=s.title)
        for s in added
    )


def session_update(
    *,
    actor: User,
    session: Session,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    enrolment_deadline: dt.datetime,
    location: str = "",
    meetings: Iterable[MeetingSlot] | None = None,
) -> Session:
    """Change a scheduled session. Capacity never drops below the seats already taken;
    raising it promotes from the waiting list at once. Meetings are edited in place and
    the rooms they hold move with them (a room taken at the new time refuses the edit)."""
    require_programme_manager(actor, session.programme)
    slots = None if meetings is None else list(meetings)
    _check_dates(starts_at, ends_at, enrolment_deadline, slots or [])
    with transaction.atomic():
        locked = session_lock(session.pk)
        if locked.status != SessionStatus.SCHEDULED:
            raise Conflict(_("Only a scheduled session can be changed."), code="not_scheduled")
        if capacity < max(locked.confirmed_seats, 1):
            raise Conflict(
                _("Capacity cannot be lower than the %(n)s seats already taken.")
                % {"n": locked.confirmed_seats},
                code="capacity_below_taken",
            )
        locked.starts_at, locked.ends_at = starts_at, ends_at
        locked.capacity, locked.enrolment_deadline = capacity, enrolment_deadline
        locked.location = location
        locked.save(
            update_fields=["starts_at", "ends_at", "capacity", "enrolment_deadline", "location"]
        )
        if slots is not None:
            _meetings_replace(actor, locked, slots or [MeetingSlot(starts_at, ends_at)])
        audit(actor, "session.update", locked, capacity=capacity)
        waitlist_promote(actor=actor, session=locked)
    return locked


def session_cancel(*, actor: User, session: Session, reason: str = "") -> Session:
    """Cancel a session, every active enrolment in it (each learner is told) and the rooms
    its meetings hold."""
    require_programme_manager(actor, session.programme)
    reason = reason.strip()[:500]
    with transaction.atomic():
        locked = session_lock(session.pk)
        if locked.status != SessionStatus.SCHEDULED:
            raise Conflict(_("Only a scheduled session can be cancelled."), code="not_scheduled")
        cancelled = enrolments_cancel_for_session(actor=actor, session=locked, reason=reason)
        locked.status, locked.confirmed_seats = SessionStatus.CANCELLED, 0
        locked.save(update_fields=["status", "confirmed_seats"])
        rooms = meeting_rooms_release(
            actor=actor, meeting_ids=list(locked.meetings.values_list("pk", flat=True))
        )
        audit(actor, "session.cancel", locked, reason=reason, enrolments=cancelled, rooms=rooms)
    return locked


def session_room_hold(*, actor: User, session: Session, resource_id: int) -> BookingResult:
    """Hold a room for every meeting of a scheduled session, through the booking rules,
    all or none. A session without meetings gets one over its whole span, so that
    cancelling the session releases the room."""
    require_programme_manager(actor, session.programme)
    with transaction.atomic():
        locked = session_lock(session.pk)
        if locked.status != SessionStatus.SCHEDULED:
            raise Conflict(_("Only a scheduled session can hold a room."), code="not_scheduled")
        meetings = list(locked.meetings.order_by("starts_at", "id"))
        if not meetings:
            meetings = [
                Meeting.objects.create(
                    session=locked, starts_at=locked.starts_at, ends_at=locked.ends_at
                )
            ]
        return meeting_rooms_book(
            actor=actor,
            meetings=meetings,
            resource_id=resource_id,
            organisation_id=locked.programme.operator_id,
            title=locked.programme.title,
        )
