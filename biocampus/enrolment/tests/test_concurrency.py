"""Many learners hit a small session at the same moment, in parallel threads, each with
its own database connection: the seat ledger must hold on PostgreSQL and SQLite."""

import threading

import pytest
from django.db import close_old_connections, connection

from biocampus.common.errors import DomainError
from biocampus.conftest import UserFactory, make_programme, make_session
from biocampus.enrolment import services
from biocampus.enrolment.models import Enrolment, EnrolmentStatus

THREADS = 24
CAPACITY = 5


@pytest.mark.django_db(transaction=True)
def test_parallel_enrolments_never_oversell(operator_a, staff_a):
    session = make_session(staff_a, make_programme(staff_a, operator_a), capacity=CAPACITY)
    learners = UserFactory.create_batch(THREADS)
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def worker(user) -> None:
        try:
            barrier.wait()
            services.enrolment_create(actor=user, session_id=session.pk)
            # The same learner trying twice at once must still end with one enrolment.
            services.enrolment_create(actor=user, session_id=session.pk)
        except DomainError as exc:
            if exc.code != "duplicate":
                errors.append(exc)
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(u,)) for u in learners]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    session.refresh_from_db()
    confirmed = Enrolment.objects.filter(session=session, status=EnrolmentStatus.CONFIRMED)
    waiting = Enrolment.objects.filter(session=session, status=EnrolmentStatus.WAITLISTED)
    assert confirmed.count() == CAPACITY == session.confirmed_seats
    assert waiting.count() == THREADS - CAPACITY
    assert sorted(e.waitlist_position for e in waiting) == list(range(1, THREADS - CAPACITY + 1))
