"""E-mails as mail clients receive them: multipart text and HTML in the recipient's
language, a link to the page, automatic-message headers, calendar invitations and their
cancellations, one-click unsubscribe for what can be turned off."""

import datetime as dt

import pytest
import vobject
from django.core import mail
from django.core.mail import EmailMessage
from django.test import Client
from icalendar import Calendar

from biocampus.catalog.services import MeetingSlot
from biocampus.conftest import UserFactory, make_session
from biocampus.enrolment.services import enrolment_cancel, enrolment_create
from biocampus.facilities.tests.conftest import at, next_weekday
from biocampus.outbox.delivery import send_all_due
from biocampus.outbox.models import EmailOptOut

pytestmark = pytest.mark.django_db


def delivered(email):
    """The message as its bytes leave the server, parsed back."""
    return email.message()


def parts(message) -> dict[str, str]:
    return {
        p.get_content_type(): p.get_payload(decode=True).decode()
        for p in message.walk()
        if not p.is_multipart()
    }


def invitations(message) -> list[Calendar]:
    return [
        Calendar.from_ical(p.get_payload(decode=True))
        for p in message.walk()
        if p.get_content_type() == "text/calendar"
    ]


@pytest.fixture
def session_with_meetings(staff_a, programme_a):
    day = next_weekday(0, weeks=3)
    return make_session(
        staff_a,
        programme_a,
        capacity=1,
        starts_at=at(day, 9),
        ends_at=at(day + dt.timedelta(days=1), 17),
        location="Building B, room 2",
        meetings=[
            MeetingSlot(at(day, 9), at(day, 17), "Day 1"),
            MeetingSlot(
                at(day + dt.timedelta(days=1), 9), at(day + dt.timedelta(days=1), 17), "Day 2"
            ),
        ],
    )


def test_a_confirmation_is_multipart_linked_automatic_and_invites(
    settings, session_with_meetings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://campus.example.org"
    learner = UserFactory(preferred_language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = enrolment_create(actor=learner, session_id=session_with_meetings.pk)
    (email,) = [m for m in mail.outbox if m.to == [learner.email]]
    message = delivered(email)
    assert message["Auto-Submitted"] == "auto-generated"
    bodies = parts(message)
    assert {"text/plain", "text/html"} <= set(bodies)
    page = f"https://campus.example.org/programmes/{session_with_meetings.programme_id}/"
    assert page in bodies["text/plain"]
    assert f'href="{page}"' in bodies["text/html"]
    # A date a person reads, not "9 a.m..".
    day = session_with_meetings.starts_at.date()
    assert f"{day.day} {day:%B} {day.year}, 09:00" in bodies["text/plain"]
    assert "a.m.." not in bodies["text/plain"]
    # What the learner did themselves can be turned off in one click.
    assert message["List-Unsubscribe"].startswith("<https://campus.example.org/account/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The invitation puts both meetings in the calendar, read by icalendar and vobject.
    (invite,) = invitations(message)
    assert str(invite["METHOD"]) == "REQUEST"
    events = invite.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Day 1", "Day 2"]
    assert all(str(e["UID"]).endswith("@campus.example.org") for e in events)
    assert events[0].decoded("DTSTART") == session_with_meetings.starts_at
    parsed = vobject.readOne(invite.to_ical().decode())
    assert parsed.method.value == "REQUEST"
    assert parsed.vevent.dtstart.value == session_with_meetings.starts_at

    # Cancelling sends METHOD:CANCEL for the same events.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_cancel(actor=learner, enrolment=enrolment)
    (cancel_email,) = [m for m in mail.outbox if m.to == [learner.email]]
    (cancel,) = invitations(delivered(cancel_email))
    assert str(cancel["METHOD"]) == "CANCEL"
    assert [str(e["UID"]) for e in cancel.walk("VEVENT")] == [str(e["UID"]) for e in events]
    assert all(int(e["SEQUENCE"]) > 0 for e in cancel.walk("VEVENT"))


def test_french_learners_get_french_dates(
    session_with_meetings, django_capture_on_commit_callbacks
):
    learner = UserFactory(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_create(actor=learner, session_id=session_with_meetings.pk)
    (email,) = [m for m in mail.outbox if m.to == [learner.email]]
    bodies = parts(delivered(email))
    assert "confirmée" in email.subject
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
    month = months[session_with_meetings.starts_at.month - 1]
    assert f"{month} {session_with_meetings.starts_at.year}, 09:00" in bodies["text/plain"]
    assert 'lang="fr"' in bodies["text/html"]


def test_one_click_unsubscribe_without_signing_in(
    session_a, staff_a, programme_a, django_capture_on_commit_callbacks
):
    other_session = make_session(staff_a, programme_a, days=20)
    learner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_create(actor=learner, session_id=session_a.pk)
    (email,) = [m for m in mail.outbox if m.to == [learner.email]]
    url = delivered(email)["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]
    # A mail client's one-click POST: no session, no CSRF token.
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post(
        "/" + path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert EmailOptOut.objects.filter(user=learner, topic="enrolment_receipts").exists()
    # A forged or altered token does nothing.
    assert anonymous.post("/" + path[:-3] + "xyz/").status_code == 404
    # Receipts stop: a new enrolment is confirmed on the page, not by e-mail...
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = enrolment_create(actor=learner, session_id=other_session.pk)
    assert not [m for m in mail.outbox if m.to == [learner.email]]
    # ...but a seat lost is always told.
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_cancel(actor=learner, enrolment=second)
    assert [m for m in mail.outbox if m.to == [learner.email]]


def test_the_preferences_page_turns_topics_off_and_on(client, learner):
    client.force_login(learner)
    page = client.get("/account/notifications/")
    assert page.status_code == 200
    client.post("/account/notifications/", {"topics": ["booking_decisions"]})
    assert sorted(EmailOptOut.objects.filter(user=learner).values_list("topic", flat=True)) == [
        "enrolment_receipts",
        "follow_ups",
    ]
    every = ["booking_decisions", "enrolment_receipts", "follow_ups"]
    client.post("/account/notifications/", {"topics": every})
    assert not EmailOptOut.objects.filter(user=learner).exists()


def test_allauth_mail_uses_the_site_name_and_has_an_html_part(client, settings, learner):
    settings.SITE_NAME = "BioCampus Gosselies"
    client.post("/accounts/password/reset/", {"email": learner.email})
    send_all_due()
    (email,) = [m for m in mail.outbox if m.to == [learner.email]]
    bodies = parts(delivered(email))
    assert "BioCampus Gosselies" in bodies["text/plain"]
    assert "testserver" not in bodies["text/plain"].split("http")[0]
    assert "<a href=" in bodies["text/html"]
    assert delivered(email)["Auto-Submitted"] == "auto-generated"


def test_a_stored_message_keeps_its_headers_and_attachments(settings):
    message = EmailMessage(
        "Report", "See attached.", to=["a@example.test"], headers={"X-Campus": "1"}
    )
    message.attach("report.csv", b"a,b\n1,2\n", "text/csv")
    message.send()
    send_all_due()
    (sent,) = [m for m in mail.outbox if m.subject == "Report"]
    out = delivered(sent)
    assert out["X-Campus"] == "1"
    (attachment,) = [p for p in out.walk() if p.get_filename() == "report.csv"]
    assert attachment.get_payload(decode=True) == b"a,b\n1,2\n"
