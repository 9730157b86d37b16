"""The feeds as other programs read them, across the next change to summer time.

Thunderbird's parser (ical.js) and vobject read the dated VTIMEZONE icalendar wrote
wrongly and showed summer events an hour early; the rule-based one must read right in
every parser: vobject and recurring-ical-events here, ical.js and node-ical through node
(`calendar_clients`, run by .ci/run after `npm ci` in tools/ical-clients).
"""

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import recurring_ical_events
import vobject
from django.utils import timezone
from icalendar import Calendar

from biocampus.facilities.models import Booking
from biocampus.facilities.tests.conftest import at

pytestmark = pytest.mark.django_db

CLIENTS = Path(__file__).resolve().parents[3] / "tools" / "ical-clients"


def next_spring_change() -> dt.date:
    """The last Sunday of the next March (the EU's change to summer time)."""
    today = timezone.localdate()
    year = today.year if today < dt.date(today.year, 3, 25) else today.year + 1
    last = dt.date(year, 3, 31)
    return last - dt.timedelta(days=(last.weekday() - 6) % 7)


@pytest.fixture
def across_the_change(lab, campus, learner):
    """A booking at 09:00 on the Friday before the change and one on the Monday after."""
    change = next_spring_change()
    bookings = []
    for day in (change - dt.timedelta(days=2), change + dt.timedelta(days=1)):
        bookings.append(
            Booking.objects.create(
                resource=lab,
                organisation=campus,
                booked_by=learner,
                starts_at=at(day, 9),
                ends_at=at(day, 10),
                purpose="event",
                title="HPLC training",
                status="approved",
            )
        )
    return bookings


def expected(bookings) -> list[tuple[str, dt.datetime, dt.datetime]]:
    return sorted(
        (f"booking-{b.pk}", b.starts_at.astimezone(dt.UTC), b.ends_at.astimezone(dt.UTC))
        for b in bookings
    )


def feed(client, lab) -> str:
    response = client.get(f"/api/v1/resources/{lab.pk}/calendar.ics")
    assert response.status_code == 200
    return response.content.decode()


def test_summer_and_winter_times_in_vobject(client, lab, across_the_change):
    winter, summer = across_the_change
    # Brussels: 09:00 is 08:00 UTC before the change and 07:00 UTC after it.
    assert winter.starts_at.astimezone(dt.UTC).hour == 8
    assert summer.starts_at.astimezone(dt.UTC).hour == 7
    calendar = vobject.readOne(feed(client, lab))
    got = sorted(
        (
            e.uid.value.partition("@")[0],
            e.dtstart.value.astimezone(dt.UTC),
            e.dtend.value.astimezone(dt.UTC),
        )
        for e in calendar.vevent_list
    )
    assert got == expected(across_the_change)


def test_summer_and_winter_times_in_recurring_ical_events(client, lab, across_the_change):
    calendar = Calendar.from_ical(feed(client, lab))
    change = next_spring_change()
    events = recurring_ical_events.of(calendar).between(
        change - dt.timedelta(days=7), change + dt.timedelta(days=7)
    )
    got = sorted(
        (
            str(e["UID"]).partition("@")[0],
            e["DTSTART"].dt.astimezone(dt.UTC),
            e["DTEND"].dt.astimezone(dt.UTC),
        )
        for e in events
    )
    assert got == expected(across_the_change)


def test_the_zone_is_written_as_yearly_rules(client, lab, across_the_change):
    calendar = Calendar.from_ical(feed(client, lab))
    (zone,) = calendar.walk("VTIMEZONE")
    parts = {part.name: part for part in zone.subcomponents}
    assert set(parts) == {"STANDARD", "DAYLIGHT"}
    daylight = parts["DAYLIGHT"]
    # RFC 5545: summer time starts at 02:00 local, the last Sunday of March, every year.
    assert daylight["DTSTART"].dt.time() == dt.time(2)
    assert daylight["RRULE"]["BYMONTH"] == [3]
    assert daylight["RRULE"]["BYDAY"] == ["-1SU"]
    assert parts["STANDARD"]["DTSTART"].dt.time() == dt.time(3)


@pytest.mark.calendar_clients
def test_summer_and_winter_times_in_ical_js_and_node_ical(client, lab, across_the_change, tmp_path):
    assert (CLIENTS / "node_modules").is_dir(), "run `npm ci` in tools/ical-clients first"
    path = tmp_path / "feed.ics"
    path.write_text(feed(client, lab))
    output = subprocess.run(  # noqa: S603 — node and the project's own script
        [shutil.which("node"), str(CLIENTS / "parse.mjs"), str(path)],
        capture_output=True, text=True, check=True, timeout=60,
    ).stdout  # fmt: skip
    want = [
        (uid, start.isoformat(), end.isoformat()) for uid, start, end in expected(across_the_change)
    ]
    for parser, events in json.loads(output).items():
        got = sorted(
            (
                e["uid"].partition("@")[0],
                dt.datetime.fromisoformat(e["start"]).isoformat(),
                dt.datetime.fromisoformat(e["end"]).isoformat(),
            )
            for e in events
        )
        assert got == want, parser
