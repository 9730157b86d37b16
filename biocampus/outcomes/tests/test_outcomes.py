"""Learners record their own situation, at any time, and correct it; every change is
audited; a job confirmed from an employer's hire is not edited by the learner."""

import datetime as dt

import pytest

from biocampus.common.models import AuditEvent
from biocampus.conftest import UserFactory
from biocampus.outcomes.models import JobOutcome

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/outcomes"


def test_a_learner_records_then_corrects_their_situation(api_as, learner, qc_job):
    me = api_as(learner)
    looking = me.post(URL, {"status": "looking", "employer_name": "ignored"})
    assert looking.status_code == 201, looking.content
    assert looking.json()["employer_name"] == ""  # still looking: no job details kept
    job = me.post(
        URL,
        {
            "status": "employed",
            "employer_name": "NovaFerm",
            "occupation": qc_job.pk,
            "contract": "fixed_term",
            "start_date": "2027-01-04",
            "in_region": True,
        },
    ).json()
    assert (job["occupation"], job["source"], job["in_region"]) == (qc_job.pk, "self", True)
    fixed = me.patch(f"{URL}/{job['id']}", {"start_date": "2027-01-11", "contract": "permanent"})
    assert fixed.status_code == 200
    assert (fixed.json()["start_date"], fixed.json()["contract"]) == ("2027-01-11", "permanent")
    assert fixed.json()["employer_name"] == "NovaFerm"  # untouched fields stay
    listed = me.get(URL).json()["items"]
    assert [o["status"] for o in listed] == ["employed", "looking"]
    actions = list(
        AuditEvent.objects.filter(actor=learner).values_list("action", flat=True).order_by("id")
    )
    assert actions[-3:] == ["outcome.record", "outcome.record", "outcome.correct"]


def test_bad_outcomes_are_refused_with_a_clear_error(api_as, learner):
    me = api_as(learner)
    no_date = me.post(URL, {"status": "employed", "employer_name": "NovaFerm"})
    assert (no_date.status_code, no_date.json()["code"]) == (400, "invalid_start_date")
    no_employer = me.post(URL, {"status": "employed", "start_date": "2027-01-04"})
    assert no_employer.json()["code"] == "invalid_employer"
    far = me.post(URL, {"status": "employed", "employer_name": "X", "start_date": "2035-01-01"})
    assert far.json()["code"] == "invalid_start_date"
    assert me.post(URL, {"status": "retired"}).status_code == 422
    assert me.post(URL, {"status": "looking", "occupation": 99999999}).status_code == 404
    assert not JobOutcome.objects.exists()


def test_nobody_else_sees_or_corrects_them(api_as, learner):
    mine = JobOutcome.objects.create(learner=learner, status="looking", source="self")
    other = api_as(UserFactory())
    assert other.get(URL).json()["items"] == []
    assert other.patch(f"{URL}/{mine.pk}", {"status": "looking"}).status_code == 404


def test_a_job_from_a_hire_is_corrected_by_the_employer_not_here(api_as, learner):
    from_hire = JobOutcome.objects.create(
        learner=learner,
        status="employed",
        employer_name="NovaFerm",
        start_date=dt.date(2027, 1, 4),
        source="hire",
    )
    refused = api_as(learner).patch(f"{URL}/{from_hire.pk}", {"status": "looking"})
    assert (refused.status_code, refused.json()["code"]) == (409, "from_hire")
