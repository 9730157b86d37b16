"""Facilities pages: find and book, a resource's week, my bookings and approvals, usage
and cost, occupancy."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biocampus.accounts.models import Organisation
from biocampus.catalog.access import get_session_for_user
from biocampus.common.errors import DomainError
from biocampus.facilities import services
from biocampus.facilities.access import is_facility_manager, member_org_ids
from biocampus.facilities.api import usage_csv
from biocampus.facilities.calendars import calendar_token_reset
from biocampus.facilities.forms import BookingForm, SearchForm, TimetableForm
from biocampus.facilities.models import Booking, BookingStatus, Resource, TimetableProposal
from biocampus.facilities.queries import busy, resource_search
from biocampus.facilities.timetable import accept, propose
from biocampus.facilities.usage import monthly_usage, occupancy
from biocampus.portal.views.common import report

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


def _organisations(user) -> list[Organisation]:
    if is_facility_manager(user):
        return list(Organisation.objects.order_by("name"))
    return list(Organisation.objects.filter(pk__in=member_org_ids(user)).order_by("name"))


def _resource(resource_id: int) -> Resource:
    resource = (
        Resource.objects.select_related("space", "organisation", "certification")
        .prefetch_related("features", "opening_hours")
        .filter(pk=resource_id, active=True)
        .first()
    )
    if resource is None:
        raise Http404
    return resource


def _resource_page(request, resource, form, conflicts=(), status=200) -> HttpResponse:
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
    resource = _resource(resource_id)
    form = None
    if request.user.is_authenticated:
        initial = {k: request.GET.get(k) for k in ("day", "start", "end") if request.GET.get(k)}
        form = BookingForm(initial=initial, organisations=_organisations(request.user))
    return _resource_page(request, resource, form)


@login_required
@require_POST
def book(request: HttpRequest, resource_id: int) -> HttpResponse:
    resource = _resource(resource_id)
    form = BookingForm(request.POST, organisations=_organisations(request.user))
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
    except services.BookingConflict as error:
        form.add_error(None, error.message)
        return _resource_page(request, resource, form, error.conflicts, status=409)
    except DomainError as error:
        form.add_error(None, error.message)
        return _resource_page(request, resource, form, status=error.status)
    if result.bookings[0].status == BookingStatus.APPROVED:
        messages.success(request, _("Booked: %(n)d slot(s).") % {"n": len(result.bookings)})
    else:
        messages.success(request, _("Requested; the facility manager will decide."))
    if result.skipped:
        messages.error(
            request, _("%(n)d week(s) were taken and not booked.") % {"n": len(result.skipped)}
        )
    return redirect("facilities:my_bookings")


@login_required
def my_bookings(request: HttpRequest) -> HttpResponse:
    mine = (
        Booking.objects.filter(
            Q(booked_by=request.user) | Q(organisation_id__in=member_org_ids(request.user)),
            ends_at__gte=timezone.now(),
        )
        .select_related("resource", "organisation")
        .order_by("starts_at")[:200]
    )
    pending = []
    if is_facility_manager(request.user):
        pending = (
            Booking.objects.filter(status=BookingStatus.REQUESTED)
            .select_related("resource", "organisation", "booked_by")
            .order_by("starts_at")[:200]
        )
    return render(
        request,
        "facilities/my_bookings.html",
        {"bookings": mine, "pending": pending, "feed_url": request.session.pop("feed_url", "")},
    )


@login_required
@require_POST
def booking_action(request: HttpRequest, booking_id: int, action: str) -> HttpResponse:
    booking = Booking.objects.filter(pk=booking_id).first()
    if booking is None:
        raise Http404
    act = {
        "approve": services.booking_approve,
        "reject": services.booking_reject,
        "cancel": services.booking_cancel,
    }.get(action)
    if act is None:
        raise Http404
    try:
        act(actor=request.user, booking=booking)
    except services.BookingConflict as error:
        report(request, error)
    except DomainError as error:
        if error.status == 403:
            raise PermissionDenied from error
        report(request, error)
    else:
        messages.success(request, _("Booking updated."))
    return redirect("facilities:my_bookings")


@login_required
@require_POST
def calendar_feed(request: HttpRequest) -> HttpResponse:
    raw = calendar_token_reset(request.user)
    request.session["feed_url"] = request.build_absolute_uri(f"/api/v1/calendar/{raw}.ics")
    messages.success(request, _("Your new calendar address is below; the old one no longer works."))
    return redirect("facilities:my_bookings")


@login_required
def usage_page(request: HttpRequest) -> HttpResponse:
    try:
        month = dt.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        month = timezone.localdate().replace(day=1)
    manager = is_facility_manager(request.user)
    orgs = None if manager else member_org_ids(request.user)
    if orgs is not None and not orgs:
        raise PermissionDenied
    rows = monthly_usage(month, orgs)
    if request.GET.get("format") == "csv":
        response = HttpResponse(usage_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="usage-{month:%Y-%m}.csv"'
        return response
    return render(
        request,
        "facilities/usage.html",
        {
            "rows": rows,
            "month": month,
            "total": sum((r.cost for r in rows), 0),
            "previous": (month - dt.timedelta(days=1)).replace(day=1),
            "next": (month + dt.timedelta(days=32)).replace(day=1),
            "everyone": manager,
        },
    )


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
    try:
        session = get_session_for_user(request.user, session_id, write=True)
    except DomainError as error:
        raise PermissionDenied from error
    meetings = list(session.meetings.order_by("starts_at"))
    spans = [(m.starts_at, m.ends_at) for m in meetings] or [(session.starts_at, session.ends_at)]
    if request.method == "POST":
        try:
            services.session_rooms_book(
                actor=request.user,
                session=session,
                resource_id=int(request.POST.get("resource", 0)),
            )
        except (DomainError, ValueError) as error:
            messages.error(request, getattr(error, "message", _("Choose a room.")))
        else:
            messages.success(request, _("The room is held for every meeting of the session."))
            return redirect("portal:manage_session", session_id=session.pk)
    free = None
    for a, b in spans:
        ids = {r.pk for r in resource_search(min_capacity=session.capacity, free_from=a, free_to=b)}
        free = ids if free is None else free & ids
    rooms = [
        r for r in Resource.objects.filter(pk__in=free or set()).order_by("name") if r.is_space
    ]
    held = Booking.objects.filter(
        meeting__session=session, status__in=(BookingStatus.APPROVED, BookingStatus.REQUESTED)
    ).select_related("resource")
    return render(
        request,
        "facilities/session_room.html",
        {"session": session, "rooms": rooms, "spans": spans, "held": held},
    )


@login_required
def timetable_page(request: HttpRequest) -> HttpResponse:
    organisations = list(Organisation.objects.filter(pk__in=member_org_ids(request.user)))
    if not organisations:
        raise PermissionDenied
    form = TimetableForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = propose(
                actor=request.user,
                organisation_id=int(data["organisation"]),
                window_start=data["window_from"],
                window_end=data["window_to"],
                meetings=data["meetings"],
                unavailable=data["unavailable"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("facilities:proposal", proposal_id=proposal.pk)
    recent = TimetableProposal.objects.filter(organisation__in=organisations).order_by(
        "-created_at"
    )[:10]
    return render(request, "facilities/timetable.html", {"form": form, "recent": recent})


@login_required
def proposal_page(request: HttpRequest, proposal_id: int) -> HttpResponse:
    proposal = TimetableProposal.objects.filter(
        pk=proposal_id, organisation_id__in=member_org_ids(request.user)
    ).first()
    if proposal is None:
        raise Http404
    if request.method == "POST":
        try:
            bookings = accept(actor=request.user, proposal=proposal)
        except services.BookingConflict as error:
            report(request, error)
        except DomainError as error:
            report(request, error)
        else:
            messages.success(request, _("Booked: %(n)d slot(s).") % {"n": len(bookings)})
            return redirect("facilities:my_bookings")
    rooms = Resource.objects.in_bulk({p["resource"] for p in proposal.placements})
    rows = sorted(
        (
            (
                p["ref"],
                rooms.get(p["resource"]),
                dt.datetime.fromisoformat(p["starts_at"]),
                dt.datetime.fromisoformat(p["ends_at"]),
            )
            for p in proposal.placements
        ),
        key=lambda r: r[2],
    )
    return render(request, "facilities/proposal.html", {"proposal": proposal, "rows": rows})
