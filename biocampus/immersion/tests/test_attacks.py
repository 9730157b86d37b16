"""What an attacker's review found: another campus's staff, a day planned already, a
visit confirmed after the proposal, times with a zone, odd digits, control characters."""

import datetime as dt

import pytest
from django.urls import reverse

from biocampus.accounts.models import Organisation, Role
from biocampus.common.errors import Conflict, NotFound
from biocampus.conftest import member
from biocampus.immersion.models import PlanStatus, VisitStatus
from biocampus.immersion.plan_edits import plan_slot_move
from biocampus.immersion.planning import day_plan_accept, day_plan_compute
from biocampus.immersion.services import visit_schedule
from biocampus.immersion.tests.conftest import WHEN
from biocampus.immersion.tests.test_api import request_body
from biocampus.immersion.tests.test_services import ask


@pytest.fixture
def elsewhere(db):
    """Staff of another campus: nothing of this campus's days is theirs."""
    other = Organisation.objects.create(name="Other campus", slug="other-c", kind="campus")
    return member(other, role=Role.STAFF, email="staff@other-campus.test")


def test_another_campus_sees_and_changes_nothing(
    campus, manager, teacher, school, discovery, two_visits, elsewhere, api_as
):
    with pytest.raises(NotFound):
        day_plan_compute(actor=elsewhere, campus_id=campus.pk, date=WHEN)
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    with pytest.raises(NotFound):
        plan_slot_move(actor=elsewhere, slot_id=plan.slots.first().pk, start=dt.time(14))
    with pytest.raises(NotFound):
        day_plan_accept(actor=elsewhere, plan_id=plan.pk)
    waiting = ask(teacher, school, discovery, [], dates=[WHEN], class_name="5A")
    with pytest.raises(NotFound):
        visit_schedule(actor=elsewhere, visit_id=waiting.pk, date=WHEN)
    api = api_as(elsewhere)
    assert api.get(f"/api/v1/immersion/plans/{plan.pk}").status_code == 404
    assert api.get(f"/api/v1/immersion/visits/{waiting.pk}").status_code == 404
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PROPOSED


def test_a_planned_day_takes_no_more_classes_and_a_stale_proposal_is_refused(
    campus, manager, teacher, school, discovery, two_visits
):
    plan = day_plan_compute(actor=manager, campus_id=campus.pk, date=WHEN)
    late = ask(teacher, school, discovery, [], dates=[WHEN], class_name="6C")
    late.status, late.date = VisitStatus.CONFIRMED, WHEN
    late.save()
    # Confirmed after the proposal was computed: accepting it would leave 6C out.
    with pytest.raises(Conflict, match="compute it again"):
        day_plan_accept(actor=manager, plan_id=plan.pk)
    late.status, late.date = VisitStatus.REQUESTED, None
    late.save()
    day_plan_accept(actor=manager, plan_id=plan.pk)
    with pytest.raises(Conflict) as planned:
        visit_schedule(actor=manager, visit_id=late.pk, date=WHEN)
    assert planned.value.code == "day_planned"


def test_odd_input_gets_a_clear_answer(client, api_as, teacher, school, discovery, day, manager):
    api = api_as(teacher)
    zoned = api.post(
        "/api/v1/immersion/visits", request_body(school, discovery, arrival="09:00+02:00")
    )
    assert zoned.status_code == 400
    assert zoned.json()["code"] == "invalid_times"
    made = api.post(
        "/api/v1/immersion/visits",
        request_body(
            school, discovery, class_name="3B\r\nBcc: x@evil.test", municipality="\tMons\x07"
        ),
    )
    assert made.status_code == 201
    assert made.json()["class_name"] == "3B Bcc: x@evil.test"
    assert made.json()["municipality"] == "Mons"
    client.force_login(manager)
    assert client.get(reverse("immersion:reach"), {"year": "²"}).status_code == 200
    assert client.get(reverse("immersion:campus"), {"campus": "²"}).status_code == 200
