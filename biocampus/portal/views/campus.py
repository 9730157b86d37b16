from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from biocampus.accounts.roles import is_campus_admin
from biocampus.common.charts import bars
from biocampus.portal.queries import campus_overview


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    if not is_campus_admin(request.user):
        raise PermissionDenied
    figures = campus_overview()
    # One 36 px row per pillar, bars up to 300 px (a bar is never invisible).
    chart = bars(
        [row["enrolments"] for row in figures["per_pillar"]],
        length=300,
        first=8,
        step=36,
        minimum=1,
    )
    return render(
        request,
        "portal/campus/overview.html",
        {
            **figures,
            "chart": list(zip(figures["per_pillar"], chart, strict=True)),
            "chart_height": 16 + 36 * len(chart),
        },
    )
