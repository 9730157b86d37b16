"""The regional jobs-gap view: per occupation, the people employers need against the
people trained for it, and the campus's progress towards its jobs target.

- demand: openings of open vacancies plus this year's hiring forecasts;
- ready: learners whose readiness for the occupation reaches READY_AT (same scoring as
  the gap analysis; consent is not needed for a count, no one is named);
- in training: learners who aim at the occupation (their target job) and hold an active
  enrolment in an upcoming or running session of a programme that prepares for it, and
  are not ready yet; each learner counts for one occupation at most;
- gap: demand minus ready minus in training, never below zero.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Verification
from biocampus.common.disclosure import cell, column_total, spreadsheet_cell
from biocampus.common.exports import Column
from biocampus.enrolment.models import ACTIVE_STATUSES, Enrolment, EnrolmentStatus
from biocampus.skills.models import (
    HiringForecast,
    LearnerProfile,
    Occupation,
    OccupationKind,
    ProgrammeOccupation,
    Relation,
    SkillSource,
    Vacancy,
    VacancyStatus,
)
from biocampus.skills.queries.gap import (
    EQUIVALENT_KINDS,
    RELATION_WEIGHT,
    SOURCE_WEIGHT,
)

# Demand counts only what verified employers publish.
VERIFIED = Verification.VERIFIED
READY_AT = 70  # readiness (%) from which a learner counts as ready for an occupation
QUARTERS = 4


@dataclass
class OccupationRow:
    occupation: Occupation
    openings: int = 0
    forecast: int = 0
    ready: int = 0
    in_training: int = 0
    forecasts: dict[int, int] = field(default_factory=dict)  # year -> headcount
    completions: list[int] = field(default_factory=list)  # per quarter, oldest first

    @property
    def demand(self) -> int:
        return self.openings + self.forecast

    @property
    def gap(self) -> int:
        return max(self.demand - self.ready - self.in_training, 0)


@dataclass
class JobsGap:
    rows: list[OccupationRow]
    quarters: list[str]
    target: int
    target_years: int
    ready_people: int  # distinct learners ready for at least one in-demand occupation

    @property
    def progress(self) -> float:
        return min(self.ready_people / self.target, 1.0) if self.target else 0.0

    def totals(self) -> dict[str, int]:
        return {
            name: sum(getattr(r, name) for r in self.rows)
            for name in ("openings", "forecast", "demand", "ready", "in_training", "gap")
        }


def _quarters(today: dt.date) -> list[tuple[dt.date, dt.date, str]]:
    """The last QUARTERS calendar quarters, the current one included, oldest first."""
    year, quarter = today.year, (today.month - 1) // 3
    spans = []
    for _quarter in range(QUARTERS):
        start = dt.date(year, quarter * 3 + 1, 1)
        end = dt.date(year + (quarter == 3), (quarter * 3 + 3) % 12 + 1, 1)
        spans.append((start, end, f"{year} Q{quarter + 1}"))
        year, quarter = (year - 1, 3) if quarter == 0 else (year, quarter - 1)
    return spans[::-1]


# The gap analysis's readiness, computed by the database for every learner at once: per
# occupation and required skill the strongest evidence among the skill and its
# equivalents, weighted and summed. A learner is ready when round(100 * score / total)
# reaches READY_AT, as `assess` says.
_READY_SQL = """
WITH req AS (
    SELECT occupation_id, skill_id, relation FROM skills_occupationskill
    WHERE occupation_id IN ({occupations})
),
totals AS (
    SELECT occupation_id,
           SUM(CASE relation WHEN 'essential' THEN %s ELSE %s END) AS total
    FROM req GROUP BY occupation_id
),
alias AS (
    SELECT skill_id AS required, skill_id AS held FROM req
    UNION SELECT source_id, target_id FROM skills_skilllink WHERE kind IN (%s, %s)
    UNION SELECT target_id, source_id FROM skills_skilllink WHERE kind IN (%s, %s)
),
best AS (
    SELECT req.occupation_id, ls.learner_id, req.skill_id, req.relation,
           MAX(CASE ls.source WHEN 'verified' THEN %s ELSE %s END) AS evidence
    FROM req
    JOIN alias ON alias.required = req.skill_id
    JOIN skills_learnerskill ls ON ls.skill_id = alias.held
    JOIN accounts_user u ON u.id = ls.learner_id AND u.is_active
    GROUP BY req.occupation_id, ls.learner_id, req.skill_id, req.relation
)
SELECT best.occupation_id, best.learner_id
FROM best JOIN totals ON totals.occupation_id = best.occupation_id
GROUP BY best.occupation_id, best.learner_id, totals.total
HAVING 100 * SUM(CASE best.relation WHEN 'essential' THEN %s ELSE %s END * best.evidence)
       >= (%s - 0.5) * totals.total
