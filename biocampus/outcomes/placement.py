"""Placement: what became of the people who completed each programme, counted the same
way for every programme so they can be compared.

For each completed enrolment and milestone k (6 and 12 months):
- eligible: the programme ended at least k months ago;
- placed: a job starting between the end of the programme and k months later, in one of
  the occupations the programme prepares for or one the framework relates to them;
- employed: a job in that window in any occupation, or the k-month follow-up answered
  "employed" (a one-click answer says no more than that);
- known: the k-month follow-up was answered, or such a job is on record (an employer's
  confirmed hire, a learner's own report);
- the placement rate is placed / known, with a Wilson 95 % interval, so six completers who
  all found work do not outrank two hundred of whom 80 % did;
- the response rate is answered / sent follow-ups at k;
- time to job: days from the end of the programme to the first placed job within 12
  months; the median is reported.
"""

import datetime as dt
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Count, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import TruncDate
from django.utils import timezone

from biocampus.enrolment.models import Enrolment, EnrolmentStatus
from biocampus.outcomes.models import FollowUp, JobOutcome, OutcomeStatus
from biocampus.skills.models import LinkKind, OccupationKind, OccupationLink, ProgrammeOccupation

MILESTONES = (6, 12)
Z_95 = 1.959963984540054  # the standard normal quantile for a two-sided 95 % interval
# A follow-up's state, as one small number per milestone in the completions query.
NOT_SENT, SENT, LOOKING, EMPLOYED = 0, 1, 2, 3


def wilson(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of a proportion; (0, 1) when nothing is known."""
    if trials <= 0:
        return 0.0, 1.0
    p = successes / trials
    spread = z * z / trials
    centre = (p + spread / 2) / (1 + spread)
    half = z * math.sqrt(p * (1 - p) / trials + spread / (4 * trials)) / (1 + spread)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Rate:
    placed: int
    known: int

    @property
    def rate(self) -> float | None:
        return self.placed / self.known if self.known else None

    @property
    def low(self) -> float:
        return wilson(self.placed, self.known)[0]

    @property
    def high(self) -> float:
        return wilson(self.placed, self.known)[1]


def _by_months() -> dict[int, int]:
    return dict.fromkeys(MILESTONES, 0)


@dataclass
class Tally:
    """The counts behind a row of the placement tables; tallies add up."""

    completers: int = 0
    eligible: dict[int, int] = field(default_factory=_by_months)
    known: dict[int, int] = field(default_factory=_by_months)
    placed: dict[int, int] = field(default_factory=_by_months)
    employed: dict[int, int] = field(default_factory=_by_months)
    sent: dict[int, int] = field(default_factory=_by_months)
    answered: dict[int, int] = field(default_factory=_by_months)
    days_to_job: list[int] = field(default_factory=list)

    def rate(self, months: int) -> Rate:
        return Rate(self.placed[months], self.known[months])

    def response_rate(self, months: int) -> float | None:
        return self.answered[months] / self.sent[months] if self.sent[months] else None

    @property
    def median_days_to_job(self) -> float | None:
        return statistics.median(self.days_to_job) if self.days_to_job else None

    def add(self, other: "Tally") -> None:
        self.completers += other.completers
        for name in ("eligible", "known", "placed", "employed", "sent", "answered"):
            mine, theirs = getattr(self, name), getattr(other, name)
            for months in MILESTONES:
                mine[months] += theirs[months]
        self.days_to_job.extend(other.days_to_job)


def related_occupations() -> dict[int, set[int]]:
    """Programme id -> the occupations a job in counts as placement: those it prepares for,
    those linked to them (broader, narrower, the same or close in another framework), and
    their siblings under a broader occupation (not under a whole ISCO group, which would
    take in every laboratory job)."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    children: dict[int, set[int]] = defaultdict(set)
    for source, target, kind, target_kind in OccupationLink.objects.values_list(
        "source_id", "target_id", "kind", "target__kind"
    ):
        neighbours[source].add(target)
        neighbours[target].add(source)
        if kind == LinkKind.BROADER and target_kind == OccupationKind.OCCUPATION:
            children[target].add(source)
    parents: dict[int, set[int]] = defaultdict(set)
    for parent, kids in children.items():
        for kid in kids:
            parents[kid].add(parent)
    related: dict[int, set[int]] = defaultdict(set)
    for programme_id, occupation_id in ProgrammeOccupation.objects.values_list(
        "programme_id", "occupation_id"
    ):
        related[programme_id] |= {occupation_id, *neighbours[occupation_id]}
        for parent in parents[occupation_id]:
            related[programme_id] |= children[parent]
    return related


def _follow_up_state(months: int):
    answered = Q(answered_at__isnull=False)
    return Subquery(
        FollowUp.objects.filter(enrolment_id=OuterRef("pk"), months=months)
        .annotate(
            state=Case(
                When(answered & Q(answer=OutcomeStatus.EMPLOYED), then=Value(EMPLOYED)),
                When(answered, then=Value(LOOKING)),
                When(sent_at__isnull=False, then=Value(SENT)),
                default=Value(NOT_SENT),
                output_field=IntegerField(),
            )
        )
        .values("state")[:1],
        output_field=IntegerField(),
    )


@lru_cache(maxsize=4096)
def _after(day: dt.date, months: int) -> dt.date:
    return day + relativedelta(months=months)


def _day_end(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))


