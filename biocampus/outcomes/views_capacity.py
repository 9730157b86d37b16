"""The capacity-advice page: the campus and operators ask where a budget of extra seats
creates the most jobs; an operator schedules the sessions proposed for its programmes."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biocampus.common.charts import Scale, offsets
from biocampus.common.errors import DomainError, TooMany
from biocampus.common.exports import SPREADSHEETS
from biocampus.common.pages import report as report_error
from biocampus.outcomes.access import require_capacity_advice
from biocampus.outcomes.api_insights import capacity_file
from biocampus.outcomes.capacity import (
    Report,
    cached_capacity_advice,
    occupation_rows,
    proposal_rows,
    quarter_parse,
)
from biocampus.outcomes.capacity_forms import AdviceSessionsForm, CapacityQuestionForm
from biocampus.outcomes.capacity_services import advice_sessions_create

# Horizontal bars 18 px high, rows 30 px apart, the longest 300 px, after a 230 px label.
BAR, FIRST_ROW, ROW_STEP, LABEL = 300, 10, 30, 230
MAX_ROWS = 12


def _bars(values: list[float]) -> list[tuple[int, int]]:
    """(y, length) for each value, on one scale."""
    scale = Scale(values, BAR)
    ys = offsets(len(values), first=FIRST_ROW, step=ROW_STEP)
    return [(y, scale(v, minimum=2 if v else 0)) for y, v in zip(ys, values, strict=True)]


def _first_day(report: Report) -> dt.date:
    day = max(report.quarter.start, timezone.localdate() + dt.timedelta(days=1))
    while day.weekday() > 4:
        day += dt.timedelta(days=1)
    return day


def _session_form(report: Report, row, data=None) -> AdviceSessionsForm:
    needed = max(row.proposal.session_seats)
    rooms = [
        (r.resource.pk, f"{r.resource.name} ({r.resource.capacity})")
        for r in report.rooms
        if r.resource.capacity >= needed and row.proposal.room_seats
    ]
    return AdviceSessionsForm(
        data,
        rooms=rooms,
        initial={
            "budget_eur": report.budget,
            "quarter": report.quarter.label,
            "first_day": _first_day(report),
        },
        auto_id=f"id_p{row.programme.pk}_%s",
    )


def _context(request: HttpRequest, report: Report) -> dict:
    rows = proposal_rows(report, request.user)
    charted = sorted(rows, key=lambda r: -r.proposal.jobs_per_10k)[:MAX_ROWS]
    occupations = occupation_rows(report)[:MAX_ROWS]
    scale = Scale([o.gap or 0 for o in occupations] + [o.placements for o in occupations], BAR)
    ys = offsets(len(occupations), first=FIRST_ROW, step=ROW_STEP + 12)
    return {
        "report": report,
        "advice": report.advice,
        "advice_gap": max(report.advice.bound - report.advice.total_placements, 0),
        "rows": [(r, _session_form(report, r) if r.yours else None) for r in rows],
        "proposal_bars": [
            (r, y, length)
            for r, (y, length) in zip(
                charted, _bars([r.proposal.jobs_per_10k for r in charted]), strict=True
            )
        ],
        "occupation_bars": [
            (o, y, scale(o.gap or 0), scale(o.placements, minimum=2))
            for o, y in zip(occupations, ys, strict=True)
        ],
        "proposal_chart_height": 2 * FIRST_ROW + ROW_STEP * len(charted),
        "occupation_chart_height": 2 * FIRST_ROW + (ROW_STEP + 12) * len(occupations),
        "bar_x": LABEL,
        "chart_width": LABEL + BAR + 90,
        "jobs_per_10k": 10_000 * report.advice.total_placements / report.advice.cost
        if report.advice.cost
        else 0,
    }


@login_required
def capacity_page(request: HttpRequest) -> HttpResponse:
    require_capacity_advice(request.user)
    data = None
    if request.GET:
        # A link with a budget alone asks about the next quarter, as the form offers.
        data = request.GET.copy()
        data.setdefault("quarter", CapacityQuestionForm().fields["quarter"].initial)
    form = CapacityQuestionForm(data)
    context = {"form": form, "report": None}
    if form.is_valid():
        quarter = quarter_parse(form.cleaned_data["quarter"])
        try:
            report = cached_capacity_advice(
                budget=form.cleaned_data["budget_eur"], quarter=quarter, user=request.user
            )
        except TooMany as error:
            form.add_error(None, error.message)
        else:
            if (spreadsheet := request.GET.get("format")) in SPREADSHEETS:
                return capacity_file(report, request.user, spreadsheet, labels=True)
            context.update(_context(request, report))
            query = {"budget_eur": report.budget, "quarter": report.quarter.label}
            context["query"] = urlencode(query)
    return render(request, "outcomes/capacity.html", context)


@login_required
@require_POST
def sessions_post(request: HttpRequest, programme_id: int) -> HttpResponse:
    require_capacity_advice(request.user)
    data = request.POST
    back = reverse("outcomes:capacity")
    # The budget and quarter first: the day and room are checked against the advice.
    question = AdviceSessionsForm(data)
    question.is_valid()
    try:
        if {"budget_eur", "quarter"} & set(question.errors):
            raise DomainError(_("Ask for the advice again: the question was not understood."))
        report = cached_capacity_advice(
            budget=question.cleaned_data["budget_eur"],
            quarter=quarter_parse(question.cleaned_data["quarter"]),
            user=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    back += "?" + urlencode({"budget_eur": report.budget, "quarter": report.quarter.label})
    row = next(
        (r for r in proposal_rows(report, request.user) if r.programme.pk == programme_id), None
    )
    if row is None:
        messages.error(request, _("The advice no longer proposes sessions for this programme."))
        return redirect(back)
    form = _session_form(report, row, data)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(back)
    try:
        created = advice_sessions_create(
            actor=request.user,
            report=report,
            programme_id=programme_id,
            first_day=form.cleaned_data["first_day"],
            room_id=form.cleaned_data["room"],
        )
    except DomainError as error:
        report_error(request, error)
        return redirect(back)
    messages.success(
        request,
        _("%(n)s sessions of “%(title)s” scheduled.")
        % {"n": len(created), "title": row.programme.title},
    )
    return redirect("portal:manage_programme", programme_id=programme_id)
