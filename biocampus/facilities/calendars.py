"""iCalendar feeds (RFC 5545, written with the icalendar library): one per resource, and a
personal one per user behind a secret URL. Times carry the campus zone with a rule-based
VTIMEZONE (vtimezone.py), so calendar apps show them right across daylight-saving
changes. An event's DTSTAMP is its last change, so an unchanged feed is byte for byte the
same: its ETag and Last-Modified let clients ask "has it changed?" and get a 304."""

import datetime as dt
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from icalendar.prop import vDuration

from biocampus.accounts.models import User
from biocampus.catalog.models import Meeting
from biocampus.common.invitations import uid_domain
from biocampus.common.tokens import token_digest
from biocampus.common.vtimezone import rule_based_vtimezone
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
# How long a body's first-seen time is remembered (its Last-Modified).
SEEN_SECONDS = 60 * 60 * 24 * 31


def calendar_token_user(raw: str) -> User | None:
    token = CalendarToken.objects.select_related("user").filter(digest=token_digest(raw)).first()
    return token.user if token and token.user.is_active else None


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    refresh = dt.timedelta(minutes=settings.CALENDAR_REFRESH_MINUTES)
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    # An X- property has no known type: icalendar would write the timedelta as "1:00:00".
    cal.add("x-published-ttl", vDuration(refresh))
    return cal


def _finish(cal: Calendar) -> bytes:
    zone = timezone.get_default_timezone()
    vtimezone = rule_based_vtimezone(zone.key, timezone.now().year - 1)
    if vtimezone is None:
        cal.add_missing_timezones()
    else:
        cal.subcomponents.insert(0, vtimezone)
    return cal.to_ical()


def _event(uid: str, start, end, summary: str, location: str = "", *, changed) -> Event:
    tz = timezone.get_default_timezone()
    event = Event()
    event.add("uid", f"{uid}@{uid_domain()}")
    event.add("dtstamp", changed.astimezone(dt.UTC))
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
    for b in (
        Booking.objects.filter(
            resource=resource, status=BookingStatus.APPROVED, ends_at__gte=start, starts_at__lte=end
        )
        .select_related("organisation")
        .order_by("starts_at", "id")
    ):
        summary = (
            f"{b.title or b.get_purpose_display()} ({b.organisation.name})"
            if can_see_booking_details(viewer, b)
            else str(b.get_purpose_display() if b.purpose == "maintenance" else _("Booked"))
        )
        cal.add_component(
            _event(
                f"booking-{b.pk}",
                b.starts_at,
                b.ends_at,
                summary,
                resource.name,
                changed=b.updated_at,
            )
        )
    return _finish(cal)


def personal_feed(user: User) -> bytes:
    """The user's bookings (their own and their organisations'), and the meetings of the
    sessions they are confirmed in; in the user's language."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        return _personal_feed(user)


def _personal_feed(user: User) -> bytes:
    start, end = _window()
    cal = _calendar("BioCampus")
    bookings = Booking.objects.filter(
        Q(booked_by=user) | Q(organisation_id__in=member_org_ids(user)),
        status=BookingStatus.APPROVED,
        ends_at__gte=start,
        starts_at__lte=end,
    ).select_related("resource")
    for b in bookings.order_by("starts_at", "id"):
        cal.add_component(
            _event(
                f"booking-{b.pk}",
                b.starts_at,
                b.ends_at,
                b.title or b.get_purpose_display(),
                b.resource.name,
                changed=b.updated_at,
            )
        )
    sessions = Enrolment.objects.filter(learner=user, status=EnrolmentStatus.CONFIRMED).values_list(
        "session_id", flat=True
    )
    for m in (
        Meeting.objects.filter(session_id__in=sessions, ends_at__gte=start, starts_at__lte=end)
        .select_related("session__programme")
        .order_by("starts_at", "id")
    ):
        cal.add_component(
            _event(
                f"meeting-{m.pk}",
                m.starts_at,
                m.ends_at,
                m.title or m.session.programme.title,
                m.session.location,
                changed=m.updated_at,
            )
        )
    return _finish(cal)


def calendar_response(request: HttpRequest, body: bytes, feed: str) -> HttpResponse:
    """The feed with an ETag (its digest) and a Last-Modified, answering 304 to a
    conditional request. `feed` names the feed as its reader sees it; per feed the cache
    keeps the digest last served and since when, and Last-Modified only moves forward: a
    body that changed back to an older one (a booking made, then cancelled) is newer than
    what a client last saw, never a 304 to it."""
    digest = hashlib.sha256(body).hexdigest()[:32]
    etag = f'"{digest}"'
    now = int(timezone.now().timestamp())
    key = f"ical-feed:{hashlib.sha256(feed.encode()).hexdigest()[:32]}"
    seen = cache.get(key)
    if seen and seen[0] == digest:
        since = seen[1]
    else:
        # HTTP dates have whole seconds: a second change within the second moves on too.
        since = max(now, seen[1] + 1) if seen else now
        cache.set(key, (digest, since), SEEN_SECONDS)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(since)
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return get_conditional_response(request, etag=etag, last_modified=since, response=response)
