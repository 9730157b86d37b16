"""Jobs filled quarter by quarter against the pace of 2,400 in 3 years and 10,000 in 10."""

import datetime as dt
from decimal import Decimal

import pytest

from biocampus.accelerator.models import Application, KpiReport
from biocampus.accelerator.services.applications import application_submit
from biocampus.accelerator.tests.conftest import complete_application
from biocampus.conftest import UserFactory
from biocampus.outcomes.models import JobOutcome
from biocampus.outcomes.pace import pace
from biocampus.outcomes.tests.test_attribution import completed

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 8, 20)  # in the third quarter from the start


@pytest.fixture(autouse=True)
def _start(settings):
    settings.CAMPUS_TARGET_START = "2026-01-01"


def hired(staff, operator, start: dt.date, **fields) -> JobOutcome:
    learner = UserFactory()
    completed(staff, operator, learner, "QC analytics", start - dt.timedelta(days=20))
    return JobOutcome.objects.create(
        learner=learner, status="employed", start_date=start, source="self", **fields
    )


def test_cumulative_jobs_against_both_targets(staff_a, operator_a):
    for day in range(6):
        hired(staff_a, operator_a, dt.date(2026, 2, 1 + day))
    for day in range(5):
        hired(staff_a, operator_a, dt.date(2026, 5, 4 + day))
    quarters = pace(TODAY)
    assert len(quarters) == 12
    assert [q.label for q in quarters[:3]] == ["2026 Q1", "2026 Q2", "2026 Q3"]
    assert [q.actual for q in quarters[:3]] == [6, 11, 11]
    assert all(q.actual is None for q in quarters[3:])  # still to come
    # 2,400 in 12 quarters is 200 a quarter; 10,000 in 40 is 250.
    assert [q.required for q in quarters[:2]] == [(200, 250), (400, 500)]
    assert quarters[-1].required == (2400, 3000)
    assert quarters[1].behind == Decimal(389)


def test_small_counts_are_withheld(staff_a, operator_a):
    for day in range(3):
        hired(staff_a, operator_a, dt.date(2026, 2, 1 + day))
    assert pace(TODAY)[0].actual is None


def test_start_up_jobs_count_once(staff_a, operator_a, founder, call):
    application = application_submit(
        actor=founder, application=complete_application(founder, call, "Cellula")
    )
    Application.objects.filter(pk=application.pk).update(status="accepted")
    KpiReport.objects.create(
        application=application, quarter=dt.date(2026, 4, 1), jobs_fte=Decimal("3.5"), trl=4
    )
    for day in range(5):
        hired(staff_a, operator_a, dt.date(2026, 2, 1 + day))
    # A campus-trained person the start-up hired is in its 3.5 FTE already.
    hired(staff_a, operator_a, dt.date(2026, 5, 1), employer=application.company)
    quarters = pace(TODAY)
    assert quarters[0].actual == Decimal(5)
    assert quarters[1].actual == Decimal("8.5")


def test_the_jobs_gap_api_and_page_show_the_pace(client, staff_a, operator_a):
    for day in range(5):
        hired(staff_a, operator_a, dt.date(2026, 2, 1 + day))
    body = client.get("/api/v1/insights/jobs-gap").json()
    assert body["targets"] == [{"jobs": 2400, "years": 3}, {"jobs": 10000, "years": 10}]
    assert body["jobs_filled"] == {"campus_hires": 5, "startup_fte": 0.0, "total": 5.0}
    assert body["pace"][0] == {"quarter": "2026 Q1", "actual": 5.0, "required": [200, 250]}
    page = client.get("/skills/jobs-gap/").content.decode()
    assert "<polyline" in page
    assert "Pace for 2,400 jobs in 3 years" in page


def test_a_quarter_adding_a_small_count_is_withheld(staff_a, operator_a):
    """Q1 shows 5 jobs; Q2 adds 1 (6 would tell it): withheld; Q3 adds 4 more, 5 since the
    last shown quarter: shown."""
    for day in range(5):
        hired(staff_a, operator_a, dt.date(2026, 2, 1 + day))
    hired(staff_a, operator_a, dt.date(2026, 5, 4))
    for day in range(4):
        hired(staff_a, operator_a, dt.date(2026, 8, 3 + day))
    assert [q.actual for q in pace(TODAY)[:3]] == [5, None, 10]
