"""The campus's jobs filled, quarter by quarter, against the pace its targets need: 2,400
jobs in 3 years and 10,000 in 10 from the start date (settings), each reached at an even
pace. A quarter's figure is cumulative: every job that started before its end (jobs from
before the start date are in the first quarter), plus the start-ups' FTE reported for the
quarters up to it, each campus-trained person hired by such a start-up counted once.
A quarter is withheld when it, or the jobs it adds to the last quarter shown, would be a
count of 1 to 4 people."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from biocampus.accelerator.models import Application, ApplicationStatus, KpiReport
from biocampus.common.disclosure import cell
from biocampus.common.quarters import quarter_of
from biocampus.outcomes.progress import FIGURE_KEYS, trained_jobs


@dataclass(frozen=True)
class Target:
    jobs: int
    years: int

    @property
    def per_quarter(self) -> float:
        return self.jobs / (4 * self.years)


@dataclass(frozen=True)
class QuarterPace:
    label: str  # "2026 Q1"
    start: dt.date
    end: dt.date  # the next quarter's first day
    actual: Decimal | None  # None for quarters still to come, and when withheld
    required: tuple[int, ...]  # one per target, in settings order

    @property
    def behind(self) -> Decimal | None:
        """Jobs short of the first target's pace (0 when on or ahead of it)."""
        return None if self.actual is None else max(Decimal(self.required[0]) - self.actual, 0)


def targets() -> tuple[Target, ...]:
    return (
        Target(settings.CAMPUS_JOBS_TARGET, settings.CAMPUS_JOBS_TARGET_YEARS),
        Target(settings.CAMPUS_JOBS_LONG_TARGET, settings.CAMPUS_JOBS_LONG_TARGET_YEARS),
    )


def pace(today: dt.date | None = None) -> list[QuarterPace]:
    """The quarters of the first target's span, from the start date."""
    today = today or timezone.localdate()
    goals = targets()
    quarters = [quarter_of(dt.date.fromisoformat(settings.CAMPUS_TARGET_START))]
    while len(quarters) < 4 * goals[0].years:
        quarters.append(quarters[-1].next())
    startups = set(
        Application.objects.filter(status=ApplicationStatus.ACCEPTED).values_list(
            "company_id", flat=True
        )
    )
    # The same job told by a hire and a follow-up is one (learner, start date).
    campus = {
        (learner_id, start): employer_id in startups
        for learner_id, start, employer_id in trained_jobs().values_list(
            "learner_id", "start_date", "employer_id"
        )
    }
    fte = list(
        KpiReport.objects.filter(application__status=ApplicationStatus.ACCEPTED).values_list(
            "quarter", "jobs_fte"
        )
    )
    rows, last_shown = [], 0
    for index, quarter in enumerate(quarters, start=1):
        start, end = quarter.start, quarter.end
        actual = None
        if start <= today:
            hires = [by_startup for (_l, began), by_startup in campus.items() if began < end]
            # A hire by a start-up is in its FTE already: count it only there.
            count = len(hires) - sum(hires)
            # The jobs of one quarter are the difference of two shown figures: a quarter
            # is shown only when that difference is not a count of 1-4 people either.
            if cell(len(hires)) is not None and cell(count - last_shown) is not None:
                last_shown = count
                actual = Decimal(count) + sum(
                    (jobs for quarter, jobs in fte if quarter < end), Decimal(0)
                )
        required = tuple(round(goal.per_quarter * index) for goal in goals)
        rows.append(QuarterPace(f"{quarter.year} Q{quarter.number}", start, end, actual, required))
    return rows


def cached_pace() -> list[QuarterPace]:
    """For pages and the public API: counting every job takes a while on a large campus."""
    return cache.get_or_set(FIGURE_KEYS[1], pace, settings.JOBS_GAP_CACHE_SECONDS)
