"""Many people book overlapping slots of one resource at the same moment, each thread
with its own connection: the approved bookings must never overlap."""

import datetime as dt
import itertools
import random
import threading

import pytest
from django.db import close_old_connections, connection

from biocampus.accounts.models import Membership
from biocampus.conftest import UserFactory
from biocampus.facilities.models import Booking
from biocampus.facilities.services import BookingConflict, booking_create
from biocampus.facilities.tests.conftest import at, next_weekday

THREADS = 24


@pytest.mark.django_db(transaction=True)
def test_parallel_overlapping_bookings_leave_no_overlap(operator_a, lab):
    day = next_weekday(2)
    users = UserFactory.create_batch(THREADS)
    Membership.objects.bulk_create(
        Membership(user=u, organisation=operator_a, role="staff") for u in users
    )
    rng = random.Random(4)
    # Every request wants 2 hours starting on a half hour between 09:00 and 12:00.
    slots = [at(day, 9) + dt.timedelta(minutes=30 * rng.randint(0, 6)) for _ in users]
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def worker(user, start) -> None:
        try:
            barrier.wait()
            booking_create(
                actor=user,
                resource_id=lab.pk,
                organisation_id=operator_a.pk,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2),
                purpose="event",
            )
            outcomes.append("booked")
        except BookingConflict:
            outcomes.append("conflict")
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [
        threading.Thread(target=worker, args=(u, s)) for u, s in zip(users, slots, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    approved = list(Booking.objects.filter(resource=lab, status="approved").order_by("starts_at"))
    assert len(approved) == outcomes.count("booked") >= 1
    assert outcomes.count("conflict") == THREADS - len(approved)
    for a, b in itertools.pairwise(approved):
        assert a.ends_at <= b.starts_at, "two approved bookings overlap"
