"""Capacity advice against the campus: the gaps, the programmes that prepare for them,
their placement rates, and the rooms and trainers free in a quarter become the
solver's plain data (capacity_solver.py); its plan comes back with the objects a page
or the API shows.

What each input is:

- gap: the jobs-gap view's gap (demand minus people ready or in training), per
  occupation with a gap, as the public view knows it: where that view withholds it
  (1-4 people ready or in training), demand minus the counts it shows, at most 8 jobs
  above the true gap. The plan credits placements up to the gap, so a plan that used
  the true gap would tell the withheld counts to anyone reading it;
- rate: the Wilson 95 % lower bound of the programme's placement rate at 12 months.
  Six completers of whom five found a job (raw 83 %) bound at 44 %; two hundred with
  a raw 70 % bound at 63 %: a small programme is not preferred on luck. Programmes
  whose placed or known count is 1-4 (a count the public tables withhold, and which
  the bound and the expected jobs would give away) or without a known outcome get no
  seats;
- seat cost: the programme's `seat_cost`, else its hours times
  CAPACITY_SEAT_COST_PER_HOUR (`price` is what the learner pays, often nothing);
- seats per session: the largest session the programme ran, else
  CAPACITY_DEFAULT_SESSION_SEATS, and never more than the room seats;
- room hours: each active room's opening hours in the quarter (Monday to Friday
  08:00-20:00 when it has none), from tomorrow if the quarter has begun, minus its
  active bookings, times CAPACITY_ROOM_USABLE_SHARE (no timetable fills every gap);
- trainer hours: per operator, its members who teach (TEACHING_ROLES) times
  CAPACITY_TRAINER_WEEKLY_HOURS a week, minus the meetings of its scheduled sessions
  in the quarter. Online programmes take trainers' hours but no room.
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import (
    PROVIDER_KINDS,
    TEACHING_ROLES,
    Membership,
    Organisation,
    User,
)
from biocampus.accounts.roles import managed_org_ids
from biocampus.catalog.models import Format, Meeting, Programme, ProgrammeStatus, SessionStatus
from biocampus.common.disclosure import cell
from biocampus.common.errors import DomainError, TooMany
from biocampus.common.quarters import Quarter, quarter_of
from biocampus.common.quotas import over_quota
from biocampus.facilities.models import SPACE_KINDS, Booking, BookingStatus, Resource
from biocampus.outcomes.capacity_solver import (
    FEASIBLE,
    INFEASIBLE,
    OPTIMAL,
    Advice,
    Problem,
    ProgrammeIn,
    Proposal,
    solve,
)
from biocampus.outcomes.insights import cached_tallies, programme_figures
from biocampus.outcomes.placement import Rate
from biocampus.skills.models import Occupation, ProgrammeOccupation
from biocampus.skills.queries.jobs_gap import PublicRow, cached_jobs_gap, public_rows

PLACEMENT_MONTHS = 12
QUARTERS_AHEAD = 8  # two years: bookings cannot be made further ahead
SOLVE_LIMIT_S = 5.0
DEFAULT_HOURS = ((dt.time(8), dt.time(20)),)  # a room without opening hours, weekdays
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


class RateLike(Protocol):
    placed: int
    known: int
    low: float
    high: float

    @property
    def rate(self) -> float | None: ...


class AdviceStatus(TextChoices):
    OPTIMAL = OPTIMAL, _("Best possible plan (proven)")
    FEASIBLE = FEASIBLE, _("Good plan, not proven best in the time allowed")
    INFEASIBLE = INFEASIBLE, _("No plan found")


class InvalidQuarter(DomainError):
    status = 422
    code = "invalid_quarter"


def quarter_parse(text: str | None, today: dt.date | None = None) -> Quarter:
    """ "2027-Q1"; empty means the next calendar quarter. The current quarter (what is
    left of it) and the next eight are accepted."""
    today = today or timezone.localdate()
    if not text:
        return quarter_of(today).next()
    match = _QUARTER.match(text.strip().upper())
    if not match:
        raise InvalidQuarter(_("Write the quarter as YYYY-Qn, for example 2027-Q1."))
    quarter = Quarter(int(match[1]), int(match[2]))
    first = quarter_of(today)
    last = first
    for _step in range(QUARTERS_AHEAD):
        last = last.next()
    if (quarter.year, quarter.number) < (first.year, first.number):
        raise InvalidQuarter(_("This quarter is over: plan for this one or a later one."))
    if (quarter.year, quarter.number) > (last.year, last.number):
        raise InvalidQuarter(
            _("Plan at most two years ahead (until %(last)s).") % {"last": last.label}
        )
    return quarter


def _window(quarter: Quarter, today: dt.date) -> tuple[dt.date, dt.date]:
    """The days still to plan: from tomorrow when the quarter has begun."""
    return max(quarter.start, today + dt.timedelta(days=1)), quarter.end


def _moment(day: dt.date, time: dt.time = dt.time()) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _hours(a: dt.datetime, b: dt.datetime) -> float:
    return max((b - a).total_seconds() / 3600, 0.0)


@dataclass
class Room:
    resource: Resource
    open_hours: float
    booked_hours: float

    @property
    def free_hours(self) -> float:
        return max(self.open_hours - self.booked_hours, 0.0) * settings.CAPACITY_ROOM_USABLE_SHARE


def rooms_free(quarter: Quarter, today: dt.date | None = None) -> list[Room]:
    """Every active room with its open and booked hours in what is left of the quarter."""
    first, end = _window(quarter, today or timezone.localdate())
    start_at, end_at = _moment(first), _moment(end)
    rooms = list(
        Resource.objects.filter(active=True, kind__in=SPACE_KINDS, capacity__gt=0)
        .prefetch_related("opening_hours")
        .order_by("capacity", "pk")
    )
    booked: dict[int, float] = defaultdict(float)
    for resource_id, starts_at, ends_at in Booking.objects.filter(
        resource__in=rooms,
        status__in=(BookingStatus.APPROVED, BookingStatus.REQUESTED),
        starts_at__lt=end_at,
        ends_at__gt=start_at,
    ).values_list("resource_id", "starts_at", "ends_at"):
        booked[resource_id] += _hours(max(starts_at, start_at), min(ends_at, end_at))
    out = []
    for room in rooms:
        weekly = defaultdict(list)
        for h in room.opening_hours.all():
            weekly[h.weekday].append((h.opens, h.closes))
        if not weekly:
            weekly = {d: list(DEFAULT_HOURS) for d in range(5)}
        open_hours = 0.0
        day = first
        while day < end:
            for opens, closes in weekly.get(day.weekday(), ()):
                open_hours += _hours(_moment(day, opens), _moment(day, closes))
            day += dt.timedelta(days=1)
        out.append(Room(room, open_hours, min(booked[room.pk], open_hours)))
    return out


@dataclass
class Trainers:
    operator: Organisation
    people: int
    allowance: float  # hours
    planned: float  # hours of meetings already scheduled

    @property
    def free_hours(self) -> float:
        return max(self.allowance - self.planned, 0.0)


def trainers_free(quarter: Quarter, today: dt.date | None = None) -> dict[int, Trainers]:
    """Operator id -> its teaching hours in what is left of the quarter."""
    first, end = _window(quarter, today or timezone.localdate())
    weeks = (end - first).days / 7
    operators = Organisation.objects.filter(kind__in=PROVIDER_KINDS).in_bulk()
    people: dict[int, set[int]] = defaultdict(set)
    for organisation_id, user_id in Membership.objects.filter(
        organisation_id__in=operators, role__in=TEACHING_ROLES, user__is_active=True
    ).values_list("organisation_id", "user_id"):
        people[organisation_id].add(user_id)
    planned: dict[int, float] = defaultdict(float)
    start_at, end_at = _moment(first), _moment(end)
    for operator_id, starts_at, ends_at in Meeting.objects.filter(
        session__programme__operator_id__in=people,
        session__status=SessionStatus.SCHEDULED,
        starts_at__lt=end_at,
        ends_at__gt=start_at,
    ).values_list("session__programme__operator_id", "starts_at", "ends_at"):
        planned[operator_id] += _hours(max(starts_at, start_at), min(ends_at, end_at))
    weekly = settings.CAPACITY_TRAINER_WEEKLY_HOURS
    return {
        pk: Trainers(operators[pk], len(members), len(members) * weekly * weeks, planned[pk])
        for pk, members in people.items()
    }


def seat_cost(programme: Programme) -> tuple[Decimal, bool]:
    """(cost of one more seat in euros, whether it is the estimate from the hours)."""
    if programme.seat_cost:
        return programme.seat_cost, False
    estimate = programme.duration_hours * Decimal(str(settings.CAPACITY_SEAT_COST_PER_HOUR))
    return estimate.quantize(Decimal("0.01")), True


@dataclass
class Candidate:
    """A programme the advice may give seats to, as the page describes it."""

    programme: Programme
    rate: RateLike
    seat_cost: Decimal
    cost_estimated: bool
    max_seats: int
    occupations: list[int]


@dataclass
class Report:
    quarter: Quarter
    budget: int
    advice: Advice
    candidates: dict[int, Candidate]
    occupations: dict[int, Occupation]
    gaps: dict[int, int]
    shown_gaps: dict[int, int | None]  # as the public jobs gap shows them (None: withheld)
    rooms: list[Room]
    trainers: dict[int, Trainers]
    unrated: int  # programmes preparing for a gap without any placement record
    generated_at: dt.datetime = field(default_factory=timezone.now)

    @property
    def room_hours(self) -> float:
        return sum(r.free_hours for r in self.rooms)

    @property
    def trainer_hours(self) -> float:
        return sum(t.free_hours for t in self.trainers.values())


def _known_gap(row: PublicRow) -> int:
    """The gap as the public view gives it, or what its shown counts bound it by."""
    if row.gap is not None:
        return row.gap
    return max(row.demand - (row.ready or 0) - (row.in_training or 0), 0)


def _candidates(gaps: Mapping[int, int], rates: Mapping[int, RateLike]):
    links: dict[int, list[int]] = defaultdict(list)
    for programme_id, occupation_id in ProgrammeOccupation.objects.filter(
        programme__status=ProgrammeStatus.PUBLISHED
    ).values_list("programme_id", "occupation_id"):
        links[programme_id].append(occupation_id)
    wanted = [pk for pk, occupations in links.items() if any(o in gaps for o in occupations)]
    programmes = (
        Programme.objects.filter(pk__in=wanted)
        .select_related("operator")
        .annotate(largest=Max("sessions__capacity"))
    )
    candidates, unrated = {}, 0
    for p in programmes:
        rate = rates.get(p.pk)
        if rate is None or not rate.known or cell(rate.known) is None or cell(rate.placed) is None:
            unrated += 1
            continue
        cost, estimated = seat_cost(p)
        candidates[p.pk] = Candidate(
            programme=p,
            rate=rates[p.pk],
            seat_cost=cost,
            cost_estimated=estimated,
            max_seats=p.largest or settings.CAPACITY_DEFAULT_SESSION_SEATS,
            occupations=sorted(links[p.pk]),
        )
    return candidates, unrated


def capacity_advice(
    *,
    budget: int,
    quarter: Quarter,
    rates: Mapping[int, RateLike],
    today: dt.date | None = None,
) -> Report:
    """The plan for `budget` euros of extra seats in `quarter`, from the rates given."""
    report = cached_jobs_gap()
    public = public_rows(report)
    gaps = {r.occupation.pk: g for r in public if (g := _known_gap(r)) > 0}
    occupations = {r.occupation.pk: r.occupation for r in public if r.occupation.pk in gaps}
    candidates, unrated = _candidates(gaps, rates)
    rooms = rooms_free(quarter, today)
    trainers = trainers_free(quarter, today)
    room_hours: dict[int, float] = defaultdict(float)
    for room in rooms:
        room_hours[room.resource.capacity] += room.free_hours
    problem = Problem(
        programmes=[
            ProgrammeIn(
                id=pk,
                operator=c.programme.operator_id,
                rate=c.rate.low,
                seat_cost=float(c.seat_cost),
                hours=float(c.programme.duration_hours),
                max_seats=c.max_seats,
                occupations=tuple(c.occupations),
                needs_room=c.programme.format != Format.ONLINE,
            )
            for pk, c in candidates.items()
        ],
        gaps=gaps,
        room_hours=dict(room_hours),
        trainer_hours={pk: t.free_hours for pk, t in trainers.items()},
        budget=float(budget),
    )
    return Report(
        quarter=quarter,
        budget=budget,
        advice=solve(problem, time_limit_s=SOLVE_LIMIT_S),
        candidates=candidates,
        occupations=occupations,
        gaps=gaps,
        # The plan uses the true gaps; pages show them as the public view does, since
        # demand minus a gap would give a withheld count of people away.
        shown_gaps={r.occupation.pk: r.gap for r in public if r.occupation.pk in gaps},
        rooms=rooms,
        trainers=trainers,
        unrated=unrated,
    )


def cache_key(quarter: Quarter, budget: int) -> str:
    return f"capacity-advice:{quarter.label}:{budget}"


def programme_rates(months: int) -> dict[int, Rate]:
    """The placement rates the public outcomes table publishes, from the tallies it
    caches (counting them afresh takes seconds on a large campus): a rate it withholds
    would show through the plan's lower bound and expected jobs."""
    rates = {}
    for pk, tally in cached_tallies().items():
        milestone = programme_figures(tally)[1][months]
        if milestone.known is not None:
            rates[pk] = Rate(milestone.placed, milestone.known)
    return rates


