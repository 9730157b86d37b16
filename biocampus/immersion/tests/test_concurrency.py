"""A class confirmed onto a day at the moment its rotation is accepted, each side on its
own connection: either the class is confirmed and the (now stale) proposal refused, or
the day is planned and the class refused; never a confirmed class left out of a planned
day."""

import threading

import pytest
from django.db import close_old_connections, connection

from biocampus.common.errors import Conflict
from biocampus.facilities.models import Booking
from biocampus.immersion.models import DayPlan, PlanStatus, Visit, VisitStatus
from biocampus.immersion.planning import day_plan_accept, day_plan_compute
from biocampus.immersion.services import visit_schedule
from biocampus.immersion.tests.conftest import WHEN
from biocampus.immersion.tests.test_services import ask

ROUNDS = 4


def race(*actions) -> tuple[dict[str, str], list[BaseException]]:
    """Run the (name, call) pairs at the same moment; each one's outcome: done or the
    refusal's code."""
    barrier = threading.Barrier(len(actions))
    outcomes: dict[str, str] = {}
    errors: list[BaseException] = []

    def run(name, call) -> None:
        try:
            barrier.wait()
            call()
            outcomes[name] = "done"
        except Conflict as exc:
            outcomes[name] = exc.code
        except BaseException as exc:
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in actions]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes, errors


@pytest.mark.django_db(transaction=True)
def test_confirming_and_accepting_at_once_leave_no_class_out(
    campus, manager, teacher, school, discovery, two_visits
):
    for n in range(ROUNDS):
        DayPlan.objects.all().delete()
        Booking.objects.all().delete()
        Visit.objects.exclude(pk__in=[v.pk for v in two_visits]).delete()
        Visit.objects.update(status=VisitStatus.CONFIRMED)
        plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
        late = ask(teacher, school, discovery, [], dates=[WHEN], class_name=f"L{n}")
        outcomes, errors = race(
            ("accept", lambda plan=plan: day_plan_accept(actor=manager, plan_id=plan.pk)),
            (
                "confirm",
                lambda late=late: visit_schedule(actor=manager, visit_id=late.pk, date=WHEN),
            ),
        )
        assert errors == []
        assert outcomes in (
            {"accept": "done", "confirm": "day_planned"},
            {"accept": "stale", "confirm": "done"},
        ), outcomes
        late.refresh_from_db()
        accepted = DayPlan.objects.filter(status=PlanStatus.ACCEPTED).exists()
        assert accepted != (late.status == VisitStatus.CONFIRMED)
