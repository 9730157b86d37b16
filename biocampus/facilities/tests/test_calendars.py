import datetime as dt
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from biocampus.catalog.services import MeetingSlot
from biocampus.conftest import make_session
from biocampus.enrolment.services import enrolment_create
from biocampus.facilities.models import Booking
from biocampus.facilities.services import booking_cancel, booking_create
from biocampus.facilities.tests.conftest import at, next_weekday

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


def one_booking(lab, campus, booker, **fields) -> Booking:
    day = next_weekday(1)
    return Booking.objects.create(
        resource=lab, organisation=campus, booked_by=booker, starts_at=at(day, 9),
        ends_at=at(day, 10), purpose="event", status="approved", **fields,
    )  # fmt: skip


def test_dtstamp_is_the_last_change_and_uids_use_the_campus_domain(
    client, settings, lab, campus, learner
):
    settings.SITE_URL = "https://campus.example.org"
    booking = one_booking(lab, campus, learner)
    Booking.objects.filter(pk=booking.pk).update(
        updated_at=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    )
    response = client.get(f"/api/v1/resources/{lab.pk}/calendar.ics")
    cal, (event,) = events(response.content)
    assert event.decoded("dtstamp") == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert str(event["uid"]) == f"booking-{booking.pk}@campus.example.org"
    settings.CALENDAR_UID_DOMAIN = "biocampus.example.be"
    _cal, (event,) = events(client.get(f"/api/v1/resources/{lab.pk}/calendar.ics").content)
    assert str(event["uid"]) == f"booking-{booking.pk}@biocampus.example.be"
    # Clients are told how often to come back.
    assert cal["REFRESH-INTERVAL"].dt == dt.timedelta(hours=1)
    assert "X-PUBLISHED-TTL:PT1H" in response.content.decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.content.decode()


def test_an_unchanged_feed_answers_304(client, lab, campus, learner):
    booking = one_booking(lab, campus, learner)
    url = f"/api/v1/resources/{lab.pk}/calendar.ics"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    # The same body again: same ETag, and a conditional request gets no body.
    assert client.get(url)["ETag"] == etag
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, headers={"if-modified-since": modified}).status_code == 304
    # A change, even an event leaving the feed, is a new ETag and a full answer.
    booking_cancel(actor=learner, booking=booking)
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert b"VEVENT" not in changed.content


def test_the_personal_feed_speaks_its_owners_language(client, api_as, lab, campus, learner):
    learner.preferred_language = "fr"
    learner.save(update_fields=["preferred_language"])
    one_booking(lab, campus, learner)
    url = api_as(learner).post("/api/v1/me/calendar").json()["url"].split("testserver", 1)[1]
    # Whatever language the fetching client asks for, the owner's is used.
    body = client.get(url, headers={"accept-language": "en"}).content
    _cal, (event,) = events(body)
    assert str(event["summary"]) == "Événement"


def test_last_modified_never_goes_back_when_a_feed_returns_to_an_older_body(
    client, lab, campus, learner
):
    url = f"/api/v1/resources/{lab.pk}/calendar.ics"
    before = client.get(url)
    booking = one_booking(lab, campus, learner)
    with_booking = client.get(url)
    booking_cancel(actor=learner, booking=booking)
    after = client.get(url)
    # The same bytes as before the booking: the same ETag...
    assert after.content == before.content
    assert after["ETag"] == before["ETag"]
    # ...but newer than what a client holding the booking saw, so it gets the feed again.
    assert parsedate_to_datetime(after["Last-Modified"]) > parsedate_to_datetime(
        with_booking["Last-Modified"]
    )
    stale = client.get(url, headers={"if-modified-since": with_booking["Last-Modified"]})
    assert stale.status_code == 200
