"""The outcomes tables the public and operators see: placement per programme, operator or
pillar, and filling per occupation. Counts of people between 1 and 4 are withheld (None),
and so is anything computed from them.

A published count is withheld too when its difference with a count it nests in is 1-4
(see programme_figures). An operator's or pillar's figures add up only the programme
figures that are published: totals over withheld programmes, by operator and by
pillar together, could solve one of them.

The counts take seconds on a large campus, so they are cached for a few minutes."""

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.catalog.models import Programme
from biocampus.common.disclosure import SMALLEST_SHOWN, cell
from biocampus.outcomes.models import HireSource, HireStatus
from biocampus.outcomes.placement import MILESTONES, Tally, programme_tallies, wilson
from biocampus.outcomes.progress import trained_jobs
from biocampus.skills.models import Occupation, Vacancy, VacancyStatus

GROUPINGS = ("programme", "operator", "pillar", "occupation")
# Vacancies published in the last year make the occupation table.
FILL_WINDOW = dt.timedelta(days=365)


@dataclass(frozen=True)
class Milestone:
    """What is published about a group's completers `months` after their programme:
    how many people's situation is known and how many of them are placed (both None
    when withheld), and the follow-ups' response rate (a share: the counts behind it are
    not published)."""

    months: int
    known: int | None
    placed: int | None
    response_rate: float | None = None

    @property
    def rate(self) -> float | None:
        if self.placed is None or not self.known:
            return None
        return self.placed / self.known

    @property
    def interval(self) -> tuple[float, float] | None:
        return None if self.rate is None else wilson(self.placed, self.known)


@dataclass(frozen=True)
class PlacementRow:
    key: str  # the programme's or operator's id, or the pillar's slug
    name: str
    operator: str  # a programme's operator; empty for the other groupings
    completers: int | None
    milestones: dict[int, Milestone]
    median_days_to_job: float | None

    @property
    def rank(self) -> tuple:
        """Best first by the lower bound of the 12-month interval, then the 6-month one:
        a rate from a handful of people does not rank above a well-measured one."""
        lows = [m.interval[0] if m.interval else -1.0 for m in reversed(self.milestones.values())]
        return (*(-low for low in lows), self.name)


@dataclass(frozen=True)
class ProgrammeInfo:
    name: str
    operator_id: int
    operator: str
    pillar: str
    pillar_name: str


def _programmes() -> dict[int, ProgrammeInfo]:
    return {
        p.pk: ProgrammeInfo(
            p.title, p.operator_id, p.operator.name, p.pillar.slug, str(p.pillar.name)
        )
        for p in Programme.objects.select_related("operator", "pillar")
    }


def cached_tallies() -> dict[int, Tally]:
    return cache.get_or_set(
        "outcomes:programme-tallies", programme_tallies, settings.JOBS_GAP_CACHE_SECONDS
    )


def _withheld(values: list[int]) -> bool:
    return any(cell(v) is None for v in values)


def _response_rate(parts: list[Tally], months: int) -> float | None:
    """Answered out of sent, from five questions sent: a share of one or two would say
    what one person did."""
    sent = sum(t.sent[months] for t in parts)
    answered = sum(t.answered[months] for t in parts)
    return answered / sent if sent >= SMALLEST_SHOWN else None


def programme_figures(t: Tally) -> tuple[int | None, dict[int, Milestone]]:
    """A programme's completers and milestones as they may be published. The counts
    nest (placed within known within completers), and the difference of two nested
    counts is a count of people too: known 12 and placed 8 would tell that 4 are not
    placed. So a milestone is shown only when placed, known minus placed and completers
    minus known are each 0 or at least 5."""
    milestones = {}
    for months in MILESTONES:
        placed, known = t.placed[months], t.known[months]
        if _withheld([placed, known - placed, t.completers - known]):
            placed = known = None
        milestones[months] = Milestone(months, known, placed)
    return cell(t.completers), milestones


def _sum(values: list[int | None]) -> int | None:
    """A group's count: the sum of its programmes' published counts (withheld ones are
    left out, so a group total tells nothing the programme table does not); None when
    every one is withheld."""
    shown = [v for v in values if v is not None]
    return sum(shown) if shown else None


def _row(key: str, name: str, operator: str, parts: list[Tally]) -> PlacementRow:
    """One row from the programmes' tallies in it (one for a programme row). A group's
    figures add up the programmes whose figures are published: an operator's or a
    pillar's rate is that of its programmes with a published rate."""
    figures = [programme_figures(t) for t in parts]
    milestones = {}
    for months in MILESTONES:
        shown = [(t, m[months]) for t, (_c, m) in zip(parts, figures, strict=True)]
        shown = [(t, m) for t, m in shown if m.known is not None]
        milestones[months] = Milestone(
            months,
            known=_sum([m.known for _t, m in shown]),
            placed=_sum([m.placed for _t, m in shown]),
            response_rate=_response_rate(
                [t for t, _m in shown] if len(parts) > 1 else parts, months
            ),
        )
    last = MILESTONES[-1]
    days = [
        d
        for t, (_c, m) in zip(parts, figures, strict=True)
        if m[last].known is not None
        for d in t.days_to_job
    ]
    return PlacementRow(
        key=key,
        name=name,
        operator=operator,
        completers=_sum([c for c, _m in figures]),
        milestones=milestones,
        median_days_to_job=statistics.median(days) if len(days) >= SMALLEST_SHOWN else None,
    )


