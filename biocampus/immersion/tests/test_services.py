import datetime as dt

import pytest
from django.utils import timezone

from biocampus.accounts.models import Organisation
from biocampus.common.errors import Conflict, DomainError, Forbidden, NotFound
from biocampus.common.models import AuditEvent
from biocampus.conftest import member
from biocampus.immersion.models import VisitStatus
from biocampus.immersion.services import visit_answer_date, visit_request, visit_schedule


def ask(teacher, school, fmt, days, **changes):
    fields = {
        "actor": teacher,
        "school_id": school.pk,
        "format_id": fmt.pk,
        "class_name": " 3B ",
        "school_year": 9,
        "pupils": 24,
        "adults": 2,
        "language": "fr",
        "arrival": dt.time(9),
        "departure": dt.time(15, 30),
        "dates": [d.date for d in reversed(days[:2])],
        "accessibility": "Step-free access for one pupil",
    }
    return visit_request(**(fields | changes))


def test_a_teacher_requests_a_visit_for_a_counted_class(teacher, school, discovery, days):
    visit = ask(teacher, school, discovery, days)
    assert visit.status == VisitStatus.REQUESTED
    assert (visit.class_name, visit.pupils, visit.adults) == ("3B", 24, 2)
    assert visit.acceptable_dates == [days[0].date.isoformat(), days[1].date.isoformat()]
    assert visit.date is None
    assert AuditEvent.objects.filter(action="immersion.visit.request", actor=teacher).count() == 1


def test_only_a_member_of_the_school_asks_for_it(school, discovery, days, db):
    outsider = member(Organisation.objects.create(name="Other", slug="other-s", kind="school"))
    with pytest.raises(NotFound):
        ask(outsider, school, discovery, days)


def test_an_unpublished_format_cannot_be_asked_for(teacher, school, discovery, days):
    discovery.published = False
    discovery.save()
    with pytest.raises(NotFound):
        ask(teacher, school, discovery, days)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"school_year": 5}, "too_young"),
        ({"pupils": 41}, "invalid_pupils"),
        ({"adults": 0}, "invalid_adults"),
        ({"class_name": "  "}, "invalid_class"),
        ({"language": "de"}, "invalid_language"),
        ({"departure": dt.time(11)}, "stay_too_short"),
        ({"arrival": dt.time(8)}, "outside_hours"),
        ({"dates": []}, "invalid_dates"),
    ],
)
def test_a_request_that_cannot_be_met_is_refused_with_its_reason(
    teacher, school, discovery, days, changes, code
):
    with pytest.raises(DomainError) as refused:
        ask(teacher, school, discovery, days, **changes)
    assert refused.value.code == code


def test_only_days_the_campus_opens_can_be_asked_for(teacher, school, discovery, days):
    with pytest.raises(DomainError) as refused:
        ask(teacher, school, discovery, days, dates=[days[2].date + dt.timedelta(days=1)])
    assert refused.value.code == "not_a_visit_day"
    with pytest.raises(DomainError) as refused:
        ask(teacher, school, discovery, days, dates=[d.date for d in days] + [timezone.localdate()])
    assert refused.value.code == "invalid_dates"


@pytest.fixture
def planner(campus):
    return member(campus, email="planner@campus.test")


def test_one_of_the_teachers_dates_confirms_the_visit(planner, teacher, school, discovery, days):
    visit = ask(teacher, school, discovery, days)
    visit = visit_schedule(actor=planner, visit_id=visit.pk, date=days[1].date)
    assert (visit.status, visit.date) == (VisitStatus.CONFIRMED, days[1].date)
    with pytest.raises(Conflict):
        visit_schedule(actor=planner, visit_id=visit.pk, date=days[0].date)


def test_another_date_waits_for_the_teachers_answer(planner, teacher, school, discovery, days):
    visit = ask(teacher, school, discovery, days)  # asked for days 0 and 1
    visit = visit_schedule(actor=planner, visit_id=visit.pk, date=days[2].date)
    assert (visit.status, visit.date) == (VisitStatus.OTHER_DATE, days[2].date)
    declined = visit_answer_date(actor=teacher, visit_id=visit.pk, accept=False)
    assert (declined.status, declined.date) == (VisitStatus.REQUESTED, None)
    visit_schedule(actor=planner, visit_id=visit.pk, date=days[2].date)
    accepted = visit_answer_date(actor=teacher, visit_id=visit.pk, accept=True)
    assert (accepted.status, accepted.date) == (VisitStatus.CONFIRMED, days[2].date)
    with pytest.raises(Conflict):
        visit_answer_date(actor=teacher, visit_id=visit.pk, accept=True)


def test_only_the_campus_schedules_and_only_the_teacher_answers(
    planner, teacher, school, discovery, days
):
    visit = ask(teacher, school, discovery, days)
    with pytest.raises(Forbidden):
        visit_schedule(actor=teacher, visit_id=visit.pk, date=days[0].date)
    visit_schedule(actor=planner, visit_id=visit.pk, date=days[2].date)
    with pytest.raises(NotFound):
        visit_answer_date(actor=planner, visit_id=visit.pk, accept=True)


def test_a_date_the_campus_does_not_open_cannot_be_proposed(
    planner, teacher, school, discovery, days
):
    visit = ask(teacher, school, discovery, days)
    with pytest.raises(DomainError) as refused:
        visit_schedule(actor=planner, visit_id=visit.pk, date=days[2].date + dt.timedelta(days=7))
    assert refused.value.code == "not_a_visit_day"
    visit.refresh_from_db()
    assert visit.status == VisitStatus.REQUESTED