# A question not asked before costs a solve of up to a few seconds: each person asks a
# few dozen an hour at most, however many budgets they try.
SOLVES_PER_HOUR = 30


def _count_solve(user: User) -> None:
    key = f"capacity-solves:{user.pk}:{timezone.now():%Y%m%d%H}"
    if over_quota(key, limit=SOLVES_PER_HOUR, seconds=3600):
        raise TooMany(
            _("You asked %(n)s new questions this hour: try one of them again, or wait.")
            % {"n": SOLVES_PER_HOUR},
            code="too_many_questions",
        )


def cached_capacity_advice(*, budget: int, quarter: Quarter, user: User | None = None) -> Report:
    """The advice pages and the API show: one solve serves everyone asking the same
    question for a couple of minutes. `user`, when given, is counted against
    SOLVES_PER_HOUR for a question not in the cache."""
    key = cache_key(quarter, budget)
    report = cache.get(key)
    if report is None:
        if user is not None:
            _count_solve(user)
        report = capacity_advice(
            budget=budget, quarter=quarter, rates=programme_rates(PLACEMENT_MONTHS)
        )
        cache.set(key, report, settings.CAPACITY_ADVICE_CACHE_SECONDS)
    return report


@dataclass
class ProposalRow:
    """One proposal as people read it."""

    programme: Programme
    proposal: Proposal
    candidate: Candidate
    yours: bool  # the user runs this programme's operator and may create the sessions
    occupations: list[Occupation]


def proposal_rows(report: Report, user) -> list[ProposalRow]:
    mine = managed_org_ids(user)
    return [
        ProposalRow(
            programme=report.candidates[p.programme].programme,
            proposal=p,
            candidate=report.candidates[p.programme],
            yours=p.operator in mine,
            occupations=[
                report.occupations[o]
                for o in report.candidates[p.programme].occupations
                if o in report.occupations
            ],
        )
        for p in report.advice.proposals
    ]


@dataclass
class OccupationRow:
    occupation: Occupation
    gap: int | None  # None: withheld (see Report.shown_gaps)
    placements: float


def occupation_rows(report: Report) -> list[OccupationRow]:
    """The gap occupations the plan reaches, most placements first."""
    rows = [
        OccupationRow(report.occupations[o], report.shown_gaps.get(o), v)
        for o, v in report.advice.placements.items()
        if v > 0
    ]
    return sorted(rows, key=lambda r: (-r.placements, r.occupation.pk))
