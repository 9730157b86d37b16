"""A self-enrolment of one seat in one database round trip, on PostgreSQL.

The `enrolment_take_seat` function (migration 0003) does the whole of it: the session
lock, the rules, the enrolment row, the seat ledger, the audit row and the e-mail row.
An enrolment rush is that request over and over; run through the ORM it took eleven
round trips, each paid in driver and kernel CPU. The function returns no row, and
writes nothing, when any rule refuses: the caller then runs the Python path, which
says why. SQLite keeps the Python path only.

Neither Django's query wrappers nor its query log see the lean route's statement (it
uses the driver's cursor); this module's calls from services go through Django's.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import connection

from biocampus.enrolment.models import Enrolment, EnrolmentStatus

TAKE_SEAT_SQL = (
    "SELECT enrolment_id, status, programme_title, waitlist_ahead "
    "FROM enrolment_take_seat(%(learner)s, %(session)s, %(group)s, %(now)s)"
)


@dataclass(frozen=True)
class Seat:
    """What the function returns: the new enrolment, and its place when it waits
    (the count of those waiting ahead of it, under the session lock)."""

    enrolment_id: int
    status: str
    programme_title: str
    waitlist_ahead: int | None


def supported() -> bool:
    """Whether the database has the function (a PostgreSQL migration creates it)."""
    return connection.vendor == "postgresql"


def take_seat(
    *, learner_id: int, session_id: int, group_name: str, now: dt.datetime
) -> Seat | None:
    """Enrol `learner_id` in one seat, in the caller's transaction (or on its own in
    autocommit), keeping the enrolment invariant under the session lock; None, with
    nothing written, when a rule refuses. The caller checks who may enrol whom."""
    params = {"learner": learner_id, "session": session_id, "group": group_name, "now": now}
    with connection.cursor() as cursor:
        cursor.execute(TAKE_SEAT_SQL, params)
        row = cursor.fetchone()
    return Seat(*row) if row else None


def seat_enrolment(
    seat: Seat, *, learner_id: int, session_id: int, group_name: str, now: dt.datetime
) -> Enrolment:
    """The enrolment row the function wrote, as loaded from the database (its session
    loads on access)."""
    values = {
        "id": seat.enrolment_id,
        "session_id": session_id,
        "learner_id": learner_id,
        "seats": 1,
        "group_name": group_name,
        "status": seat.status,
        "queued_at": now,
        "confirmed_at": now if seat.status == EnrolmentStatus.CONFIRMED else None,
        "cancelled_at": None,
        "outcome_at": None,
    }
    names = [f.attname for f in Enrolment._meta.concrete_fields]
    # The seat's waitlist_ahead is not kept on the instance: it would outlive a
    # refresh_from_db; the property counts again when asked.
    return Enrolment.from_db(connection.alias, names, [values[n] for n in names])
