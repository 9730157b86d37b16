"""A job is attributed to the training before it: the last programme completed before the
start date, and every programme completed in the 12 months before."""

import datetime as dt

import pytest
from django.utils import timezone

from biocampus.catalog.models import Session
from biocampus.conftest import make_programme, make_session
from biocampus.enrolment.models import Enrolment
from biocampus.outcomes.models import JobOutcome
from biocampus.outcomes.queries import attribution

pytestmark = pytest.mark.django_db


def completed(staff, operator, learner, title: str, ended: dt.date) -> Enrolment:
    session = make_session(staff, make_programme(staff, operator, title=title))
    end = timezone.make_aware(dt.datetime.combine(ended, dt.time(17)))
    Session.objects.filter(pk=session.pk).update(
        starts_at=end - dt.timedelta(hours=8),
        ends_at=end,
        enrolment_deadline=end - dt.timedelta(days=2),
    )
    return Enrolment.objects.create(session=session, learner=learner, seats=1, status="completed")


def test_the_last_programme_and_those_of_the_year_before(staff_a, operator_a, learner):
    start = dt.date(2027, 3, 1)
    old = completed(staff_a, operator_a, learner, "GMP basics", dt.date(2025, 12, 1))
    year = completed(staff_a, operator_a, learner, "Aseptic processing", dt.date(2026, 6, 1))
    last = completed(staff_a, operator_a, learner, "QC analytics", dt.date(2027, 2, 12))
    completed(staff_a, operator_a, learner, "After the start", dt.date(2027, 4, 1))
    Enrolment.objects.create(session=last.session, learner=learner, seats=1, status="cancelled")
    outcome = JobOutcome.objects.create(
        learner=learner, status="employed", start_date=start, source="self"
    )
    found = attribution(outcome)
    assert found.last == last
    assert found.within_year == [last, year]
    assert old not in found.within_year


def test_still_looking_is_attributed_to_nothing(learner):
    outcome = JobOutcome.objects.create(learner=learner, status="looking", source="self")
    assert attribution(outcome).last is None


def test_a_learner_sees_the_training_each_job_followed(
    client, api_as, staff_a, operator_a, learner
):
    old = completed(staff_a, operator_a, learner, "GMP basics", dt.date(2026, 3, 1))
    last = completed(staff_a, operator_a, learner, "QC analytics", dt.date(2026, 9, 1))
    completed(staff_a, operator_a, learner, "Taken after", dt.date(2026, 11, 1))
    JobOutcome.objects.create(
        learner=learner, status="employed", start_date=dt.date(2026, 10, 5), source="self"
    )
    JobOutcome.objects.create(learner=learner, status="looking", source="self")
    items = api_as(learner).get("/api/v1/me/outcomes").json()["items"]
    by_status = {i["status"]: i for i in items}
    assert by_status["employed"]["after_programmes"] == [
        last.session.programme_id,
        old.session.programme_id,
    ]
    assert by_status["looking"]["after_programmes"] == []
    client.force_login(learner)
    page = client.get("/outcomes/me/").content.decode()
    assert "QC analytics" in page
    assert "and 1 more in the year before" in page
    assert "Taken after" not in page