def _counts(today: dt.date) -> dict[int, Tally]:
    """What the database can count alone: completers, who is eligible, and the follow-ups
    sent and answered, per programme."""
    tallies: dict[int, Tally] = defaultdict(Tally)
    completed = Enrolment.objects.filter(
        status=EnrolmentStatus.COMPLETED, session__ends_at__lt=_day_end(today)
    )
    cutoffs = {k: _day_end(today - relativedelta(months=k)) for k in MILESTONES}
    for programme_id, completers, *eligible in completed.values_list(
        "session__programme_id"
    ).annotate(
        completers=Count("id"),
        **{
            f"eligible_{k}": Count("id", filter=Q(session__ends_at__lt=cutoffs[k]))
            for k in MILESTONES
        },
    ):
        tally = tallies[programme_id]
        tally.completers = completers
        tally.eligible = dict(zip(MILESTONES, eligible, strict=True))
    for months in MILESTONES:
        answered = Q(answered_at__isnull=False)
        for programme_id, sent, answers, employed in (
            FollowUp.objects.filter(
                months=months,
                enrolment__in=completed,
                enrolment__session__ends_at__lt=cutoffs[months],
            )
            .values_list("enrolment__session__programme_id")
            .annotate(
                sent=Count("id", filter=Q(sent_at__isnull=False) | answered),
                answers=Count("id", filter=answered),
                employed=Count("id", filter=answered & Q(answer=OutcomeStatus.EMPLOYED)),
            )
        ):
            tally = tallies[programme_id]
            tally.sent[months], tally.answered[months] = sent, answers
            tally.known[months], tally.employed[months] = answers, employed
    return tallies


def programme_tallies(today: dt.date | None = None) -> dict[int, Tally]:
    """Programme id -> its tally, for every programme with a completion. The database
    counts the follow-ups; only completions of people with a job on record are walked
    here, to find the job in each window."""
    today = today or timezone.localdate()
    tallies = _counts(today)
    related = related_occupations()
    employed = JobOutcome.objects.filter(status=OutcomeStatus.EMPLOYED, start_date__lte=today)
    jobs: dict[int, list[tuple[dt.date, int | None]]] = defaultdict(list)
    for learner_id, start, occupation_id in (
        employed.order_by("start_date", "id")
        .values_list("learner_id", "start_date", "occupation_id")
        .iterator(chunk_size=10000)
    ):
        jobs[learner_id].append((start, occupation_id))
    cutoffs = {k: today - relativedelta(months=k) for k in MILESTONES}
    completions = (
        Enrolment.objects.filter(
            status=EnrolmentStatus.COMPLETED,
            session__ends_at__lt=_day_end(cutoffs[MILESTONES[0]]),
            learner_id__in=employed.values("learner_id"),
        )
        .annotate(ended=TruncDate("session__ends_at"))
        .annotate(**{f"follow_up_{k}": _follow_up_state(k) for k in MILESTONES})
        .values_list(
            "learner_id", "session__programme_id", "ended", *(f"follow_up_{k}" for k in MILESTONES)
        )
    )
    for learner_id, programme_id, ended_on, *states in completions.iterator(chunk_size=10000):
        tally = tallies[programme_id]
        own, targets = jobs[learner_id], related.get(programme_id, set())
        for months, state in zip(MILESTONES, states, strict=True):
            if ended_on > cutoffs[months]:
                continue
            until = _after(ended_on, months)
            window = [(s, o) for s, o in own if ended_on <= s <= until]
            if not window:
                continue
            # The follow-up already counted an answer as known, "employed" as employed.
            tally.known[months] += state not in (LOOKING, EMPLOYED)
            tally.employed[months] += state != EMPLOYED
            placed = next((s for s, o in window if o in targets), None)
            if placed is not None:
                tally.placed[months] += 1
                if months == MILESTONES[-1]:
                    tally.days_to_job.append((placed - ended_on).days)
    return dict(tallies)


def programme_rates(months: int = 12) -> dict[int, Rate]:
    """Programme id -> its placement rate at `months`; programmes without completers are
    absent."""
    return {pk: tally.rate(months) for pk, tally in programme_tallies().items()}
