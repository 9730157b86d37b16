"""Immersion pages: the formats, a teacher's request and visits, the campus's requests,
and a day's rotation to compute, adjust and accept."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from biocampus.common.errors import DomainError, NotFound
from biocampus.common.pages import form_error, paginate, report
from biocampus.credentials.services import may_issue_for
from biocampus.facilities.access import is_facility_manager
from biocampus.immersion import badges, plan_edits, planning, printouts, queries, services
from biocampus.immersion.access import campus_for, campus_ids, get_visit_for_user
from biocampus.immersion.board import board
from biocampus.immersion.forms import FeedbackForm, ScheduleForm, VisitRequestForm
from biocampus.immersion.models import DayPlan, PlanStatus, Visit, VisitDay, VisitStatus
from biocampus.immersion.reach import reach


def formats_page(request: HttpRequest) -> HttpResponse:
    found = list(queries.published_formats())
    days = queries.upcoming_days({f.campus_id for f in found})
    return render(
        request,
        "immersion/formats.html",
        {
            "formats": [(f, services.minimum_stay(f), days.get(f.campus_id, [])) for f in found],
            "is_campus": bool(campus_ids(request.user)),
        },
    )


@login_required
def request_page(request: HttpRequest) -> HttpResponse:
    form = VisitRequestForm(request.POST or None, user=request.user, initial=request.GET)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.visit_request(
                actor=request.user,
                school_id=data["school"].pk,
                format_id=data["format"].pk,
                class_name=data["class_name"],
                school_year=data["school_year"],
                pupils=data["pupils"],
                adults=data["adults"],
                language=data["language"],
                arrival=data["arrival"],
                departure=data["departure"],
                dates=form.dates(),
                accessibility=data["accessibility"],
                municipality=data["municipality"],
            )
        except DomainError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your request is sent: the campus will answer by e-mail."))
            return redirect("immersion:visit", visit.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "immersion/request.html", {"form": form}, status=status)


@login_required
def my_visits(request: HttpRequest) -> HttpResponse:
    page = paginate(request, queries.teacher_visits(request.user), 20)
    return render(request, "immersion/my_visits.html", {"page": page})


def _plan_of(visit: Visit) -> DayPlan | None:
    return queries.accepted_plan(visit) if visit.status == VisitStatus.PLANNED else None


@login_required
def visit_page(request: HttpRequest, visit_id: int) -> HttpResponse:
    visit = get_visit_for_user(request.user, visit_id)
    if request.method == "POST":
        try:
            _visit_action(request, visit)
        except DomainError as error:
            report(request, error)
        return redirect("immersion:visit", visit.pk)
    is_campus = visit.format.campus_id in campus_ids(request.user)
    return render(
        request,
        "immersion/visit.html",
        {
            "visit": visit,
            "plan": _plan_of(visit),
            "is_teacher": visit.teacher_id == request.user.pk,
            "feedback": getattr(visit, "feedback", None),
            "badge": getattr(visit, "badge", None),
            "come": visit.status == VisitStatus.PLANNED and visit.date <= timezone.localdate(),
            "may_sign": may_issue_for(request.user, visit.format.campus_id),
            "feedback_form": FeedbackForm() if _feedback_open(visit, request.user) else None,
            "is_campus": is_campus,
            "schedule_form": ScheduleForm(initial={"date": (visit.acceptable_dates or [""])[0]})
            if is_campus
            else None,
        },
    )


def _first_error(form) -> str:
    """What is wrong with a posted form, for the message above the page."""
    field, errors = next(iter(form.errors.items()))
    label = form.fields[field].label if field in form.fields else ""
    return f"{label}: {errors[0]}" if label else str(errors[0])


def _feedback_open(visit: Visit, user) -> bool:
    return (
        visit.teacher_id == user.pk
        and visit.status == VisitStatus.PLANNED
        and visit.date <= timezone.localdate()
        and not hasattr(visit, "feedback")
    )


def _visit_action(request: HttpRequest, visit: Visit) -> None:
    action = request.POST.get("action")
    if action == "feedback":
        form = FeedbackForm(request.POST)
        if not form.is_valid():
            raise DomainError(_first_error(form), code="invalid_feedback")
        services.visit_feedback(actor=request.user, visit_id=visit.pk, **form.cleaned_data)
        messages.success(request, _("Thank you: your answer helps the next classes."))
    elif action == "badge":
        badges.class_badge_issue(actor=request.user, visit_id=visit.pk)
        messages.success(request, _("The class's badge is issued: its teacher holds it."))
    elif action == "schedule":
        form = ScheduleForm(request.POST)
        if not form.is_valid():
            raise DomainError(_first_error(form), code="invalid_date")
        done = services.visit_schedule(
            actor=request.user, visit_id=visit.pk, date=form.cleaned_data["date"]
        )
        messages.success(request, done.get_status_display())
    elif action in ("accept_date", "decline_date"):
        services.visit_answer_date(
            actor=request.user, visit_id=visit.pk, accept=action == "accept_date"
        )
        messages.success(request, _("Your answer is saved."))
    else:
        raise DomainError(_("Unknown action."), code="invalid_action")


@login_required
def visit_pdf(request: HttpRequest, visit_id: int, kind: str) -> HttpResponse:
    visit = get_visit_for_user(request.user, visit_id)
    plan = _plan_of(visit)
    if plan is None:
        raise Http404
    if kind == "plan":
        return printouts.pdf_response(
            printouts.class_plan_pdf(plan, visit), f"day-plan-{visit.pk}.pdf"
        )
    return printouts.pdf_response(printouts.certificates_pdf(visit), f"certificates-{visit.pk}.pdf")


def _campus_of(request: HttpRequest):
    if not is_facility_manager(request.user):
        raise NotFound(_("Not found."))
    return campus_for(request.user, _int(request.GET.get("campus")))


def _int(raw: str | None) -> int | None:
    # isdigit() alone admits "²" and other digits int() refuses.
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) < 12 else None


@login_required
def campus_page(request: HttpRequest) -> HttpResponse:
    """Requests waiting for a date, and the coming visit days with their classes."""
    campus = _campus_of(request)
    visits = queries.campus_visits(campus.pk)
    waiting = visits.filter(status__in=[VisitStatus.REQUESTED, VisitStatus.OTHER_DATE])
    days = queries.coming_visit_days(campus.pk)
    return render(
        request,
        "immersion/campus.html",
        {"campus": campus, "waiting": waiting.order_by("created_at"), "days": days},
    )


@login_required
def day_page(request: HttpRequest, date: str) -> HttpResponse:
    campus = _campus_of(request)
    try:
        when = dt.date.fromisoformat(date)
    except ValueError:
        raise Http404 from None
    day = VisitDay.objects.filter(campus=campus, date=when).first()
    if day is None:
        raise Http404
    if request.method == "POST":
        try:
            _day_action(request, campus, when)
        except DomainError as error:
            report(request, error)
        return redirect("immersion:day", date)
    plans = DayPlan.objects.filter(campus=campus, date=when)
    plan = (
        plans.filter(status=PlanStatus.ACCEPTED).first()
        or plans.filter(status=PlanStatus.PROPOSED).first()
    )
    visits = (
        queries.campus_visits(campus.pk).filter(date=when).exclude(status=VisitStatus.CANCELLED)
    )
    return render(
        request,
        "immersion/day.html",
        {
            "day": day,
            "plan": plan,
            "board": board(plan) if plan else None,
            "reasons": planning.reason_lines(plan) if plan else [],
            "visits": visits,
            "confirmed": sum(1 for v in visits if v.status == VisitStatus.CONFIRMED),
        },
    )


def _day_action(request: HttpRequest, campus, when: dt.date) -> None:
    action = request.POST.get("action")
    if action == "compute":
        plan = planning.day_plan_compute(actor=request.user, campus_id=campus.pk, date=when)
        if plan.solver_status in ("optimal", "feasible"):
            messages.success(request, _("A rotation is proposed: review it, then accept it."))
        else:
            messages.error(request, _("No rotation fits this day; the reasons are below."))
    elif action == "accept":
        planning.day_plan_accept(actor=request.user, plan_id=_int(request.POST.get("plan")) or 0)
        messages.success(request, _("The day is planned: rooms booked, teachers told."))
    elif action == "move":
        try:
            start = dt.time.fromisoformat(request.POST.get("start", ""))
        except ValueError:
            raise DomainError(_("Give the new start time."), code="invalid_time") from None
        plan_edits.plan_slot_move(
            actor=request.user, slot_id=_int(request.POST.get("slot")) or 0, start=start
        )
        messages.success(request, _("Moved: every rule still holds."))
    elif action == "swap":
        plan_edits.plan_slots_swap(
            actor=request.user,
            slot_id=_int(request.POST.get("slot")) or 0,
            other_id=_int(request.POST.get("other")) or 0,
        )
        messages.success(request, _("Swapped: every rule still holds."))
    else:
        raise DomainError(_("Unknown action."), code="invalid_action")


@login_required
def plan_stations_pdf(request: HttpRequest, plan_id: int) -> HttpResponse:
    campus = _campus_of(request)
    plan = DayPlan.objects.filter(pk=plan_id, campus=campus).first()
    if plan is None:
        raise Http404
    return printouts.pdf_response(
        printouts.station_schedules_pdf(plan), f"stations-{plan.date:%Y-%m-%d}.pdf"
    )


@login_required
def reach_page(request: HttpRequest) -> HttpResponse:
    """Who the pillar reached this year (or `year`): schools, years, municipalities."""
    campus = _campus_of(request)
    this_year = timezone.localdate().year
    year = _int(request.GET.get("year")) or this_year
    if not 2000 <= year <= this_year:
        year = this_year
    return render(
        request,
        "immersion/reach.html",
        {"campus": campus, "reach": reach(campus.pk, year), "years": range(this_year, 2019, -1)},
    )
