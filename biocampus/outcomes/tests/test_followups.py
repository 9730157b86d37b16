"""Follow-ups at 3, 6 and 12 months after a completed programme: scheduled once each,
one e-mail per learner, answered through a signed link without signing in."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from biocampus.common.errors import NotFound
from biocampus.common.housekeeping import Schedule
from biocampus.conftest import UserFactory
from biocampus.outbox.models import EmailOptOut, OutboundEmail
from biocampus.outcomes import followups
from biocampus.outcomes.models import FollowUp, JobOutcome
from biocampus.outcomes.tests.test_attribution import completed

pytestmark = pytest.mark.django_db


def months_ago(n: int, days: int = 3) -> dt.date:
    return timezone.localdate() - relativedelta(months=n) - dt.timedelta(days=days)


def test_due_milestones_are_scheduled_once_each(staff_a, operator_a):
    learner = UserFactory()
    qc = completed(staff_a, operator_a, learner, "QC analytics", months_ago(7))
    completed(staff_a, operator_a, learner, "Too recent", months_ago(0, days=10))
    completed(staff_a, operator_a, learner, "Long ago", months_ago(20))
    assert followups.schedule() == 2
    assert sorted(FollowUp.objects.values_list("months", flat=True)) == [3, 6]
    assert followups.schedule() == 0  # no duplicates
    later = timezone.localdate() + relativedelta(months=6)
    followups.schedule(later)
    assert sorted(FollowUp.objects.filter(enrolment=qc).values_list("months", flat=True)) == [
        3,
        6,
        12,
    ]


def test_one_email_per_learner_and_none_twice(staff_a, operator_a):
    learner, quiet = UserFactory(), UserFactory()
    completed(staff_a, operator_a, learner, "QC analytics", months_ago(4))
    completed(staff_a, operator_a, learner, "GMP basics", months_ago(3))
    completed(staff_a, operator_a, quiet, "GMP basics", months_ago(3))
    EmailOptOut.objects.create(user=quiet, topic="follow_ups")
    followups.schedule()
    assert followups.send_due() == 1
    mails = OutboundEmail.objects.filter(kind="outcomes.follow_up")
    assert [m.user_id for m in mails] == [learner.pk]
    assert FollowUp.objects.filter(learner=learner, sent_at__isnull=True).count() == 0
    assert followups.send_due() == 0
    assert FollowUp.objects.filter(learner=quiet, sent_at__isnull=True).count() == 1


def test_the_worker_asks_once_a_day(staff_a, operator_a):
    completed(staff_a, operator_a, UserFactory(), "QC analytics", months_ago(3))
    schedule = Schedule()
    now = timezone.now()
    schedule.tick(now)
    schedule.tick(now + dt.timedelta(minutes=1))
    assert OutboundEmail.objects.filter(kind="outcomes.follow_up").count() == 1


def test_answering_through_the_link_without_signing_in(client, staff_a, operator_a, qc_job):
    learner = UserFactory()
    completed(staff_a, operator_a, learner, "QC analytics", months_ago(3))
    completed(staff_a, operator_a, learner, "GMP basics", months_ago(3))
    completed(staff_a, operator_a, learner, "Earlier", months_ago(3, days=20))
    followups.schedule()
    first, other, earlier = FollowUp.objects.order_by("-due_on", "id")
    url = f"/outcomes/follow-up/{followups.token_for(first)}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "I have a job" in page.content.decode()
    client.post(url, {"answer": "looking"})
    assert JobOutcome.objects.get(learner=learner).source == "follow_up"
    other.refresh_from_db()
    earlier.refresh_from_db()
    assert other.answer == "looking"  # the same question the same day, answered once
    assert earlier.answer == ""  # an earlier milestone keeps its own answer
    # A correction: in fact employed, with the job's details.
    client.post(url, {"answer": "employed"})
    client.post(
        url,
        {
            "step": "details",
            "employer_name": "NovaFerm",
            "start_date": "2027-01-04",
            "occupation": "",
        },
    )
    # The answer's situation is corrected in place, not added to.
    assert list(JobOutcome.objects.filter(learner=learner).values_list("status", flat=True)) == [
        "employed"
    ]
    client.post(
        url,
        {
            "step": "details",
            "employer_name": "NovaFerm SA",
            "start_date": "2027-01-11",
            "occupation": "",
        },
    )
    outcome = JobOutcome.objects.get(learner=learner)  # used twice, still one job
    assert (outcome.status, outcome.employer_name) == ("employed", "NovaFerm SA")
    assert client.get("/outcomes/follow-up/forged/").status_code == 404
    # A month after the answer the link is closed.
    FollowUp.objects.filter(pk=first.pk).update(answered_at=timezone.now() - dt.timedelta(days=31))
    assert client.get(url).status_code == 404


def test_answering_again_does_not_extend_the_correction_window(learner, staff_a, operator_a):
    """The link closes 30 days after the first answer, however often it was corrected."""
    enrolment = completed(staff_a, operator_a, learner, "QC analytics", dt.date(2026, 1, 10))
    follow_up = FollowUp.objects.create(
        learner=learner, enrolment=enrolment, months=6, due_on=dt.date(2026, 7, 10)
    )
    followups.answer(follow_up=follow_up, status="looking")
    first = FollowUp.objects.get(pk=follow_up.pk).answered_at
    FollowUp.objects.filter(pk=follow_up.pk).update(answered_at=first - dt.timedelta(days=29))
    followups.answer(follow_up=FollowUp.objects.get(pk=follow_up.pk), status="employed")
    corrected = FollowUp.objects.get(pk=follow_up.pk)
    assert corrected.answer == "employed"
    assert corrected.answered_at == first - dt.timedelta(days=29)
    FollowUp.objects.filter(pk=follow_up.pk).update(answered_at=first - dt.timedelta(days=31))
    with pytest.raises(NotFound):
        followups.answer(follow_up=FollowUp.objects.get(pk=follow_up.pk), status="looking")
