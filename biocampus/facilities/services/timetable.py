"""The timetabling assistant against the campus: rooms, their hours and bookings become
the solver's input (a proposal is saved); an accepted proposal books its rooms through the
booking rules, all or none."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from biocampus.accounts.models import User
from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, DomainError, Forbidden
from biocampus.facilities.access import member_org_ids
from biocampus.facilities.models import (
    IN_THE_WORKS,
    SPACE_KINDS,
    Booking,
    BookingStatus,
    Feature,
    ProposalStatus,
    Resource,
    TimetableProposal,
)
from biocampus.facilities.services.bookings import bookings_create_many
from biocampus.facilities.timetable_solver import (
    CLASH,
    NO_FREE_ROOM,
    NO_ROOM,
    MeetingIn,
    RoomIn,
    solve,
)

GRID = 30  # minutes between possible starts
REASONS = {
    NO_ROOM: _("No room has the features and seats it needs."),
    NO_FREE_ROOM: _("No suitable room is open and free that long in the window."),
    CLASH: _("Its trainer, its cohort or the rooms are taken whenever it could take place."),
}
DAY_FROM, DAY_TO, LATE_FROM = dt.time(8), dt.time(20), dt.time(16)
MAX_MEETINGS = 400
MAX_DAYS = 31
MAX_UNAVAILABLE = 500
SOLVE_LIMIT_S = 10  # the planner's time for one proposal
STALE_AFTER = dt.timedelta(minutes=15)  # a solve takes seconds; ten at the very most


def _minutes(origin: dt.datetime, moment: dt.datetime) -> int:
    return int((moment - origin).total_seconds() // 60)


def _closed_spans(room: Resource, origin: dt.datetime, days: int) -> list[tuple[int, int]]:
    """Outside opening hours (08:00-20:00 when none are set) and already booked."""
    tz = timezone.get_current_timezone()
    hours = list(room.opening_hours.all())
    spans, cursor = [], 0
    for d in range(days):
        day = (origin + dt.timedelta(days=d)).date()
        if hours:
            today = sorted((h.opens, h.closes) for h in hours if h.weekday == day.weekday())
        else:
            today = [(DAY_FROM, DAY_TO)]
        for opens, closes in today:
            a = _minutes(origin, timezone.make_aware(dt.datetime.combine(day, opens), tz))
            b = _minutes(origin, timezone.make_aware(dt.datetime.combine(day, closes), tz))
            if a > cursor:
                spans.append((cursor, a))
            cursor = max(cursor, b)
    end = days * 24 * 60 + 24 * 60
    if cursor < end:
        spans.append((cursor, end))
    for b in Booking.objects.filter(
        resource=room,
        status=BookingStatus.APPROVED,
        starts_at__lt=origin + dt.timedelta(days=days),
        ends_at__gt=origin,
    ):
        spans.append((max(_minutes(origin, b.starts_at), 0), _minutes(origin, b.ends_at)))
    return spans


class TooLarge(DomainError):
    status = 422
    code = "too_large"


def _wanted(meetings: list[dict]) -> list[MeetingIn]:
    refs = [str(m.get("ref", "")) for m in meetings]
    if len(set(refs)) != len(refs) or "" in refs:
        raise DomainError(_("Each meeting needs its own ref."), code="invalid_meetings")
    wanted = [
        MeetingIn(
            ref=str(m["ref"]),
            duration=int(m["duration_minutes"]),
            features=frozenset(m.get("features", [])),
            capacity=int(m.get("capacity", 0)),
            trainer=str(m.get("trainer", "")),
            cohort=str(m.get("cohort", "")),
        )
        for m in meetings
    ]
    if any(m.duration < GRID or m.duration > 12 * 60 for m in wanted):
        raise DomainError(_("A meeting lasts 30 minutes to 12 hours."), code="invalid_meetings")
    return wanted


def _check_features(meetings: list[dict]) -> None:
    """Refuse features the campus does not know: a misspelt or translated name would
    otherwise match no room and leave the meeting unplaced for a wrong reason."""
    asked = {str(f) for m in meetings for f in m.get("features", [])}
    unknown = asked - set(Feature.objects.filter(code__in=asked).values_list("code", flat=True))
    if unknown:
        known = ", ".join(Feature.objects.order_by("code").values_list("code", flat=True))
        raise DomainError(
            _("Unknown feature(s): %(unknown)s. The campus's features are: %(known)s.")
            % {"unknown": ", ".join(sorted(unknown)), "known": known},
            code="unknown_feature",
        )


def timetable_propose(
    *,
    actor: User,
    organisation_id: int,
    window_start: dt.date,
    window_end: dt.date,
    meetings: list[dict],
    unavailable: dict | None = None,
) -> TimetableProposal:
    """Queue a timetable for the task worker. `meetings`: [{ref, duration_minutes,
    features, capacity, trainer, cohort}]; `unavailable`: {trainer: [[from, to], ...]} as
    ISO datetimes. An instance over the limits is refused at once (422); an organisation
    has one proposal in the works at a time (409)."""
    if organisation_id not in member_org_ids(actor):
        raise Forbidden(_("You can only plan for an organisation you belong to."))
    days = (window_end - window_start).days + 1
    if days < 1 or days > MAX_DAYS:
        raise TooLarge(_("Plan over 1 to 31 days."))
    if not meetings or len(meetings) > MAX_MEETINGS:
        raise TooLarge(_("Give between 1 and 400 meetings."))
    if sum(len(spans) for spans in (unavailable or {}).values()) > MAX_UNAVAILABLE:
        raise TooLarge(_("Give at most 500 periods when trainers are away."))
    _wanted(meetings)
    _check_features(meetings)
    # A proposal whose worker died long ago no longer blocks the organisation.
    TimetableProposal.objects.filter(
        status__in=IN_THE_WORKS, created_at__lt=timezone.now() - STALE_AFTER
    ).update(status=ProposalStatus.FAILED)
    tz = timezone.get_current_timezone()
    origin = timezone.make_aware(dt.datetime.combine(window_start, dt.time()), tz)
    try:
        with transaction.atomic():
            proposal = TimetableProposal.objects.create(
                organisation_id=organisation_id,
                created_by=actor,
                window_start=origin,
                window_end=origin + dt.timedelta(days=days),
                meetings=meetings,
                unavailable=unavailable or {},
                status=ProposalStatus.QUEUED,
            )
            audit(actor, "timetable.propose", proposal, meetings=len(meetings))
    except IntegrityError as exc:
        raise Conflict(
            _("A timetable for you or this organisation is already being worked out; wait for it."),
            code="proposal_running",
        ) from exc
    # The worker picks the task up once this transaction commits (tests run it at once).
    timetable_solve.enqueue(proposal_id=proposal.pk)
    proposal.refresh_from_db()
    return proposal


def proposal_solve(*, proposal_id: int, time_limit_s: float = SOLVE_LIMIT_S) -> TimetableProposal:
    """The task worker's part: solve a queued proposal against the rooms, their hours and
    bookings as they are now, and store the result (or that it failed)."""
    with transaction.atomic():
        proposal = TimetableProposal.objects.select_for_update().get(pk=proposal_id)
        if proposal.status != ProposalStatus.QUEUED:
            return proposal  # already taken by another worker
        proposal.status = ProposalStatus.RUNNING
        proposal.save(update_fields=["status"])
    try:
        result = _solve(proposal, time_limit_s)
    except Exception:
        TimetableProposal.objects.filter(pk=proposal_id).update(status=ProposalStatus.FAILED)
        raise
    TimetableProposal.objects.filter(pk=proposal_id).update(**result)
    proposal.refresh_from_db()
    return proposal


@task(queue_name="timetable")
def timetable_solve(proposal_id: int) -> str:
    """The task the worker runs for a queued proposal."""
    return proposal_solve(proposal_id=proposal_id).status


def _solve(proposal: TimetableProposal, time_limit_s: float) -> dict:
    tz = timezone.get_current_timezone()
    # Local time: the database gives UTC, whose date at midnight is the day before.
    origin = timezone.localtime(proposal.window_start, tz)
    window_start = origin.date()
    # Counted in local dates: a window across a daylight-saving change is not a day short.
    days = (timezone.localtime(proposal.window_end, tz).date() - window_start).days
    wanted = _wanted(proposal.meetings)
    unavailable = proposal.unavailable
    spaces = list(
        Resource.objects.filter(active=True, kind__in=SPACE_KINDS).prefetch_related(
            "features", "opening_hours"
        )
    )
    rooms = [
        RoomIn(
            r.pk,
            frozenset(f.code for f in r.features.all()),
            r.capacity,
            tuple(_closed_spans(r, origin, days)),
        )
        for r in spaces
    ]
    starts, late = [], set()
    for d in range(days):
        day = window_start + dt.timedelta(days=d)
        moment = timezone.make_aware(dt.datetime.combine(day, DAY_FROM), tz)
        last = timezone.make_aware(dt.datetime.combine(day, DAY_TO), tz)
        while moment < last:
            minute = _minutes(origin, moment)
            starts.append(minute)
            if timezone.localtime(moment).time() >= LATE_FROM:
                late.add(minute)
            moment += dt.timedelta(minutes=GRID)
    away = {
        trainer: [
            (
                _minutes(origin, dt.datetime.fromisoformat(a)),
                _minutes(origin, dt.datetime.fromisoformat(b)),
            )
            for a, b in spans
        ]
        for trainer, spans in (unavailable or {}).items()
    }
    result = solve(wanted, rooms, starts, away, late, time_limit_s=time_limit_s)
    return {
        "placements": [
            {
                "ref": p.ref,
                "resource": p.room,
                "starts_at": (origin + dt.timedelta(minutes=p.start)).isoformat(),
                "ends_at": (
                    origin
                    + dt.timedelta(
                        minutes=p.start + next(m.duration for m in wanted if m.ref == p.ref)
                    )
                ).isoformat(),
            }
            for p in result.placements
        ],
        "unplaced": {ref: str(REASONS[code]) for ref, code in result.unplaced.items()},
        "cost": result.cost,
        "status": result.status,
    }


def proposal_accept(*, actor: User, proposal: TimetableProposal) -> list[Booking]:
    """Book every placement, all or none (a clash since the proposal is a 409)."""
    if proposal.created_by_id != actor.pk and proposal.organisation_id not in member_org_ids(actor):
        raise Forbidden(_("This proposal is not yours."))
    with transaction.atomic():
        proposal = TimetableProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.accepted_at:
            raise Conflict(_("This proposal was already accepted."), code="already_accepted")
        bookings = bookings_create_many(
            actor=actor,
            organisation_id=proposal.organisation_id,
            placements=[
                (
                    p["resource"],
                    (
                        dt.datetime.fromisoformat(p["starts_at"]),
                        dt.datetime.fromisoformat(p["ends_at"]),
                    ),
                    p["ref"],
                )
                for p in proposal.placements
            ],
        )
        proposal.accepted_at = timezone.now()
        proposal.save(update_fields=["accepted_at"])
        audit(actor, "timetable.accept", proposal, bookings=len(bookings))
    return bookings
