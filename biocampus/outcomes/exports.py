"""The outcomes tables as spreadsheets: the same rows as the API and the page, "<5" where
a count of people is withheld."""

from django.utils.translation import gettext_lazy as _

from biocampus.common.disclosure import spreadsheet_cell
from biocampus.common.exports import Column
from biocampus.outcomes.insights import OccupationFill, PlacementRow
from biocampus.outcomes.placement import MILESTONES


def _share(value: float | None):
    return "" if value is None else round(value, 4)


def placement_columns(by: str) -> list[Column]:
    columns = [Column("key", _("Key")), Column("name", _("Name"))]
    if by == "programme":
        columns.append(Column("operator", _("Operator")))
    columns.append(Column("completers", _("Completers"), "int"))
    for months in MILESTONES:
        columns += [
            Column(f"known_{months}m", _("Situation known at %(n)s months") % {"n": months}, "int"),
            Column(f"placed_{months}m", _("Placed at %(n)s months") % {"n": months}, "int"),
            Column(
                f"rate_{months}m", _("Placement rate at %(n)s months") % {"n": months}, "decimal"
            ),
            Column(
                f"rate_low_{months}m",
                _("Lower bound (95 %%), %(n)s months") % {"n": months},
                "decimal",
            ),
            Column(
                f"rate_high_{months}m",
                _("Upper bound (95 %%), %(n)s months") % {"n": months},
                "decimal",
            ),
            Column(
                f"response_rate_{months}m",
                _("Follow-up response rate at %(n)s months") % {"n": months},
                "decimal",
            ),
        ]
    columns.append(Column("median_days_to_job", _("Median days to a job"), "decimal"))
    return columns


def placement_cells(rows: list[PlacementRow], by: str) -> list[list]:
    out = []
    for r in rows:
        cells = [r.key, r.name] + ([r.operator] if by == "programme" else [])
        cells.append(spreadsheet_cell(r.completers))
        for months in MILESTONES:
            m = r.milestones[months]
            interval = m.interval
            cells += [
                spreadsheet_cell(m.known),
                spreadsheet_cell(m.placed),
                _share(m.rate),
                _share(interval[0] if interval else None),
                _share(interval[1] if interval else None),
                _share(m.response_rate),
            ]
        cells.append(r.median_days_to_job if r.median_days_to_job is not None else "")
        out.append(cells)
    return out


OCCUPATION_COLUMNS = [
    Column("occupation", _("Job")),
    Column("uri", _("URI")),
    Column("openings", _("Openings published (12 months)"), "int"),
    Column("vacancies", _("Vacancies"), "int"),
    Column("campus_hires", _("Hires from the campus"), "int"),
    Column("external_hires", _("External hires"), "int"),
    Column("fill_rate", _("Fill rate"), "decimal"),
    Column("median_days_to_fill", _("Median days to fill"), "decimal"),
    Column("campus_jobs", _("Jobs campus-trained people report"), "int"),
]


def occupation_cells(rows: list[OccupationFill]) -> list[list]:
    return [
        [
            r.occupation.label(),
            r.occupation.uri,
            r.openings,
            r.vacancies,
            spreadsheet_cell(r.campus_hires),
            spreadsheet_cell(r.external_hires),
            _share(r.fill_rate),
            r.median_days_to_fill if r.median_days_to_fill is not None else "",
            spreadsheet_cell(r.campus_jobs),
        ]
        for r in rows
    ]


CAPACITY_COLUMNS = [
    Column("programme", _("Programme")),
    Column("operator", _("Operator")),
    Column("sessions", _("Sessions"), "int"),
    Column("seats", _("Seats"), "int"),
    Column("seat_cost", _("Cost of a seat"), "money"),
    Column("cost", _("Cost"), "money"),
    Column("placement_rate_low", _("Placement rate, lower bound (95 %)"), "decimal"),
    Column("expected_jobs", _("Expected jobs"), "decimal"),
    Column("jobs_per_10k_eur", _("Jobs per 10,000 €"), "decimal"),
    Column("next_10k_eur", _("Next 10,000 €"), "decimal"),
]


def capacity_cells(rows) -> list[list]:
    """The proposals of a capacity advice (capacity.proposal_rows)."""
    return [
        [
            r.programme.title,
            r.programme.operator.name,
            r.proposal.sessions,
            r.proposal.seats,
            r.candidate.seat_cost,
            round(r.proposal.cost, 2),
            round(r.candidate.rate.low, 4),
            round(r.proposal.placements, 2),
            round(r.proposal.jobs_per_10k, 3),
            round(r.proposal.marginal_jobs_per_10k, 3),
        ]
        for r in rows
    ]
