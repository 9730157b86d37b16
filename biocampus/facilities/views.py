"""Facilities pages: find and book, a resource's week, my bookings and approvals, usage
and cost, occupancy."""

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biocampus.catalog import services as catalog_services
from biocampus.catalog.access import get_session_for_user
from biocampus.common.errors import DomainError
from biocampus.common.exports import SPREADSHEETS, table_response
from biocampus.common.pages import form_error, report
from biocampus.facilities import queries, services
from biocampus.facilities.access import (
    get_booking_for_user,
    get_proposal_for_user,
    get_resource_for_user,
    is_facility_manager,
)
from biocampus.facilities.feedback import report_bookings
from biocampus.facilities.forms import (
    BookingForm,
    SearchForm,
    TimetableForm,
    TimetableMeetingFormSet,
    feature_choices,
    meetings_to_place,
)
from biocampus.facilities.models import Resource
from biocampus.facilities.queries import busy, resource_search
from biocampus.facilities.usage import USAGE_COLUMNS, occupancy, usage_csv_rows

HOURS = range(8, 20)


def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    results, window = [], (None, None)
    if form.is_valid():
        window = form.window()
        results = list(
            resource_search(
                kind=form.cleaned_data["kind"],
                features=[f.code for f in form.cleaned_data["features"]],
                min_capacity=form.cleaned_data["min_capacity"],
                free_from=window[0],
                free_to=window[1],
            )
        )
    elif not request.GET:
        results = list(resource_search())
    return render(
        request,
        "facilities/search.html",
        {"form": form, "results": results, "window": window, "query": request.GET.urlencode()},
    )


def _week(request: HttpRequest) -> dt.date:
    raw = request.GET.get("week", "")
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        day = timezone.localdate()
    return day - dt.timedelta(days=day.weekday())


def _resource_page(
    request: HttpRequest,
    resource: Resource,
    form: BookingForm | None,
    conflicts: list[dict] | tuple = (),
    status: int = 200,
) -> HttpResponse:
    """The resource, its week (hour by hour, Monday to Sunday) and the booking form."""
    monday = _week(request)
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time()), tz)
    bookings = busy(resource, start, start + dt.timedelta(days=7))
    days = []
    for i in range(7):
        day = monday + dt.timedelta(days=i)
        slots = []
        for hour in HOURS:
            a = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)), tz)
            b = a + dt.timedelta(hours=1)
            slots.append(next((x for x in bookings if x.starts_at < b and a < x.ends_at), None))
        days.append((day, slots))
    return render(
        request,
        "facilities/resource.html",
        {
            "resource": resource,
            "days": [day for day, _slots in days],
            "grid": [(hour, [slots[i] for _day, slots in days]) for i, hour in enumerate(HOURS)],
            "monday": monday,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "form": form,
            "conflicts": conflicts,
        },
        status=status,
    )


