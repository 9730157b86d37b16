import datetime as dt

import pytest
from django.utils import timezone
from icalendar import Calendar

from biocampus.catalog.services import MeetingSlot
from biocampus.conftest import make_session
from biocampus.enrolment.services import enrolment_create
from biocampus.facilities.services import booking_create
from biocampus.facilities.tests.conftest import at

pytestmark = pytest.mark.django_db


def events(body: bytes):
    cal = Calendar.from_ical(body)
    return cal, sorted(cal.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def test_resource_feed_parses_back_with_local_times_across_dst(
    client, staff_a, operator_a, lab, staff_b
):
    start = at(dt.date(2027, 3, 23), 9)  # a Tuesday before the change to summer time
    booking_create(
        actor=staff_a,
        resource_id=lab.pk,
        organisation_id=operator_a.pk,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        purpose="session",
        title="Aseptic module",
        rrule="FREQ=WEEKLY;COUNT=2",
    )
    response = client.get(f"/api/v1/resources/{lab.pk}/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    cal, found = events(response.content)
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Brussels"
    starts = [e.decoded("dtstart") for e in found]
    assert [s.hour for s in starts] == [9, 9]
    assert [s.utcoffset() for s in starts] == [dt.timedelta(hours=1), dt.timedelta(hours=2)]
    assert {str(e["summary"]) for e in found} == {"Booked"}  # anonymous: no details
    client.force_login(staff_a)
    _cal, mine = events(client.get(f"/api/v1/resources/{lab.pk}/calendar.ics").content)
    assert str(mine[0]["summary"]) == f"Aseptic module ({operator_a.name})"


def test_personal_feed_behind_a_secret_url(
    client, api_as, learner, staff_a, operator_a, programme_a
):
    starts = timezone.now() + dt.timedelta(days=20)
    session = make_session(
        staff_a,
        programme_a,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=7),
        meetings=[MeetingSlot(starts, starts + dt.timedelta(hours=3), "Gowning")],
    )
    enrolment_create(actor=learner, session_id=session.pk)
    url = api_as(learner).post("/api/v1/me/calendar").json()["url"]
    path = url.split("testserver", 1)[1]
    _cal, found = events(client.get(path).content)
    assert [str(e["summary"]) for e in found] == ["Gowning"]
    new_url = api_as(learner).post("/api/v1/me/calendar").json()["url"]
    assert client.get(path).status_code == 404  # the old secret no longer works
    assert client.get(new_url.split("testserver", 1)[1]).status_code == 200
