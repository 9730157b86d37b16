"""API v1: the regional jobs-gap view (public: counts only, no one is named)."""

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from biocampus.accelerator.queries import jobs_created
from biocampus.api.openapi import CSV_FILE, CSV_TOO, XLSX_FILE
from biocampus.api.schemas import Error
from biocampus.catalog.models import Pillar
from biocampus.common.disclosure import SMALLEST_SHOWN
from biocampus.common.errors import DomainError
from biocampus.common.exports import SPREADSHEETS, table_response
from biocampus.outcomes.pace import cached_pace, targets
from biocampus.outcomes.progress import cached_jobs_filled
from biocampus.skills.present import occupation_out, skill_ref
from biocampus.skills.queries.jobs_gap import (
    JOBS_GAP_COLUMNS,
    READY_AT,
    cached_jobs_gap,
    jobs_gap_csv_rows,
    public_ready_people,
    public_rows,
    public_totals,
)
from biocampus.skills.queries.unmet_demand import public_unmet_demand
from biocampus.skills.schemas import OccupationOut, SkillRef

router = Router(tags=["insights"])


class JobsGapRowOut(Schema):
    """Counts of people between 1 and 4 are null ("fewer than 5"), and so is a gap
    computed from one."""

    occupation: OccupationOut
    openings: int
    forecast: int
    demand: int
    ready: int | None
    in_training: int | None
    gap: int | None
    forecasts: dict[str, int]
    completions: list[int | None]


class JobsFilledOut(Schema):
    """Jobs filled so far: campus-trained people who took a job (null: fewer than 5) and
    the FTE accelerated start-ups report, a person hired by one of them counted once."""

    campus_hires: int | None
    startup_fte: float
    total: float | None


class TargetOut(Schema):
    jobs: int
    years: int


class QuarterPaceOut(Schema):
    """Cumulative jobs filled by the end of a quarter (null for a quarter to come, or
    withheld), against what each target's even pace needs by then."""

    quarter: str
    actual: float | None
    required: list[int]


class JobsGapOut(Schema):
    rows: list[JobsGapRowOut]
    quarters: list[str]
    totals: dict[str, int | None]
    ready_at: int
    target: int
    target_years: int
    ready_people: int | None
    progress: float | None
    startup_jobs_fte: float
    jobs_filled: JobsFilledOut
    targets: list[TargetOut]
    pace: list[QuarterPaceOut]
    smallest_count_shown: int


class InvalidPillar(DomainError):
    status = 422
    code = "invalid_pillar"


def _jobs_gap_file(pillar: str, format: str):
    _check_pillar(pillar)
    rows = jobs_gap_csv_rows(cached_jobs_gap(pillar=pillar or None))
    return table_response("jobs-gap", JOBS_GAP_COLUMNS, rows, format=format)


@router.get("/insights/jobs-gap.csv", response={422: Error}, auth=None, openapi_extra=CSV_FILE)
def jobs_gap_csv(request: HttpRequest, pillar: str = Query("", max_length=50)):
    """The jobs gap as CSV (the same rows as GET /insights/jobs-gap; "<5" where a count of
    people is withheld)."""
    return _jobs_gap_file(pillar, "csv")


@router.get("/insights/jobs-gap.xlsx", response={422: Error}, auth=None, openapi_extra=XLSX_FILE)
def jobs_gap_xlsx(request: HttpRequest, pillar: str = Query("", max_length=50)):
    """The jobs gap as an Excel workbook."""
    return _jobs_gap_file(pillar, "xlsx")


def _check_pillar(pillar: str) -> None:
    # Only a known pillar reaches the cache key: any text would make a key per request.
    if pillar and not Pillar.objects.filter(slug=pillar).exists():
        raise InvalidPillar(_("No pillar is called “%(slug)s”.") % {"slug": pillar})


@router.get(
    "/insights/jobs-gap",
    response={200: JobsGapOut, 422: Error},
    auth=None,
    openapi_extra=CSV_TOO,
)
def jobs_gap_view(
    request: HttpRequest,
    pillar: str = Query("", max_length=50),
    format: Literal["json", "csv", "xlsx"] = "json",
):
    """Per occupation: demand (open openings + this year's forecasts) against supply
    (learners ready, learners in training); progress towards the campus's targets as jobs
    filled, quarter by quarter against the pace each target needs, with "ready" as the
    pipeline. `format=csv` or `xlsx` for a spreadsheet."""
    if format in SPREADSHEETS:
        return _jobs_gap_file(pillar, format)
    _check_pillar(pillar)
    report = cached_jobs_gap(pillar=pillar or None)
    filtered = bool(pillar)
    ready_people = public_ready_people(report, filtered=filtered)
    filled = cached_jobs_filled()
    return {
        "rows": [
            {
                "occupation": occupation_out(r.occupation),
                "openings": r.openings,
                "forecast": r.forecast,
                "demand": r.demand,
                "ready": r.ready,
                "in_training": r.in_training,
                "gap": r.gap,
                "forecasts": {str(y): n for y, n in sorted(r.forecasts.items())},
                "completions": r.completions,
            }
            for r in public_rows(report)
        ],
        "quarters": report.quarters,
        "totals": public_totals(report, filtered=filtered),
        "ready_at": READY_AT,
        "target": report.target,
        "target_years": report.target_years,
        "ready_people": ready_people,
        "progress": None if ready_people is None else round(report.progress, 4),
        "startup_jobs_fte": float(jobs_created()),
        "jobs_filled": {
            "campus_hires": filled.public_campus_hires,
            "startup_fte": float(filled.startup_fte),
            "total": None if filled.public_total is None else float(filled.public_total),
        },
        "targets": [{"jobs": t.jobs, "years": t.years} for t in targets()],
        "pace": [
            {
                "quarter": q.label,
                "actual": None if q.actual is None else float(q.actual),
                "required": list(q.required),
            }
            for q in cached_pace()
        ],
        "smallest_count_shown": SMALLEST_SHOWN,
    }


class UnmetSkillOut(Schema):
    skill: SkillRef
    learners: int | None  # null: fewer than 5
    occupations: list[int]


@router.get("/insights/unmet-demand", response={200: list[UnmetSkillOut]}, auth=None)
def unmet_demand_view(request: HttpRequest):
    """Essential skills learners aiming at a job lack and no upcoming session teaches."""
    return [
        {"skill": skill_ref(u.skill), "learners": shown, "occupations": sorted(u.occupations)}
        for u, shown in public_unmet_demand()
    ]
