"""Recruiters of one employer record hires for the last openings of a vacancy at the same
moment, each thread with its own connection: no more hires than openings are ever kept."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection

from biocampus.common.errors import Conflict
from biocampus.conftest import member
from biocampus.outcomes.models import Hire
from biocampus.outcomes.services import hire_record

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_parallel_hires_never_exceed_the_openings(vacancy, company_a):
    recruiters = [
        member(company_a, "recruiter", email=f"r{i}@example.test") for i in range(THREADS)
    ]
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def worker(recruiter) -> None:
        try:
            barrier.wait()
            hire_record(
                actor=recruiter,
                vacancy=vacancy,
                start_date=dt.date(2027, 3, 1),
                contract="permanent",
            )
            outcomes.append("hired")
        except Conflict as exc:
            outcomes.append(exc.code)
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=worker, args=(r,)) for r in recruiters]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert (
        outcomes.count("hired") == vacancy.openings == Hire.objects.filter(vacancy=vacancy).count()
    )
    assert outcomes.count("filled") == THREADS - vacancy.openings
