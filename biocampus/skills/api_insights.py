"""API v1: the regional jobs-gap view (public: counts only, no one is named)."""

import csv
import io

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from biocampus.accelerator.services.cohort import jobs_created
from biocampus.api.schemas import Error
from biocampus.skills.present import occupation_out, skill_ref
from biocampus.skills.services.jobs_gap import READY_AT, JobsGap, cached_jobs_gap
from biocampus.skills.services.unmet_demand import unmet_demand

router = Router(tags=["insights"])

CSV_COLUMNS = [
    "occupation",
    "uri",
    "pillar",
    "openings",
    "forecast",
    "demand",
    "ready",
    "in_training",
    "gap",
]


class JobsGapRowOut(Schema):
    occupation: dict
    openings: int
    forecast: int
    demand: int
    ready: int
    in_training: int
    gap: int
    forecasts: dict[str, int]
    completions: list[int]


class JobsGapOut(Schema):
    rows: list[JobsGapRowOut]
    quarters: list[str]
    totals: dict[str, int]
    ready_at: int
    target: int
    target_years: int
    ready_people: int
    progress: float
    startup_jobs_fte: float


def jobs_gap_csv(report: JobsGap) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for r in report.rows:
        writer.writerow(
            [
                r.occupation.label(),
                r.occupation.uri,
                r.occupation.pillar.slug if r.occupation.pillar_id else "",
                r.openings,
                r.forecast,
                r.demand,
                r.ready,
                r.in_training,
                r.gap,
            ]
        )
    return out.getvalue()


@router.get("/insights/jobs-gap", response={200: JobsGapOut, 422: Error}, auth=None)
def jobs_gap_view(request: HttpRequest, pillar: str = "", format: str = "json"):
    """Per occupation: demand (open openings + this year's forecasts) against supply
    (learners ready, learners in training). `format=csv` for a spreadsheet."""
    report = cached_jobs_gap(pillar=pillar or None)
    if format == "csv":
        response = HttpResponse(jobs_gap_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="jobs-gap.csv"'
        return response
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
            for r in report.rows
        ],
        "quarters": report.quarters,
        "totals": report.totals(),
        "ready_at": READY_AT,
        "target": report.target,
        "target_years": report.target_years,
        "ready_people": report.ready_people,
        "progress": round(report.progress, 4),
        "startup_jobs_fte": float(jobs_created()),
    }


class UnmetSkillOut(Schema):
    skill: dict
    learners: int
    occupations: list[int]


@router.get("/insights/unmet-demand", response={200: list[UnmetSkillOut]}, auth=None)
def unmet_demand_view(request: HttpRequest):
    """Essential skills learners aiming at a job lack and no upcoming session teaches."""
    return [
        {"skill": skill_ref(u.skill), "learners": u.learners, "occupations": sorted(u.occupations)}
        for u in unmet_demand()
    ]
