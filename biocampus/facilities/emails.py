"""Booking decisions, to the person who booked, rendered by the outbox when sent. An
approval carries a calendar invitation with the booking's feed UID; a cancellation of an
approved booking withdraws it."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from biocampus.common.invitations import Invited, ics_attachment, invitation
from biocampus.facilities.models import Booking
from biocampus.outbox.compose import absolute, compose
from biocampus.outbox.models import Topic
from biocampus.outbox.preferences import unsubscribe_url, wants
from biocampus.outbox.registry import renders

TEMPLATES = {
    "booking.approved": "facilities/email/approved",
    "booking.rejected": "facilities/email/rejected",
    "booking.cancelled": "facilities/email/cancelled",
}
METHODS = {"booking.approved": "REQUEST", "booking.cancelled": "CANCEL"}


@renders(*TEMPLATES)
def booking_email(params: dict, *, kind: str) -> EmailMessage | None:
    booking = (
        Booking.objects.filter(pk=params["booking"])
        .select_related("booked_by", "resource", "organisation")
        .first()
    )
    if booking is None or not booking.booked_by.is_active:
        return None
    person = booking.booked_by
    if not wants(person, Topic.BOOKING_DECISIONS):
        return None
    attachments = []
    language = person.preferred_language or settings.LANGUAGE_CODE
    if kind in METHODS:
        with translation.override(language):
            summary = booking.title or str(booking.get_purpose_display())
        event = Invited(
            f"booking-{booking.pk}",
            booking.starts_at,
            booking.ends_at,
            summary,
            booking.resource.name,
            booking.updated_at,
        )
        body = invitation(METHODS[kind], [event], attendee=person.email)
        attachments.append(ics_attachment(METHODS[kind], body))
    return compose(
        TEMPLATES[kind],
        {"booking": booking, "person": person},
        to=person.email,
        language=language,
        link=absolute(reverse("facilities:my_bookings")),
        link_label=_("Your bookings"),
        unsubscribe_url=unsubscribe_url(person, Topic.BOOKING_DECISIONS),
        attachments=attachments,
    )
