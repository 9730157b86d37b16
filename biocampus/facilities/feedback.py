"""What the person is told after booking: how many slots are booked and how many only
requested, so nobody leaves believing a room is theirs while it awaits approval."""

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import ngettext

from biocampus.facilities.models import Booking, BookingStatus


def report_bookings(request: HttpRequest, bookings: list[Booking]) -> None:
    total = len(bookings)
    approved = sum(1 for b in bookings if b.status == BookingStatus.APPROVED)
    waiting = total - approved
    if not waiting:
        messages.success(
            request, ngettext("Booked: %(n)d slot.", "Booked: %(n)d slots.", total) % {"n": total}
        )
    elif not approved:
        messages.info(
            request,
            ngettext(
                "Requested — %(w)d of %(n)d slot awaits the facility manager.",
                "Requested — %(w)d of %(n)d slots await the facility manager.",
                total,
            )
            % {"w": waiting, "n": total},
        )
    else:
        messages.info(
            request,
            ngettext(
                "Booked %(a)d of %(n)d slot; %(w)d awaits the facility manager.",
                "Booked %(a)d of %(n)d slots; %(w)d await the facility manager.",
                total,
            )
            % {"a": approved, "n": total, "w": waiting},
        )
