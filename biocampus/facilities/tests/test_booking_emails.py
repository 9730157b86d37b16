"""Booking decisions by e-mail: an approval invites with the feed's UID, a cancellation
withdraws it."""

import datetime as dt

import pytest
from django.core import mail

from biocampus.facilities.models import Booking
from biocampus.facilities.services import booking_approve, booking_cancel, maintenance_block
from biocampus.facilities.tests.conftest import at, next_weekday
from biocampus.outbox.tests.test_messages import delivered, invitations, parts

pytestmark = pytest.mark.django_db


def test_a_booking_approval_invites_with_the_feeds_uid_and_a_cancellation_withdraws(
    settings, lab, campus, facility_manager, staff_a, operator_a, django_capture_on_commit_callbacks
):
    lab.approval = "manager"
    lab.save(update_fields=["approval"])
    day = next_weekday(2)
    booking = Booking.objects.create(
        resource=lab, organisation=operator_a, booked_by=staff_a, starts_at=at(day, 9),
        ends_at=at(day, 11), purpose="event", title="Open day", status="requested",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        booking_approve(actor=facility_manager, booking=booking)
    (email,) = [m for m in mail.outbox if m.to == [staff_a.email]]
    message = delivered(email)
    (invite,) = invitations(message)
    (event,) = invite.walk("VEVENT")
    assert str(invite["METHOD"]) == "REQUEST"
    assert str(event["UID"]).startswith(f"booking-{booking.pk}@")
    assert "/facilities/bookings/" in parts(message)["text/plain"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(actor=staff_a, booking=booking)
    (email,) = [m for m in mail.outbox if m.to == [staff_a.email]]
    (cancel,) = invitations(delivered(email))
    assert str(cancel["METHOD"]) == "CANCEL"
    assert str(cancel.walk("VEVENT")[0]["UID"]) == str(event["UID"])


def test_maintenance_withdraws_the_invitation_of_an_approved_booking(
    lab, operator_a, staff_a, facility_manager, django_capture_on_commit_callbacks
):
    day = next_weekday(3)
    booking = Booking.objects.create(
        resource=lab, organisation=operator_a, booked_by=staff_a, starts_at=at(day, 9),
        ends_at=at(day, 11), purpose="event", status="approved",
        decided_by=facility_manager, decided_at=at(day, 8) - dt.timedelta(days=7),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        maintenance_block(
            actor=facility_manager, resource_id=lab.pk, starts_at=at(day, 8),
            ends_at=at(day, 12), reason="Service", cancel_clashing=True,
        )  # fmt: skip
    (email,) = [m for m in mail.outbox if m.to == [staff_a.email]]
    (cancel,) = invitations(delivered(email))
    assert str(cancel["METHOD"]) == "CANCEL"
    assert str(cancel.walk("VEVENT")[0]["UID"]).startswith(f"booking-{booking.pk}@")


def test_an_invitation_speaks_the_bookers_language(
    lab, operator_a, staff_a, facility_manager, django_capture_on_commit_callbacks
):
    staff_a.preferred_language = "fr"
    staff_a.save(update_fields=["preferred_language"])
    lab.approval = "manager"
    lab.save(update_fields=["approval"])
    day = next_weekday(4)
    booking = Booking.objects.create(
        resource=lab, organisation=operator_a, booked_by=staff_a, starts_at=at(day, 9),
        ends_at=at(day, 11), purpose="event", status="requested",
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        booking_approve(actor=facility_manager, booking=booking)
    (email,) = [m for m in mail.outbox if m.to == [staff_a.email]]
    (invite,) = invitations(delivered(email))
    assert str(invite.walk("VEVENT")[0]["SUMMARY"]) == "Événement"
