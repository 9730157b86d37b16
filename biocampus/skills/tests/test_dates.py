"""Dates are bounded to a sane window: bookings at most two years ahead, sessions, KPI
quarters and closing dates between 2000 and 2099 (year 9999 is a probe, not a plan)."""

import datetime as dt

import pytest
from django.utils import timezone

from biocampus.common.errors import DomainError
from biocampus.conftest import make_session

pytestmark = pytest.mark.django_db


def test_a_session_in_year_2150_is_refused(staff_a, programme_a):
    starts = timezone.make_aware(dt.datetime(2150, 1, 5, 9))
    with pytest.raises(DomainError) as refused:
        make_session(staff_a, programme_a, starts_at=starts, ends_at=starts + dt.timedelta(hours=7))
    assert refused.value.code == "date_out_of_range"


def test_a_vacancy_closing_in_2300_is_refused(api_as, recruiter_a, company_a, qc_job):
    body = {
        "employer": company_a.pk,
        "occupation": qc_job.pk,
        "title": "Analyst",
        "location": "Gosselies",
        "contract": "permanent",
        "openings": 1,
        "closes_on": "2300-01-01",
        "status": "open",
    }
    response = api_as(recruiter_a).post("/api/v1/vacancies", body)
    assert (response.status_code, response.json()["code"]) == (400, "date_out_of_range")
