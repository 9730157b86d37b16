"""The public jobs-gap page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from biocampus.accelerator.services.cohort import jobs_created
from biocampus.skills.api_insights import jobs_gap_csv
from biocampus.skills.forms import PillarFilterForm
from biocampus.skills.services.jobs_gap import READY_AT, cached_jobs_gap
from biocampus.skills.services.unmet_demand import unmet_demand

BAR_WIDTH = 360


def jobs_gap_page(request: HttpRequest) -> HttpResponse:
    form = PillarFilterForm(request.GET or None)
    pillar = (
        form.cleaned_data["pillar"].slug
        if form.is_valid() and form.cleaned_data["pillar"]
        else None
    )
    report = cached_jobs_gap(pillar=pillar)
    if request.GET.get("format") == "csv":
        response = HttpResponse(jobs_gap_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="jobs-gap.csv"'
        return response
    rows = [r for r in report.rows if r.demand or r.ready or r.in_training]
    this_year = timezone.localdate().year
    years = [this_year + 1, this_year + 2]  # this year's forecast is in the demand column
    table = [(r, [r.forecasts.get(y, 0) for y in years]) for r in rows]
    scale = max([r.demand for r in rows] + [r.ready + r.in_training for r in rows] + [1])
    bars = [
        {
            "row": r,
            "y": 30 + i * 46,
            "demand": round(BAR_WIDTH * r.demand / scale),
            "ready": round(BAR_WIDTH * r.ready / scale),
            "training": round(BAR_WIDTH * r.in_training / scale),
            "supply": r.ready + r.in_training,
        }
        for i, r in enumerate(rows[:15])
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
            "totals": report.totals(),
            "bars": bars,
            "chart_height": 40 + 46 * len(bars),
            "bar_x": 250,
            "ready_at": READY_AT,
            "progress_pct": round(100 * report.progress, 1),
            "query": request.GET.urlencode(),
            "unmet": unmet_demand(),
            "startup_jobs": jobs_created(),
        },
    )