def placement_rows(by: str) -> list[PlacementRow]:
    """Rows for "programme", "operator" or "pillar", best placement first; rows whose
    rates are withheld last, by name (never by a hidden figure)."""
    tallies, programmes = cached_tallies(), _programmes()
    keyed: Callable[[ProgrammeInfo, int], tuple[str, str, str]] = {
        "programme": lambda p, pk: (str(pk), p.name, p.operator),
        "operator": lambda p, _pk: (str(p.operator_id), p.operator, ""),
        "pillar": lambda p, _pk: (p.pillar, p.pillar_name, ""),
    }[by]
    groups: dict[tuple[str, str, str], list[Tally]] = defaultdict(list)
    for programme_id, tally in tallies.items():
        if (info := programmes.get(programme_id)) is not None:
            groups[keyed(info, programme_id)].append(tally)
    rows = [_row(*key, parts) for key, parts in groups.items()]
    return sorted(rows, key=lambda r: r.rank)


@dataclass(frozen=True)
class OccupationFill:
    occupation: Occupation
    openings: int  # openings of the vacancies published in the last year
    vacancies: int
    campus_hires: int | None  # confirmed hires of campus learners into them
    external_hires: int | None
    campus_jobs: int | None  # jobs campus-trained people report in the occupation
    median_days_to_fill: float | None

    @property
    def fill_rate(self) -> float | None:
        if self.campus_hires is None or self.external_hires is None or not self.openings:
            return None
        return min((self.campus_hires + self.external_hires) / self.openings, 1.0)


def _occupation_figures(today: dt.date) -> list[tuple[int, int, int, int, int, int, float | None]]:
    since = timezone.make_aware(dt.datetime.combine(today - FILL_WINDOW, dt.time()))
    vacancies = Vacancy.objects.filter(created_at__gte=since).exclude(status=VacancyStatus.DRAFT)
    confirmed = Q(hires__status=HireStatus.CONFIRMED)
    hires = {
        row[0]: row[1:]
        for row in vacancies.values_list("occupation_id").annotate(
            campus=Count("hires", filter=confirmed & Q(hires__source=HireSource.CAMPUS)),
            external=Count("hires", filter=confirmed & Q(hires__source=HireSource.EXTERNAL)),
        )
    }
    openings = {
        row[0]: row[1:]
        for row in vacancies.values_list("occupation_id").annotate(
            openings=Sum("openings"), vacancies=Count("id")
        )
    }
    fill_days = defaultdict(list)
    for occupation_id, created, filled in vacancies.filter(filled_at__isnull=False).values_list(
        "occupation_id", "created_at", "filled_at"
    ):
        fill_days[occupation_id].append((filled - created).total_seconds() / 86400)
    jobs = dict(
        trained_jobs()
        .filter(start_date__gte=today - FILL_WINDOW, occupation__isnull=False)
        .values_list("occupation_id")
        .annotate(n=Count("learner_id", distinct=True))
    )
    return [
        (
            occupation_id,
            total,
            count,
            *hires.get(occupation_id, (0, 0)),
            jobs.get(occupation_id, 0),
            round(statistics.median(fill_days[occupation_id]), 1)
            if fill_days[occupation_id]
            else None,
        )
        for occupation_id, (total, count) in openings.items()
    ]


def occupation_rows() -> list[OccupationFill]:
    """Per occupation with vacancies published in the last year, most openings first."""
    figures = cache.get_or_set(
        "outcomes:occupation-fill",
        lambda: _occupation_figures(timezone.localdate()),
        settings.JOBS_GAP_CACHE_SECONDS,
    )
    occupations = Occupation.objects.select_related("framework").in_bulk(f[0] for f in figures)
    rows = [
        OccupationFill(
            occupation=occupations[pk],
            openings=total,
            vacancies=count,
            campus_hires=cell(campus),
            external_hires=cell(external),
            campus_jobs=cell(jobs),
            median_days_to_fill=days,
        )
        for pk, total, count, campus, external, jobs, days in figures
        if pk in occupations
    ]
    return sorted(rows, key=lambda r: (-r.openings, r.occupation.label()))


# In a sentence: "placement at 12 months, by operator".
GROUPING_NOUNS = {
    "programme": _("programme"),
    "operator": _("operator"),
    "pillar": _("pillar"),
    "occupation": _("job"),
}
GROUPING_LABELS = {
    "programme": _("Programme"),
    "operator": _("Operator"),
    "pillar": _("Pillar"),
    "occupation": _("Job"),
}
