"""Turning capacity advice into sessions: an operator schedules what the plan proposes
for one of its programmes, through the catalogue's session service and, when a room is
chosen, the facilities' booking rules — all sessions or none."""

import datetime as dt
import math

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.accounts.roles import managed_org_ids
from biocampus.catalog.models import Programme, Session
from biocampus.catalog.services import MeetingSlot, session_create, session_room_hold
from biocampus.common.audit import audit
from biocampus.common.errors import DomainError, Forbidden, NotFound
from biocampus.outcomes.capacity import Report, cache_key

DAY_STARTS, HOURS_A_DAY = dt.time(9), 7  # a training day: 09:00, seven contact hours


def _days(first: dt.date, count: int) -> list[dt.date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def session_slots(first_day: dt.date, hours: float, sessions: int) -> list[list[MeetingSlot]]:
    """Each session's meetings: consecutive weekdays of up to seven hours from 09:00;
    the sessions a week apart (or more, for a session longer than a week)."""
    per_session = math.ceil(hours / HOURS_A_DAY)
    spacing = 7 * math.ceil(per_session / 5)
    out = []
    for i in range(sessions):
        left, meetings = hours, []
        for day in _days(first_day + dt.timedelta(days=spacing * i), per_session):
            starts = timezone.make_aware(dt.datetime.combine(day, DAY_STARTS))
            length = dt.timedelta(hours=min(left, HOURS_A_DAY))
            meetings.append(MeetingSlot(starts, starts + length))
            left -= HOURS_A_DAY
        out.append(meetings)
    return out


def advice_sessions_create(
    *,
    actor: User,
    report: Report,
    programme_id: int,
    first_day: dt.date,
    room_id: int | None = None,
) -> list[Session]:
    """Schedule the sessions the advice proposes for `programme_id`, with the seats it
    proposes, from `first_day`, all inside the quarter; hold `room_id` for every meeting
    if given. Only the operator's own staff may: the trainers are theirs. All or none."""
    proposal = next((p for p in report.advice.proposals if p.programme == programme_id), None)
    if proposal is None:
        raise NotFound(_("The advice proposes no sessions for this programme."))
    if proposal.operator not in managed_org_ids(actor):
        raise Forbidden(_("Only the operator's staff may schedule its sessions."))
    programme = Programme.objects.select_related("operator").get(pk=programme_id)
    quarter = report.quarter
    if not (quarter.start <= first_day < quarter.end) or first_day <= timezone.localdate():
        raise DomainError(
            _("Choose a first day after today within %(quarter)s.") % {"quarter": quarter.label},
            code="invalid_first_day",
        )
    slots = session_slots(first_day, float(programme.duration_hours), proposal.sessions)
    if slots[-1][-1].ends_at.date() >= quarter.end:
        raise DomainError(
            _("From that day the %(n)s sessions do not fit in %(quarter)s: start earlier.")
            % {"n": proposal.sessions, "quarter": quarter.label},
            code="does_not_fit",
        )
    created = []
    with transaction.atomic():
        for seats, meetings in zip(proposal.session_seats, slots, strict=True):
            session = session_create(
                actor=actor,
                programme=programme,
                starts_at=meetings[0].starts_at,
                ends_at=meetings[-1].ends_at,
                capacity=seats,
                meetings=meetings,
            )
            if room_id:
                session_room_hold(actor=actor, session=session, resource_id=room_id)
            created.append(session)
        audit(
            actor,
            "capacity_advice.sessions_create",
            programme,
            quarter=quarter.label,
            sessions=len(created),
            seats=proposal.seats,
            room=room_id,
        )
    # The next question is answered anew: these sessions now take trainers and rooms.
    transaction.on_commit(lambda: cache.delete(cache_key(quarter, report.budget)))
    return created
