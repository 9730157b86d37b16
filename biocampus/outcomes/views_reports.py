"""The public outcomes page: placement per programme, operator or pillar, and how each
occupation's vacancies were filled."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from biocampus.common.charts import offsets
from biocampus.common.exports import SPREADSHEETS
from biocampus.outcomes.api_reports import outcomes_file
from biocampus.outcomes.insights import (
    GROUPING_LABELS,
    GROUPING_NOUNS,
    occupation_rows,
    placement_rows,
)
from biocampus.outcomes.placement import MILESTONES

# The interval chart: labels in the first 250 px, 0-100 % over the next 320, a row every
# 28 px, at most 20 rows (the table has them all).
AXIS_X, AXIS_WIDTH, FIRST_ROW, ROW_STEP, MAX_ROWS = 250, 320, 34, 28, 20


class GroupingForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Show by"), choices=list(GROUPING_LABELS.items()), required=False
    )


def _x(share: float) -> int:
    return AXIS_X + round(AXIS_WIDTH * share)


def interval_chart(rows, months: int) -> list[dict]:
    """A dot for each row's placement rate and a line for its 95 % interval: the width of
    the line shows how much a small group's rate can be trusted."""
    shown = [r for r in rows if r.milestones[months].interval is not None][:MAX_ROWS]
    ys = offsets(len(shown), first=FIRST_ROW, step=ROW_STEP)
    return [
        {
            "row": r,
            "y": y,
            "low": _x(r.milestones[months].interval[0]),
            "high": _x(r.milestones[months].interval[1]),
            "dot": _x(r.milestones[months].rate),
            "rate": r.milestones[months].rate,
        }
        for r, y in zip(shown, ys, strict=True)
    ]


def outcomes_page(request: HttpRequest) -> HttpResponse:
    form = GroupingForm(request.GET or None)
    by = (form.cleaned_data["by"] if form.is_valid() else "") or "programme"
    if (spreadsheet := request.GET.get("format")) in SPREADSHEETS:
        return outcomes_file(by, spreadsheet, labels=True)
    context = {
        "form": form,
        "by": by,
        "by_label": GROUPING_LABELS[by],
        "by_noun": GROUPING_NOUNS[by],
        "milestones": MILESTONES,
        "query": request.GET.urlencode(),
    }
    if by == "occupation":
        context["occupations"] = occupation_rows()
    else:
        rows = placement_rows(by)
        points = interval_chart(rows, MILESTONES[-1])
        context |= {
            "rows": rows,
            "points": points,
            "axis": {
                "x": AXIS_X,
                "end": AXIS_X + AXIS_WIDTH,
                "ticks": [(_x(t / 4), 25 * t) for t in range(5)],
                "height": FIRST_ROW + ROW_STEP * len(points),
            },
        }
    return render(request, "outcomes/insights.html", context)
