"""API v1: what the campus's training leads to, as public aggregates (no one is named;
counts of 1 to 4 people are null)."""

from typing import Literal

from django.http import HttpRequest
from ninja import Router, Schema

from biocampus.api.openapi import CSV_TOO
from biocampus.api.schemas import Error
from biocampus.common.disclosure import SMALLEST_SHOWN
from biocampus.common.exports import SPREADSHEETS, table_response
from biocampus.outcomes.exports import (
    OCCUPATION_COLUMNS,
    occupation_cells,
    placement_cells,
    placement_columns,
)
from biocampus.outcomes.insights import PlacementRow, occupation_rows, placement_rows
from biocampus.skills.present import occupation_out
from biocampus.skills.schemas import OccupationOut

router = Router(tags=["insights"])

Grouping = Literal["programme", "operator", "pillar", "occupation"]


class MilestoneOut(Schema):
    """A group's completers `months` after their programme ended."""

    months: int
    known: int | None  # situation known: follow-up answered, or a job on record
    placed: int | None  # in a job of the programme's occupations or a related one
    rate: float | None  # placed / known
    rate_low: float | None  # Wilson 95 % interval
    rate_high: float | None
    response_rate: float | None  # follow-ups answered / sent (from 5 sent)


class PlacementOut(Schema):
    key: str
    name: str
    operator: str
    completers: int | None
    milestones: list[MilestoneOut]
    median_days_to_job: float | None


class OccupationFillOut(Schema):
    occupation: OccupationOut
    openings: int
    vacancies: int
    campus_hires: int | None
    external_hires: int | None
    fill_rate: float | None
    median_days_to_fill: float | None
    campus_jobs: int | None


class OutcomesOut(Schema):
    by: Grouping
    placement: list[PlacementOut]  # for programme, operator and pillar
    occupations: list[OccupationFillOut]  # for occupation
    smallest_count_shown: int


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def placement_out(row: PlacementRow) -> dict:
    milestones = []
    for m in row.milestones.values():
        interval = m.interval or (None, None)
        milestones.append(
            {
                "months": m.months,
                "known": m.known,
                "placed": m.placed,
                "rate": _round(m.rate),
                "rate_low": _round(interval[0]),
                "rate_high": _round(interval[1]),
                "response_rate": _round(m.response_rate),
            }
        )
    return {
        "key": row.key,
        "name": row.name,
        "operator": row.operator,
        "completers": row.completers,
        "milestones": milestones,
        "median_days_to_job": row.median_days_to_job,
    }


def outcomes_file(by: str, format: str, *, labels: bool = False):
    stem = f"outcomes-by-{by}"
    if by == "occupation":
        return table_response(
            stem,
            OCCUPATION_COLUMNS,
            occupation_cells(occupation_rows()),
            format=format,
            labels=labels,
        )
    return table_response(
        stem,
        placement_columns(by),
        placement_cells(placement_rows(by), by),
        format=format,
        labels=labels,
    )


@router.get(
    "/insights/outcomes", response={200: OutcomesOut, 422: Error}, auth=None, openapi_extra=CSV_TOO
)
def outcomes_view(
    request: HttpRequest,
    by: Grouping = "programme",
    format: Literal["json", "csv", "xlsx"] = "json",
):
    """Placement 6 and 12 months after a programme, per programme, operator or pillar
    (best-measured first: ranked by the lower bound of the interval); or, `by=occupation`,
    how the vacancies published in the last year were filled. `format=csv` or `xlsx` for
    a spreadsheet."""
    if format in SPREADSHEETS:
        return outcomes_file(by, format)
    if by == "occupation":
        occupations = [
            {
                "occupation": occupation_out(r.occupation),
                "openings": r.openings,
                "vacancies": r.vacancies,
                "campus_hires": r.campus_hires,
                "external_hires": r.external_hires,
                "fill_rate": _round(r.fill_rate),
                "median_days_to_fill": r.median_days_to_fill,
                "campus_jobs": r.campus_jobs,
            }
            for r in occupation_rows()
        ]
        return {
            "by": by,
            "placement": [],
            "occupations": occupations,
            "smallest_count_shown": SMALLEST_SHOWN,
        }
    return {
        "by": by,
        "placement": [placement_out(r) for r in placement_rows(by)],
        "occupations": [],
        "smallest_count_shown": SMALLEST_SHOWN,
    }
