"""Calendar invitations attached to e-mails (iTIP, RFC 5546): METHOD:REQUEST puts the
events in the recipient's calendar, METHOD:CANCEL with the same UIDs takes them out."""

import datetime as dt
from dataclasses import dataclass
from email.utils import parseaddr
from typing import Literal
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from biocampus.common.vtimezone import rule_based_vtimezone

PRODID = "-//BioCampus//Invitations//EN"
ICS = "text/calendar; charset=utf-8"


def uid_domain() -> str:
    """The right-hand side of every event UID the campus writes (feeds and invitations)."""
    return settings.CALENDAR_UID_DOMAIN or urlsplit(settings.SITE_URL).hostname or "biocampus"


@dataclass(frozen=True)
class Invited:
    uid: str  # without the domain
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str
    location: str
    changed: dt.datetime


def invitation(
    method: Literal["REQUEST", "CANCEL"], events: list[Invited], *, attendee: str
) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    zone = timezone.get_default_timezone()
    vtimezone = rule_based_vtimezone(zone.key, timezone.now().year - 1)
    if vtimezone is not None:
        cal.add_component(vtimezone)
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["CN"] = settings.SITE_NAME
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@{uid_domain()}")
        event.add("dtstamp", item.changed.astimezone(dt.UTC))
        event.add("dtstart", timezone.localtime(item.starts_at, zone))
        event.add("dtend", timezone.localtime(item.ends_at, zone))
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        # A cancellation outranks the invitation it withdraws.
        event.add("sequence", 1 if method == "CANCEL" else 0)
        event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
        event.add("organizer", organizer)
        event.add(
            "attendee", vCalAddress(f"mailto:{attendee}"), parameters={"ROLE": "REQ-PARTICIPANT"}
        )
        cal.add_component(event)
    if vtimezone is None:
        cal.add_missing_timezones()
    return cal.to_ical()


def ics_attachment(method: str, body: bytes) -> tuple[str, bytes, str]:
    name = "cancel.ics" if method == "CANCEL" else "invite.ics"
    return name, body, f"text/calendar; method={method}; charset=utf-8"
