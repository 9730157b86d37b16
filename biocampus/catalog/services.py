"""Every write to programmes, sessions and meetings."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import PROVIDER_KINDS, Organisation
from biocampus.catalog.access import can_manage_programme
from biocampus.catalog.models import (
    AudienceTag,
    Language,
    Meeting,
    Programme,
    ProgrammeStatus,
    Session,
    SessionStatus,
)
from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, DomainError, Forbidden

PROGRAMME_FIELDS = (
    "title",
    "summary",
    "description",
    "pillar",
    "format",
    "eqf_level",
    "duration_hours",
    "price",
    "funding_note",
    "learning_outcomes",
)


def _require_manager(actor, programme: Programme) -> None:
    if not can_manage_programme(actor, programme):
        raise Forbidden(_("Only the operator's staff may change this programme."))


def _set_tags(programme: Programme, audiences: Iterable[str] | None, languages: Iterable[str]):
    if audiences is not None:
        programme.audiences.set(AudienceTag.objects.filter(code__in=list(audiences)))
    if languages is not None:
        found = list(Language.objects.filter(code__in=list(languages)))
        if not found:
            raise DomainError(_("Choose at least one language of instruction."), code="languages")
        programme.languages.set(found)


def programme_create(
    *,
    actor,
    operator: Organisation,
    audiences: Iterable[str] = (),
    languages: Iterable[str] = ("en",),
    status: str = ProgrammeStatus.DRAFT,
    **fields,
) -> Programme:
    """Create a programme owned by `operator`; only its staff (or the campus) may."""
    if operator.kind not in PROVIDER_KINDS:
        raise DomainError(_("Only training operators and accelerators publish programmes."))
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise DomainError(_("Unknown programme fields: %s") % ", ".join(sorted(unknown)))
    programme = Programme(operator=operator, status=status, **fields)
    _require_manager(actor, programme)
    programme.full_clean(exclude=["search_document"])
    programme.refresh_search_document()
    with transaction.atomic():
        programme.save()
        _set_tags(programme, audiences, languages)
        audit(actor, "programme.create", programme)
    return programme


def programme_update(
    *,
    actor,
    programme: Programme,
    audiences: Iterable[str] | None = None,
    languages: Iterable[str] | None = None,
    **fields,
) -> Programme:
    _require_manager(actor, programme)
    for name, value in fields.items():
        if name not in PROGRAMME_FIELDS:
            raise DomainError(_("Unknown programme fields: %s") % name)
        setattr(programme, name, value)
    programme.full_clean(exclude=["search_document"])
    programme.refresh_search_document()
    with transaction.atomic():
        programme.save()
        _set_tags(programme, audiences, languages)
        audit(actor, "programme.update", programme, fields=sorted(fields))
    return programme


def programme_set_status(*, actor, programme: Programme, status: str) -> Programme:
    _require_manager(actor, programme)
    if status not in ProgrammeStatus.values:
        raise DomainError(_("Unknown status."), code="invalid_status")
    with transaction.atomic():
        programme.status = status
        programme.save(update_fields=["status", "updated_at"])
        audit(actor, "programme.status", programme, status=status)
    return programme


@dataclass(frozen=True)
class MeetingSlot:
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str = ""


def _check_dates(
    starts_at: dt.datetime, ends_at: dt.datetime, deadline: dt.datetime, meetings
) -> None:
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
    actor,
    programme: Programme,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    enrolment_deadline: dt.datetime | None = None,
    location: str = "",
    meetings: Iterable[MeetingSlot] = (),
) -> Session:
    """Schedule a run of `programme`. Without explicit meetings, one meeting spans it."""
    _require_manager(actor, programme)
    if programme.status == ProgrammeStatus.ARCHIVED:
        raise Conflict(_("An archived programme cannot get new sessions."), code="archived")
    if capacity is None or capacity < 1:
        raise DomainError(_("Capacity must be at least one seat."), code="invalid_capacity")
    deadline = enrolment_deadline or starts_at
    meetings = list(meetings) or [MeetingSlot(starts_at, ends_at)]
    _check_dates(starts_at, ends_at, deadline, meetings)
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
            for m in meetings
        )
        audit(actor, "session.create", session, capacity=capacity)
    return session


def session_update(
    *,
    actor,
    session: Session,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    capacity: int,
    enrolment_deadline: dt.datetime,
    location: str = "",
    meetings: Iterable[MeetingSlot] | None = None,
) -> Session:
    """Change a scheduled session. Capacity never drops below the seats already taken;
    raising it promotes from the waiting list at once."""
    from biocampus.enrolment.services import waitlist_promote  # enrolment depends on catalog

    _require_manager(actor, session.programme)
    meetings = None if meetings is None else list(meetings)
    _check_dates(starts_at, ends_at, enrolment_deadline, meetings or [])
    with transaction.atomic():
        # Lock the seat ledger: an enrolment must not slip in between the check and the save.
        locked = Session.objects.select_for_update().get(pk=session.pk)
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
        locked.save()
        if meetings is not None:
            locked.meetings.all().delete()
            Meeting.objects.bulk_create(
                Meeting(session=locked, starts_at=m.starts_at, ends_at=m.ends_at, title=m.title)
                for m in (meetings or [MeetingSlot(starts_at, ends_at)])
            )
        audit(actor, "session.update", locked, capacity=capacity)
        waitlist_promote(actor=actor, session=locked)
    return locked
