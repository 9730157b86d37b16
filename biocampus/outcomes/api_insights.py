"""API v1: capacity advice — where a budget of extra seats creates the most jobs."""

from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from biocampus.api.auth import authenticated
from biocampus.api.enums import one_of
from biocampus.api.openapi import CSV_TOO
from biocampus.api.schemas import Error
from biocampus.catalog.models import Format
from biocampus.common.exports import SPREADSHEETS, table_response
from biocampus.outcomes.access import require_capacity_advice
from biocampus.outcomes.capacity import (
    AdviceStatus,
    Report,
    cached_capacity_advice,
    occupation_rows,
    proposal_rows,
    quarter_parse,
)
from biocampus.outcomes.exports import CAPACITY_COLUMNS, capacity_cells

router = Router(tags=["insights"], auth=authenticated)
BUDGET_MAX = 100_000_000  # euros


def _money(value: float | Decimal) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


class RateOut(Schema):
    """The placement rate at 12 months: completers employed in the programme's
    occupations among those whose situation is known, with its Wilson 95 % interval."""

    placed: int
    known: int
    rate: float | None
    low: float = Field(description="The lower bound: what the advice counts on.")
    high: float


class NamedOut(Schema):
    id: int
    name: str


class ProposalOut(Schema):
    programme: NamedOut
    operator: NamedOut
    yours: bool = Field(description="You run this operator and may create the sessions.")
    format: one_of(Format)
    sessions: int
    seats: int
    session_seats: list[int]
    room_seats: int = Field(description="The smallest room its sessions need (0: online).")
    hours_per_session: Decimal
    seat_cost: Decimal = Field(description="Euros.")
    seat_cost_estimated: bool
    cost: Decimal = Field(description="Euros.")
    placement_rate: RateOut
    expected_placements: float
    jobs_per_10k_eur: float
    marginal_jobs_per_10k_eur: float = Field(
        description="What 10,000 EUR more on this programme would add, counting only the "
        "occupations the plan leaves short."
    )
    occupations: list[int]


class OccupationPlanOut(Schema):
    id: int
    label: str
    gap: int | None = Field(description="Jobs short; null where the public jobs gap withholds it.")
    expected_placements: float


class CapacityAdviceOut(Schema):
    quarter: str
    budget_eur: int
    status: one_of(AdviceStatus)
    solve_ms: float
    sessions: int
    seats: int
    cost: Decimal = Field(description="Euros.")
    expected_placements: float
    placements_bound: float = Field(description="No plan can place more (the solver's proof).")
    jobs_per_10k_eur: float
    room_hours_free: float
    trainer_hours_free: float
    programmes_without_record: int
    proposals: list[ProposalOut]
    occupations: list[OccupationPlanOut]


def advice_out(report: Report, user) -> dict:
    advice = report.advice
    return {
        "quarter": report.quarter.label,
        "budget_eur": report.budget,
        "status": advice.status,
        "solve_ms": round(advice.solve_ms, 1),
        "sessions": advice.sessions,
        "seats": advice.seats,
        "cost": _money(advice.cost),
        "expected_placements": round(advice.total_placements, 2),
        "placements_bound": round(advice.bound, 2),
        "jobs_per_10k_eur": round(10_000 * advice.total_placements / advice.cost, 3)
        if advice.cost
        else 0.0,
        "room_hours_free": round(report.room_hours, 1),
        "trainer_hours_free": round(report.trainer_hours, 1),
        "programmes_without_record": report.unrated,
        "proposals": [
            {
                "programme": {"id": r.programme.pk, "name": r.programme.title},
                "operator": {"id": r.programme.operator_id, "name": r.programme.operator.name},
                "yours": r.yours,
                "format": r.programme.format,
                "sessions": r.proposal.sessions,
                "seats": r.proposal.seats,
                "session_seats": r.proposal.session_seats,
                "room_seats": r.proposal.room_seats,
                "hours_per_session": r.programme.duration_hours,
                "seat_cost": r.candidate.seat_cost,
                "seat_cost_estimated": r.candidate.cost_estimated,
                "cost": _money(r.proposal.cost),
                "placement_rate": {
                    "placed": r.candidate.rate.placed,
                    "known": r.candidate.rate.known,
                    "rate": r.candidate.rate.rate,
                    "low": round(r.candidate.rate.low, 4),
                    "high": round(r.candidate.rate.high, 4),
                },
                "expected_placements": round(r.proposal.placements, 2),
                "jobs_per_10k_eur": round(r.proposal.jobs_per_10k, 3),
                "marginal_jobs_per_10k_eur": round(r.proposal.marginal_jobs_per_10k, 3),
                "occupations": r.candidate.occupations,
            }
            for r in proposal_rows(report, user)
        ],
        "occupations": [
            {
                "id": o.occupation.pk,
                "label": o.occupation.label(),
                "gap": o.gap,
                "expected_placements": round(o.placements, 2),
            }
            for o in occupation_rows(report)
        ],
    }


@router.get(
    "/insights/capacity-advice",
    response={200: CapacityAdviceOut, 401: Error, 403: Error, 422: Error, 429: Error},
    openapi_extra=CSV_TOO,
)
def capacity_advice_view(
    request: HttpRequest,
    budget_eur: int = Query(..., ge=1, le=BUDGET_MAX, description="Euros to spend on seats."),
    quarter: str = Query("", max_length=7, description="YYYY-Qn; the next quarter if empty."),
    format: Literal["json", "csv", "xlsx"] = "json",
):
    """Where extra seats would create the most jobs: the budget shared among programmes
    to maximise expected placements in occupations with a gap, within the rooms and
    trainers free in the quarter. For the campus and training operators' staff.
    `format=csv` or `xlsx` for the proposals as a spreadsheet."""
    require_capacity_advice(request.user)
    report = cached_capacity_advice(
        budget=budget_eur, quarter=quarter_parse(quarter), user=request.user
    )
    if format in SPREADSHEETS:
        return capacity_file(report, request.user, format)
    return advice_out(report, request.user)


def capacity_file(report, user, format: str, *, labels: bool = False):
    return table_response(
        f"capacity-advice-{report.quarter.label}-{report.budget}",
        CAPACITY_COLUMNS,
        capacity_cells(proposal_rows(report, user)),
        format=format,
        labels=labels,
    )
