"""Pathway planner: the upcoming sessions that close a learner's gap for a target job.

Gathers the candidates from the catalogue (published programmes that teach a missing
essential skill, or a prerequisite of one, with a session the learner can still join and
attend), hands them to the CP-SAT model in `pathway_solver`, and turns the answer back
into sessions. Skills no candidate teaches are reported as uncovered: they are the unmet
training demand operators see.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.catalog.models import Meeting, ProgrammeStatus, Session, SessionStatus
from biocampus.common.errors import DomainError
from biocampus.enrolment.models import ACTIVE_STATUSES, Enrolment, EnrolmentStatus
from biocampus.skills.models import Occupation, ProgrammeSkill, SkillRole
from biocampus.skills.pathway_solver import COST, INFEASIBLE, TIME, Candidate, solve
from biocampus.skills.queries.gap import Gap, equivalents, gap_for, held_skills

PREREQUISITE_DEPTH = 3  # how far back prerequisites of prerequisites are followed
MAX_CANDIDATES = 400
_UNUSED_PROGRAMME_FIELDS = [
    f"programme__{f}"
    for f in (
        "summary",
        "description",
        "learning_outcomes",
        "funding_note",
        "search_document",
        "search_vector",
    )
]  # the soonest sessions first; a campus rarely has more per gap


@dataclass
class PathwayRequest:
    occupation: Occupation
    objective: str = TIME
    language: str | None = None
    max_budget_eur: Decimal | None = None
    start_after: dt.datetime | None = None
    finish_before: dt.datetime | None = None

    def __post_init__(self):
        if self.objective not in (TIME, COST):
            raise DomainError(_("The objective is 'time' or 'cost'."), code="invalid_objective")
        if self.max_budget_eur is not None and self.max_budget_eur < 0:
            raise DomainError(_("The budget cannot be negative."), code="invalid_budget")
        if self.start_after and self.finish_before and self.finish_before <= self.start_after:
            raise DomainError(
                _("The latest finish must come after the earliest start."), code="invalid_window"
            )


@dataclass
class Pathway:
    request: PathwayRequest
    gap: Gap
    sessions: list[Session] = field(default_factory=list)
    covers: dict[int, int] = field(default_factory=dict)  # needed skill -> session
    uncovered: list[int] = field(default_factory=list)  # needed skills no session teaches
    in_training: list[int] = field(default_factory=list)  # covered by confirmed enrolments
    waitlisted: set[int] = field(default_factory=set)  # chosen sessions with no seat left
    # When the best pathway needs a full session: the best one using sessions with seats
    # only (it may leave some skills to later: its `uncovered`).
    with_seats: "Pathway | None" = None
    status: str = INFEASIBLE
    solve_ms: float = 0.0

    @property
    def total_hours(self) -> Decimal:
        return sum((s.programme.duration_hours for s in self.sessions), Decimal(0))

    @property
    def total_cost_eur(self) -> Decimal:
        return sum((s.programme.price for s in self.sessions), Decimal(0))


def _minutes(moment: dt.datetime) -> int:
    return int(moment.timestamp() // 60)


def _slots(session: Session) -> tuple[tuple[int, int], ...]:
    meetings = list(session.meetings.all())
    spans = [(m.starts_at, m.ends_at) for m in meetings] or [(session.starts_at, session.ends_at)]
    return tuple(sorted((_minutes(a), _minutes(b)) for a, b in spans))


def _current_enrolments(learner) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(
            learner=learner, status__in=ACTIVE_STATUSES, session__ends_at__gt=timezone.now()
        ).select_related("session")
    )


def _teaching(skill_ids: set[int]) -> dict[int, set[int]]:
    """programme id -> which of `skill_ids` it teaches, equivalents included."""
    eq = equivalents(skill_ids)
    alias = defaultdict(set)  # a taught skill -> the wanted skills it stands for
    for skill in skill_ids:
        alias[skill].add(skill)
        for other in eq.get(skill, ()):
            alias[other].add(skill)
    result = defaultdict(set)
    rows = ProgrammeSkill.objects.filter(
        role=SkillRole.TEACHES,
        skill_id__in=alias.keys(),
        programme__status=ProgrammeStatus.PUBLISHED,
    ).values_list("programme_id", "skill_id")
    for programme_id, skill_id in rows:
        result[programme_id] |= alias[skill_id]
    return result


def _holds(held: dict[int, str], skill_ids: set[int]) -> set[int]:
    """Which of `skill_ids` the learner holds, themselves or through an equivalent."""
    eq = equivalents(skill_ids)
    return {s for s in skill_ids if s in held or eq.get(s, set()) & held.keys()}


def _sessions(request: PathwayRequest, programme_ids, busy, booked) -> list[Session]:
    now = timezone.now()
    qs = Session.objects.filter(
        programme_id__in=programme_ids,
        status=SessionStatus.SCHEDULED,
        starts_at__gte=max(now, request.start_after or now),
        enrolment_deadline__gte=now,
    ).exclude(pk__in=booked)
    if request.finish_before:
        qs = qs.filter(ends_at__lte=request.finish_before)
    if request.language:
        qs = qs.filter(programme__languages__code=request.language)
    # Only what planning and the answer show: the big text columns stay in the database.
    qs = (
        qs.select_related("programme")
        .defer(*_UNUSED_PROGRAMME_FIELDS)
        .prefetch_related(Prefetch("meetings", queryset=Meeting.objects.order_by("starts_at")))
    )
    sessions = list(qs.order_by("starts_at", "id")[:MAX_CANDIDATES])
    # A session that clashes with training already booked cannot be attended.
    return [
        s for s in sessions if not any(a < b2 and a2 < b for a, b in _slots(s) for a2, b2 in busy)
    ]


@dataclass
class Problem:
    """What the solver is given for one learner and request, and what it cannot help with."""

    pathway: Pathway
    candidates: list[Candidate]
    needed: set[int]  # missing essential skills some candidate teaches
    sessions: dict[int, Session]
    teaches: dict[int, set[int]]  # programme id -> needed or prerequisite skills it teaches


def pathway_problem(learner, request: PathwayRequest) -> Problem:
    gap = gap_for(learner, request.occupation)
    pathway = Pathway(request=request, gap=gap)
    held = held_skills(learner)
    missing = set(gap.assessment.missing_essential)

    current = _current_enrolments(learner)
    booked = {e.session_id for e in current}
    busy = [slot for e in current for slot in _slots(e.session)]
    # Only a seat counts as training booked: a waiting-list place may never turn into one,
    # so its skills stay needed (and other sessions teaching them are proposed).
    in_training = set()
    for programme_id, skills in _teaching(missing).items():
        if any(
            e.session.programme_id == programme_id and e.status == EnrolmentStatus.CONFIRMED
            for e in current
        ):
            in_training |= skills
    pathway.in_training = sorted(in_training)
    needed = missing - in_training

    # Candidates teaching what is needed, then what their programmes expect beforehand.
    wanted, teaches, requires, sessions = set(needed), defaultdict(set), {}, {}
    frontier = set(needed)
    for _depth in range(PREREQUISITE_DEPTH + 1):
        if not frontier:
            break
        taught_by = _teaching(frontier)
        for programme_id, skills in taught_by.items():
            teaches[programme_id] |= skills
        new_sessions = _sessions(request, taught_by.keys(), busy, booked)
        for session in new_sessions:
            sessions[session.pk] = session
        programme_ids = {s.programme_id for s in new_sessions} - requires.keys()
        lacking = defaultdict(set)
        for programme_id, skill_id in ProgrammeSkill.objects.filter(
            programme_id__in=programme_ids, role=SkillRole.REQUIRES
        ).values_list("programme_id", "skill_id"):
            lacking[programme_id].add(skill_id)
        holds = _holds(held, set().union(*lacking.values())) if lacking else set()
        frontier = set()
        for programme_id in programme_ids:
            gaps = lacking[programme_id] - holds
            requires[programme_id] = gaps
            frontier |= gaps - wanted
        wanted |= frontier

    candidates = [
        Candidate(
            id=s.pk,
            start=_minutes(s.starts_at),
            end=_minutes(s.ends_at),
            slots=_slots(s),
            tenth_hours=int(s.programme.duration_hours * 10),
            cents=int(s.programme.price * 100),
            teaches=frozenset(teaches[s.programme_id]),
            requires=frozenset(requires.get(s.programme_id, ())),
            full=s.seats_left < 1,
        )
        for s in sessions.values()
    ]
    coverable = needed & set().union(*(c.teaches for c in candidates))
    pathway.uncovered = sorted(needed - coverable)
    return Problem(pathway, candidates, coverable, sessions, teaches)


def pathway_plan(*, learner: User, request: PathwayRequest, time_limit_s: float = 2.0) -> Pathway:
    """The upcoming sessions that close the learner's gap at the least time or cost."""
    problem = pathway_problem(learner, request)
    pathway = _solved(problem.pathway, problem, problem.candidates, problem.needed, time_limit_s)
    if pathway.waitlisted:
        open_ = [c for c in problem.candidates if not c.full]
        reachable = problem.needed & set().union(*(c.teaches for c in open_))
        alternative = Pathway(
            request=request,
            gap=pathway.gap,
            in_training=pathway.in_training,
            uncovered=sorted(set(pathway.uncovered) | (problem.needed - reachable)),
        )
        alternative = _solved(alternative, problem, open_, reachable, time_limit_s)
        if alternative.status != INFEASIBLE and alternative.sessions:
            pathway.with_seats = alternative
    return pathway


def _solved(
    pathway: Pathway, problem: Problem, candidates: list[Candidate], needed: set[int], limit: float
) -> Pathway:
    request, sessions = pathway.request, problem.sessions
    budget = int(request.max_budget_eur * 100) if request.max_budget_eur is not None else None
    solution = solve(candidates, needed, request.objective, budget, limit)
    pathway.status, pathway.solve_ms = solution.status, solution.solve_ms
    pathway.sessions = [sessions[i] for i in solution.chosen]
    pathway.waitlisted = {s.pk for s in pathway.sessions if s.seats_left < 1}
    for skill in sorted(needed):
        first = next(
            (s for s in pathway.sessions if skill in problem.teaches[s.programme_id]), None
        )
        if first is not None:
            pathway.covers[skill] = first.pk
    return pathway
