"""The public jobs-gap page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.utils import timezone

from biocampus.accelerator.queries import jobs_created
from biocampus.common.charts import Scale, columns_and_lines, offsets
from biocampus.common.exports import SPREADSHEETS, table_response
from biocampus.immersion.reach import pupils_this_year
from biocampus.outcomes.pace import cached_pace, targets
from biocampus.outcomes.progress import cached_jobs_filled
from biocampus.skills.forms import PillarFilterForm
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

# Two 16 px bars per occupation (demand; ready and in training), rows 46 px apart, the
# longest bar 360 px; 15 occupations at most.
BAR_WIDTH, FIRST_ROW, ROW_STEP, MAX_ROWS = 360, 30, 46, 15


def pace_chart(quarters):
    """Jobs filled by the end of each quarter (columns) against each target's pace
    (lines)."""
    return columns_and_lines(
        [q.label for q in quarters],
        [
            None if q.actual is None else (float(q.actual), floatformat(q.actual, -1))
            for q in quarters
        ],
        [[q.required[i] for q in quarters] for i in range(len(targets()))],
    )


def jobs_gap_page(request: HttpRequest) -> HttpResponse:
    form = PillarFilterForm(request.GET or None)
    pillar = (
        form.cleaned_data["pillar"].slug
        if form.is_valid() and form.cleaned_data["pillar"]
        else None
    )
    report = cached_jobs_gap(pillar=pillar)
    if (spreadsheet := request.GET.get("format")) in SPREADSHEETS:
        return table_response(
            "jobs-gap", JOBS_GAP_COLUMNS, jobs_gap_csv_rows(report), format=spreadsheet, labels=True
        )
    filtered = pillar is not None
    # A row shows when anything is asked or anyone is counted (a hidden count is not 0).
    rows = [r for r in public_rows(report) if r.demand or r.ready != 0 or r.in_training != 0]
    this_year = timezone.localdate().year
    years = [this_year + 1, this_year + 2]  # this year's forecast is in the demand column
    table = [(r, [r.forecasts.get(y, 0) for y in years]) for r in rows]
    charted = rows[:MAX_ROWS]
    # Withheld counts draw no bar: a bar's length would tell them.
    scale = Scale([r.demand for r in rows] + [r.supply or 0 for r in rows], BAR_WIDTH)
    bars = [
        {
            "row": r,
            "y": y,
            "demand": scale(r.demand),
            "ready": scale(r.ready or 0) if r.supply is not None else 0,
            "training": scale(r.in_training or 0) if r.supply is not None else 0,
            "supply": r.supply,
        }
        for r, y in zip(charted, offsets(len(charted), first=FIRST_ROW, step=ROW_STEP), strict=True)
    ]
    return render(
        request,
        "skills/jobs_gap.html",
        {
            "form": form,
            "report": report,
            "rows": rows,
            "table": table,
            "years": years,
            "totals": public_totals(report, filtered=filtered),
            "ready_people": public_ready_people(report, filtered=filtered),
            "bars": bars,
            "chart_height": 40 + ROW_STEP * len(bars),
            "bar_x": 250,
            "ready_at": READY_AT,
            "progress_pct": round(100 * report.progress, 1)
            if public_ready_people(report, filtered=filtered) is not None
            else None,
            "query": request.GET.urlencode(),
            "unmet": public_unmet_demand(),
            "startup_jobs": jobs_created(),
            "pupils": pupils_this_year(),
            "pace": (pace := cached_pace()),
            "pace_chart": pace_chart(pace),
            "targets": targets(),
            "filled": (filled := cached_jobs_filled()),
            "filled_pct": round(100 * min(float(filled.public_total) / report.target, 1.0), 1)
            if report.target and filled.public_total is not None
            else None,
        },
    )