def resource_detail(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = get_resource_for_user(request.user, resource_id)
    form = None
    if request.user.is_authenticated:
        initial = {k: request.GET.get(k) for k in ("day", "start", "end") if request.GET.get(k)}
        form = BookingForm(
            initial=initial, organisations=queries.organisations_to_book_for(request.user)
        )
    return _resource_page(request, resource, form)


@login_required
@require_POST
def book(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = get_resource_for_user(request.user, resource_id)
    form = BookingForm(request.POST, organisations=queries.organisations_to_book_for(request.user))
    if not form.is_valid():
        return _resource_page(request, resource, form, status=400)
    starts_at, ends_at = form.range()
    weeks = form.cleaned_data["weeks"]
    try:
        result = services.booking_create(
            actor=request.user,
            resource_id=resource.pk,
            organisation_id=int(form.cleaned_data["organisation"]),
            starts_at=starts_at,
            ends_at=ends_at,
            purpose=form.cleaned_data["purpose"],
            title=form.cleaned_data["title"],
            rrule=f"FREQ=WEEKLY;COUNT={weeks}" if weeks > 1 else None,
            free_only=form.cleaned_data["free_only"],
        )
    except DomainError as error:
        if error.code.startswith("certification_"):
            # The instrument is there to see; what the person lacks, and how to get it,
            # belongs beside the form, not on a bare "not allowed" page.
            form.add_error(None, error.message)
        else:
            form_error(form, error)
        conflicts = getattr(error, "conflicts", ())
        return _resource_page(request, resource, form, conflicts, status=error.status)
    report_bookings(request, result.bookings)
    if result.skipped:
        messages.error(
            request, _("%(n)d week(s) were taken and not booked.") % {"n": len(result.skipped)}
        )
    return redirect("facilities:my_bookings")


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "facilities/my_bookings.html",
        {
            "bookings": queries.bookings_of(request.user, upcoming=True)[:200],
            "pending": queries.bookings_pending(request.user)[:200],
            "feed_url": request.session.pop("feed_url", ""),
        },
    )


def _decided(
    request: HttpRequest, booking_id: int, decide: Callable[..., object], done: str
) -> HttpResponse:
    """Approve, reject or cancel a booking the user can see; back to "my bookings" with
    what happened, or why it was refused."""
    booking = get_booking_for_user(request.user, booking_id)
    try:
        decide(actor=request.user, booking=booking)
    except DomainError as error:
        report(request, error)
    else:
        messages.success(request, done)
    return redirect("facilities:my_bookings")


@login_required
@require_POST
def booking_approve(request: HttpRequest, booking_id: int) -> HttpResponse:
    return _decided(request, booking_id, services.booking_approve, _("Booking approved."))


@login_required
@require_POST
def booking_reject(request: HttpRequest, booking_id: int) -> HttpResponse:
    return _decided(request, booking_id, services.booking_reject, _("Booking rejected."))


@login_required
@require_POST
def booking_cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    return _decided(request, booking_id, services.booking_cancel, _("Booking cancelled."))


@login_required
@require_POST
def calendar_feed(request: HttpRequest) -> HttpResponse:
    raw = services.calendar_token_reset(actor=request.user)
    request.session["feed_url"] = request.build_absolute_uri(f"/api/v1/calendar/{raw}.ics")
    messages.success(request, _("Your new calendar address is below; the old one no longer works."))
    return redirect("facilities:my_bookings")


# How far back the page looks for a month with usage when none is asked for.
USAGE_LOOKBACK_MONTHS = 12


def _latest_month_with_usage(user) -> tuple[dt.date, list]:
    """This month, or the latest of the last months that has any usage (a page that opens
    on an empty month tells nothing)."""
    month = timezone.localdate().replace(day=1)
    for _step in range(USAGE_LOOKBACK_MONTHS):
        rows = queries.usage_for(user, month)
        if rows:
            return month, rows
        month = (month - dt.timedelta(days=1)).replace(day=1)
    month = timezone.localdate().replace(day=1)
    return month, []


@login_required
def usage_page(request: HttpRequest) -> HttpResponse:
    asked = request.GET.get("month", "")
    try:
        month = dt.datetime.strptime(asked, "%Y-%m").date()
        rows = queries.usage_for(request.user, month)
    except ValueError:
        month, rows = _latest_month_with_usage(request.user)
    if (spreadsheet := request.GET.get("format")) in SPREADSHEETS:
        return table_response(
            f"usage-{month:%Y-%m}",
            USAGE_COLUMNS,
            usage_csv_rows(rows),
            format=spreadsheet,
            labels=True,
        )
    return render(
        request,
        "facilities/usage.html",
        {
            "rows": rows,
            "organisations": _by_organisation(rows),
            "month": month,
            "not_this_month": not asked and month != timezone.localdate().replace(day=1),
            "total": sum((r.cost for r in rows), 0),
            "previous": (month - dt.timedelta(days=1)).replace(day=1),
            "next": (month + dt.timedelta(days=32)).replace(day=1),
            "everyone": is_facility_manager(request.user),
        },
    )


def _by_organisation(rows: list) -> list[tuple[str, list, object]]:
    """(organisation, its rows, its subtotal), in the rows' order."""
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(row.organisation, []).append(row)
    return [(name, group, sum((r.cost for r in group), 0)) for name, group in groups.items()]


@login_required
def occupancy_page(request: HttpRequest) -> HttpResponse:
    if not is_facility_manager(request.user):
        raise PermissionDenied
    monday = _week(request) - dt.timedelta(weeks=3)
    report_ = occupancy(monday, weeks=8)
    rows = [
        (r, [(None if v is None else round(v * 100)) for v in report_.rates[r.pk]])
        for r, _avg in report_.ranked()
    ]
    ranked = report_.ranked()
    return render(
        request,
        "facilities/occupancy.html",
        {
            "weeks": report_.weeks,
            "rows": rows,
            "busiest": ranked[:3],
            "idlest": list(reversed(ranked[-3:])),
        },
    )


@login_required
def session_room(request: HttpRequest, session_id: int) -> HttpResponse:
    """Hold one room for every meeting of a session: the rooms free for all of them."""
    session = get_session_for_user(request.user, session_id, for_change=True)
    if request.method == "POST":
        try:
            result = catalog_services.session_room_hold(
                actor=request.user,
                session=session,
                resource_id=int(request.POST.get("resource", "0") or 0),
            )
        except ValueError:
            messages.error(request, _("Choose a room."))
        except DomainError as error:
            report(request, error)
        else:
            report_bookings(request, result.bookings)
            return redirect("portal:manage_session", session_id=session.pk)
    spans = queries.session_spans(session)
    return render(
        request,
        "facilities/session_room.html",
        {
            "session": session,
            "rooms": queries.rooms_free_for(spans, min_capacity=session.capacity),
            "spans": spans,
            "held": queries.session_rooms(session),
        },
    )


@login_required
def timetable_page(request: HttpRequest) -> HttpResponse:
    organisations = queries.member_organisations(request.user)
    if not organisations:
        raise PermissionDenied
    form = TimetableForm(request.POST or None, organisations=organisations)
    meetings = TimetableMeetingFormSet(
        request.POST or None, prefix="meetings", form_kwargs={"features": feature_choices()}
    )
    if request.method == "POST" and form.is_valid() and meetings.is_valid():
        data = form.cleaned_data
        wanted = meetings_to_place(meetings)
        if not wanted:
            form.add_error(None, _("Add at least one meeting to place."))
        else:
            try:
                proposal = services.timetable_propose(
                    actor=request.user,
                    organisation_id=int(data["organisation"]),
                    window_start=data["window_from"],
                    window_end=data["window_to"],
                    meetings=wanted,
                    unavailable=data["unavailable"],
                )
            except DomainError as error:
                form_error(form, error)
            else:
                return redirect("facilities:proposal", proposal_id=proposal.pk)
    recent = queries.proposals_recent(request.user)
    return render(
        request,
        "facilities/timetable.html",
        {"form": form, "meetings": meetings, "recent": recent},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def proposal_page(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = get_proposal_for_user(request.user, proposal_id)
    if request.method == "POST":
        try:
            bookings = services.proposal_accept(actor=request.user, proposal=proposal)
        except DomainError as error:
            report(request, error)
        else:
            report_bookings(request, bookings)
            return redirect("facilities:my_bookings")
    return render(
        request,
        "facilities/proposal.html",
        {
            "proposal": proposal,
            "rows": queries.proposal_placements(proposal),
            "progress": queries.proposal_progress(proposal) if proposal.in_the_works else None,
        },
    )