"""


def _ready_learners(occupations: list[Occupation]) -> dict[int, set[int]]:
    """occupation id -> learners ready for it."""
    ready: dict[int, set[int]] = defaultdict(set)
    if not occupations:
        return ready
    essential, optional = RELATION_WEIGHT[Relation.ESSENTIAL], RELATION_WEIGHT[Relation.OPTIONAL]
    verified, declared = SOURCE_WEIGHT[SkillSource.VERIFIED], SOURCE_WEIGHT[SkillSource.DECLARED]
    kinds = [str(k) for k in EQUIVALENT_KINDS]
    params = [
        *[o.pk for o in occupations],
        essential,
        optional,
        *kinds,
        *kinds,
        verified,
        declared,
        essential,
        optional,
        READY_AT,
    ]
    sql = _READY_SQL.format(occupations=", ".join(["%s"] * len(occupations)))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for occupation_id, learner_id in cursor.fetchall():
            ready[occupation_id].add(learner_id)
    return ready


def jobs_gap(*, pillar: str | None = None) -> JobsGap:
    today = timezone.localdate()
    occupations = Occupation.objects.filter(kind=OccupationKind.OCCUPATION).select_related(
        "framework", "pillar"
    )
    # The occupations anyone is hiring or training for; the rest of ESCO has no row.
    wanted = (
        set(
            Vacancy.objects.filter(
                status=VacancyStatus.OPEN, closes_on__gte=today, employer__verification=VERIFIED
            ).values_list("occupation_id", flat=True)
        )
        | set(
            HiringForecast.objects.filter(
                year__gte=today.year, employer__verification=VERIFIED
            ).values_list("occupation_id", flat=True)
        )
        | set(ProgrammeOccupation.objects.values_list("occupation_id", flat=True))
        | set(occupations.filter(framework__slug="biocampus").values_list("id", flat=True))
    )
    occupations = occupations.filter(pk__in=wanted)
    if pillar:
        occupations = occupations.filter(pillar__slug=pillar)
    occupations = list(occupations)
    rows = {o.pk: OccupationRow(o) for o in occupations}

    for occupation_id, total in (
        Vacancy.objects.filter(
            status=VacancyStatus.OPEN,
            closes_on__gte=today,
            occupation_id__in=rows,
            employer__verification=VERIFIED,
        )
        .values_list("occupation_id")
        .annotate(total=Sum("openings"))
    ):
        rows[occupation_id].openings = total
    for occupation_id, year, total in (
        HiringForecast.objects.filter(
            occupation_id__in=rows, year__gte=today.year, employer__verification=VERIFIED
        )
        .values_list("occupation_id", "year")
        .annotate(total=Sum("headcount"))
    ):
        rows[occupation_id].forecasts[year] = total
        if year == today.year:
            rows[occupation_id].forecast = total

    ready = _ready_learners(occupations)
    programmes = defaultdict(set)
    for programme_id, occupation_id in ProgrammeOccupation.objects.filter(
        occupation_id__in=rows
    ).values_list("programme_id", "occupation_id"):
        programmes[programme_id].add(occupation_id)
    targets = dict(
        LearnerProfile.objects.filter(target_occupation_id__in=rows).values_list(
            "learner_id", "target_occupation_id"
        )
    )
    training = defaultdict(set)
    for learner_id, programme_id in Enrolment.objects.filter(
        status__in=ACTIVE_STATUSES,
        learner_id__in=targets,
        session__programme_id__in=programmes,
        session__ends_at__gte=timezone.now(),
    ).values_list("learner_id", "session__programme_id"):
        if targets[learner_id] in programmes[programme_id]:
            training[targets[learner_id]].add(learner_id)

    spans = _quarters(today)
    completions = defaultdict(lambda: [0] * len(spans))
    start = timezone.make_aware(dt.datetime.combine(spans[0][0], dt.time()))
    for programme_id, when in Enrolment.objects.filter(
        status=EnrolmentStatus.COMPLETED,
        session__programme_id__in=programmes,
        outcome_at__gte=start,
    ).values_list("session__programme_id", "outcome_at"):
        day = timezone.localtime(when).date()
        index = next(i for i, (a, b, _l) in enumerate(spans) if a <= day < b)
        for occupation_id in programmes[programme_id]:
            completions[occupation_id][index] += 1

    for occupation_id, row in rows.items():
        row.ready = len(ready.get(occupation_id, ()))
        row.in_training = len(training[occupation_id] - ready.get(occupation_id, set()))
        row.completions = completions[occupation_id]
    ordered = sorted(rows.values(), key=lambda r: (-r.gap, -r.demand, r.occupation.label()))
    in_demand = {r.occupation.pk for r in ordered if r.demand}
    counted = set().union(*(ready.get(o, set()) for o in in_demand)) if in_demand else set()
    return JobsGap(
        rows=ordered,
        quarters=[label for _a, _b, label in spans],
        target=settings.CAMPUS_JOBS_TARGET,
        target_years=settings.CAMPUS_JOBS_TARGET_YEARS,
        ready_people=len(counted),
    )


def cached_jobs_gap(*, pillar: str | None = None) -> JobsGap:
    """The view for pages and the public API: recomputed at most every few minutes, since
    counting readiness over every learner takes seconds on a large campus."""
    return cache.get_or_set(
        f"jobs-gap:{pillar or 'all'}",
        lambda: jobs_gap(pillar=pillar),
        settings.JOBS_GAP_CACHE_SECONDS,
    )


JOBS_GAP_COLUMNS = (
    Column("occupation", _("Job"), "text"),
    Column("uri", _("URI"), "text"),
    Column("pillar", _("Pillar"), "text"),
    Column("openings", _("Open positions"), "int"),
    Column("forecast", _("Forecast"), "int"),
    Column("demand", _("Demand"), "int"),
    Column("ready", _("Ready"), "int"),
    Column("in_training", _("In training"), "int"),
    Column("gap", _("Gap"), "int"),
)


def jobs_gap_csv_rows(report: JobsGap) -> list[tuple]:
    """The public rows; a withheld count of people reads "<5"."""
    return [
        (
            r.occupation.label(),
            r.occupation.uri,
            r.occupation.pillar.slug if r.occupation.pillar_id else "",
            r.openings,
            r.forecast,
            r.demand,
            spreadsheet_cell(r.ready),
            spreadsheet_cell(r.in_training),
            spreadsheet_cell(r.gap),
        )
        for r in public_rows(report)
    ]


@dataclass(frozen=True)
class PublicRow:
    """An occupation's row as the public sees it: counts of people (ready, in training,
    completions) between 1 and 4 are None, and so is a gap computed from them."""

    occupation: Occupation
    openings: int
    forecast: int
    demand: int
    ready: int | None
    in_training: int | None
    gap: int | None
    forecasts: dict[int, int]
    completions: list[int | None]

    @property
    def supply(self) -> int | None:
        if self.ready is None or self.in_training is None:
            return None
        return self.ready + self.in_training


def public_rows(report: JobsGap) -> list[PublicRow]:
    """The rows as the public sees them, ordered by what is shown (largest shown gap, then
    demand, then name), never by a hidden count: the order would tell it."""
    rows = []
    for r in report.rows:
        ready, training = cell(r.ready), cell(r.in_training)
        rows.append(
            PublicRow(
                occupation=r.occupation,
                openings=r.openings,
                forecast=r.forecast,
                demand=r.demand,
                ready=ready,
                in_training=training,
                gap=r.gap if ready is not None and training is not None else None,
                forecasts=r.forecasts,
                completions=[cell(c) for c in r.completions],
            )
        )
    return sorted(
        rows,
        key=lambda r: (r.gap is None, -(r.gap or 0), -r.demand, r.occupation.label()),
    )


def public_totals(report: JobsGap, *, filtered: bool = False) -> dict[str, int | None]:
    """Totals of jobs as they are; totals of people withheld where they would reveal a
    hidden small count. Under a filter (one pillar) totals of people are withheld too:
    the whole campus's total minus a pillar's would give the others' hidden cells away."""
    shown = public_rows(report)
    totals = {
        "openings": sum(r.openings for r in report.rows),
        "forecast": sum(r.forecast for r in report.rows),
        "demand": sum(r.demand for r in report.rows),
        "ready": column_total(r.ready for r in report.rows),
        "in_training": column_total(r.in_training for r in report.rows),
    }
    withheld_gap = any(r.gap is None for r in shown)
    totals["gap"] = None if withheld_gap else sum(r.gap for r in report.rows)
    if filtered:
        totals.update(ready=None, in_training=None, gap=None)
    return totals


def public_ready_people(report: JobsGap, *, filtered: bool = False) -> int | None:
    """The people ready, as the public sees it: withheld when small or under a filter."""
    return None if filtered else cell(report.ready_people)
