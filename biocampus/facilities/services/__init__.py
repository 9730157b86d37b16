"""Every write of the facilities app: bookings (bookings.py), the timetabling assistant's
proposals (timetable.py) and calendar feed secrets (calendars.py)."""

from biocampus.facilities.services.bookings import (
    BookingConflict,
    BookingResult,
    booking_approve,
    booking_cancel,
    booking_create,
    booking_reject,
    bookings_create_many,
    maintenance_block,
    meeting_rooms_book,
    meeting_rooms_move,
    meeting_rooms_release,
)
from biocampus.facilities.services.calendars import calendar_token_reset
from biocampus.facilities.services.timetable import proposal_accept, timetable_propose

__all__ = [
    "BookingConflict",
    "BookingResult",
    "booking_approve",
    "booking_cancel",
    "booking_create",
    "booking_reject",
    "bookings_create_many",
    "calendar_token_reset",
    "maintenance_block",
    "meeting_rooms_book",
    "meeting_rooms_move",
    "meeting_rooms_release",
    "proposal_accept",
    "timetable_propose",
]
