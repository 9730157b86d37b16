"""iCalendar feeds (RFC 5545, written with the icalendar library): one per resource, and a
personal one per user behind a secret URL. Times carry the Europe/Brussels zone with its
VTIMEZONE, so calendar apps show them right across daylight-saving changes."""

from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar, Event

from biocampus.accounts.models import User
from biocampus.catalog.models import Meeting
from biocampus.common.tokens import token_digest
from biocampus.enrolment.models import Enrolment, EnrolmentStatus
from biocampus.facilities.access import can_see_booking_details, member_org_ids
from biocampus.facilities.models import (
    Booking,
    BookingStatus,
    CalendarToken,
    Resource,
)

PRODID = "-//BioCampus//Facilities//EN"
HORIZON_DAYS = 400


def calendar_token_user(raw: str) -> User | None:
    token = CalendarToken.objects.select_related("user").filter(digest=token_digest(raw)).first()
    return token.user if token and token.user.is_active else None


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def _event(uid: str, start, end, summary: str, location: str = "") -> Event:
    tz = timezone.get_current_timezone()
    event = Event()
    event.add("uid", f"{uid}@biocampus")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(start, tz))
    event.add("dtend", timezone.localtime(end, tz))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    return event


def _window():
    now = timezone.now()
    return now - timezone.timedelta(days=31), now + timezone.timedelta(days=HORIZON_DAYS)


def resource_feed(resource: Resource, viewer: User) -> bytes:
    """Approved bookings of a resource; what they are for only where the viewer may know."""
    start, end = _window()
    cal = _calendar(resource.name)
    for b in Booking.objects.filter(
        resource=resource, status=BookingStatus.APPROVED, ends_at__gte=start, starts_at__lte=end
    ).select_related("organisation"):
        summary = (
            f"{b.title or b.get_purpose_display()} ({b.organisation.name})"
            if can_see_booking_details(viewer, b)
            else str(b.get_purpose_display() if b.purpose == "maintenance" else "Booked")
        )
        cal.add_component(_event(f"booking-{b.pk}", b.starts_at, b.ends_at, summary, resource.name))
    cal.add_missing_timezones()
    return cal.to_ical()


def personal_feed(user: User) -> bytes:
    """The user's bookings (their own and their organisations'), and the meetings of the
    sessions they are confirmed in."""
    start, end = _window()
    cal = _calendar("BioCampus")
    bookings = Booking.objects.filter(
        Q(booked_by=user) | Q(organisation_id__in=member_org_ids(user)),
        status=BookingStatus.APPROVED,
        ends_at__gte=start,
        starts_at__lte=end,
    ).select_related("resource")
    for b in bookings:
        cal.add_component(
            _event(
                f"booking-{b.pk}",
                b.starts_at,
                b.ends_at,
                b.title or b.get_purpose_display(),
                b.resource.name,
            )
        )
    sessions = Enrolment.objects.filter(learner=user, status=EnrolmentStatus.CONFIRMED).values_list(
        "session_id", flat=True
    )
    for m in Meeting.objects.filter(
        session_id__in=sessions, ends_at__gte=start, starts_at__lte=end
    ).select_related("session__programme"):
        cal.add_component(
            _event(
                f"meeting-{m.pk}",
                m.starts_at,
                m.ends_at,
                m.title or m.session.programme.title,
                m.session.location,
            )
        )
    cal.add_missing_timezones()
    return cal.to_ical()
