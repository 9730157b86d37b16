"""The public outcomes tables: small cells withheld (and not recoverable from a group's
total), ranking by the interval's lower end, filling per occupation, the API and page."""

import datetime as dt
import io

import pytest
from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.utils import timezone
from openpyxl import load_workbook

from biocampus.conftest import UserFactory, make_programme
from biocampus.enrolment.models import Enrolment
from biocampus.outcomes.insights import occupation_rows, placement_rows
from biocampus.outcomes.models import Hire, JobOutcome
from biocampus.outcomes.tests.test_attribution import completed
from biocampus.skills.models import ProgrammeOccupation

pytestmark = pytest.mark.django_db


def cohort(staff, operator, job, *, size: int, placed: int, title: str, months_ago: int = 14):
    """`size` people completed a run of a new programme `months_ago`; the first `placed`
    started a job in `job` a month later, the others said they were still looking."""
    ended = timezone.localdate() - relativedelta(months=months_ago)
    first = completed(staff, operator, UserFactory(), title, ended)
    ProgrammeOccupation.objects.create(programme=first.session.programme, occupation=job)
    enrolments = [first] + [
        Enrolment.objects.create(
            session=first.session, learner=UserFactory(), seats=1, status="completed"
        )
        for _i in range(size - 1)
    ]
    for index, enrolment in enumerate(enrolments):
        if index < placed:
            JobOutcome.objects.create(
                learner=enrolment.learner,
                status="employed",
                start_date=ended + dt.timedelta(days=30),
                occupation=job,
                source="self",
            )
        else:
            enrolment.follow_ups.create(
                learner=enrolment.learner,
                months=12,
                due_on=ended + relativedelta(months=12),
                sent_at=timezone.now(),
                answer="looking",
                answered_at=timezone.now(),
            )
    return first.session.programme


def by_key(rows):
    return {r.key: r for r in rows}


def test_small_groups_are_withheld_and_so_is_what_they_would_give_away(staff_a, operator_a, qc_job):
    shown = cohort(staff_a, operator_a, qc_job, size=12, placed=8, title="QC analytics")
    small = cohort(staff_a, operator_a, qc_job, size=3, placed=3, title="HPLC masterclass")
    rows = by_key(placement_rows("programme"))

    big = rows[str(shown.pk)]
    assert big.completers == 12
    assert (big.milestones[12].placed, big.milestones[12].known) == (8, 12)
    assert big.milestones[12].rate == pytest.approx(8 / 12)
    assert big.milestones[12].response_rate is None  # from 4 answers: a withheld count
    little = rows[str(small.pk)]
    assert little.completers is None
    assert little.milestones[12].placed is None
    assert little.milestones[12].rate is None
    assert little.milestones[12].interval is None
    # The operator's total would be 15: minus the shown 12 it gives the hidden 3 away.
    operator = by_key(placement_rows("operator"))[str(operator_a.pk)]
    assert operator.completers is None
    assert operator.milestones[12].rate is None


def test_a_group_total_is_shown_when_its_hidden_cells_add_up_to_five(staff_a, operator_a, qc_job):
    cohort(staff_a, operator_a, qc_job, size=3, placed=0, title="A")
    cohort(staff_a, operator_a, qc_job, size=2, placed=0, title="B")
    operator = by_key(placement_rows("operator"))[str(operator_a.pk)]
    assert operator.completers == 5
    assert operator.milestones[12].known == 5
    assert operator.milestones[12].placed == 0


def test_a_handful_of_perfect_results_ranks_below_a_well_measured_good_one(
    staff_a, operator_a, qc_job
):
    perfect = cohort(staff_a, operator_a, qc_job, size=6, placed=6, title="Small and perfect")
    solid = cohort(staff_a, operator_a, qc_job, size=60, placed=48, title="Large and good")
    rows = placement_rows("programme")
    assert [r.key for r in rows[:2]] == [str(solid.pk), str(perfect.pk)]
    assert rows[1].milestones[12].rate > rows[0].milestones[12].rate


def test_median_time_to_job_needs_five_people(staff_a, operator_a, qc_job):
    programme = cohort(staff_a, operator_a, qc_job, size=6, placed=5, title="QC analytics")
    row = by_key(placement_rows("programme"))[str(programme.pk)]
    assert row.median_days_to_job == 30
    fewer = cohort(staff_a, operator_a, qc_job, size=6, placed=4, title="QC basics")
    cache.clear()  # the tallies are cached for a few minutes
    assert by_key(placement_rows("programme"))[str(fewer.pk)].median_days_to_job is None


def _hire(vacancy, source, learner=None, status="confirmed"):
    return Hire.objects.create(
        vacancy=vacancy,
        source=source,
        learner=learner,
        start_date=timezone.localdate(),
        contract="permanent",
        status=status,
    )


def test_filling_per_occupation(vacancy, qc_job, recruiter_a):
    for _i in range(5):
        _hire(vacancy, "external")
    _hire(vacancy, "campus", UserFactory())
    _hire(vacancy, "campus", UserFactory(), status="pending")
    vacancy.openings = 10
    vacancy.filled_at = vacancy.created_at + dt.timedelta(days=21)
    vacancy.save()
    (row,) = occupation_rows()
    assert row.occupation == qc_job
    assert (row.openings, row.vacancies) == (10, 1)
    assert row.external_hires == 5
    assert row.campus_hires is None  # one person: withheld
    assert row.fill_rate is None  # it would tell the withheld count
    assert row.median_days_to_fill == 21.0


def test_fill_rate_when_every_count_is_shown(vacancy, qc_job):
    vacancy.openings = 20
    vacancy.save()
    for _i in range(5):
        _hire(vacancy, "external")
        _hire(vacancy, "campus", UserFactory())
    (row,) = occupation_rows()
    assert row.fill_rate == pytest.approx(0.5)


def test_the_api_by_each_grouping(client, staff_a, operator_a, qc_job, vacancy):
    programme = cohort(staff_a, operator_a, qc_job, size=10, placed=7, title="QC analytics")
    body = client.get("/api/v1/insights/outcomes?by=programme").json()
    assert body["by"] == "programme"
    (row,) = body["placement"]
    assert row["key"] == str(programme.pk)
    assert row["operator"] == operator_a.name
    twelve = next(m for m in row["milestones"] if m["months"] == 12)
    assert (twelve["placed"], twelve["known"]) == (7, 10)
    assert 0 < twelve["rate_low"] < twelve["rate"] == 0.7 < twelve["rate_high"] < 1
    pillar = client.get("/api/v1/insights/outcomes?by=pillar").json()["placement"]
    assert [p["key"] for p in pillar] == [programme.pillar.slug]
    occupations = client.get("/api/v1/insights/outcomes?by=occupation").json()
    assert occupations["placement"] == []
    assert occupations["occupations"][0]["occupation"]["id"] == qc_job.pk
    wrong = client.get("/api/v1/insights/outcomes?by=learner")
    assert wrong.status_code == 422
    assert set(wrong.json()) >= {"code", "message"}


def test_spreadsheets_write_withheld_counts_as_fewer_than_five(client, staff_a, operator_a, qc_job):
    cohort(staff_a, operator_a, qc_job, size=3, placed=1, title="Tiny")
    cohort(staff_a, operator_a, qc_job, size=8, placed=5, title="QC analytics")
    csv = client.get("/api/v1/insights/outcomes?format=csv").content.decode("utf-8-sig")
    header, *lines = csv.strip().splitlines()
    assert header.startswith('"key","name","operator","completers"')
    tiny = next(line for line in lines if '"Tiny"' in line)
    assert '"<5"' in tiny
    response = client.get("/outcomes/?by=operator&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Key"
    assert sheet.max_row == 2  # one operator


def test_the_page_by_programme_and_by_job(client, staff_a, operator_a, qc_job, vacancy):
    cohort(staff_a, operator_a, qc_job, size=10, placed=7, title="QC analytics")
    page = client.get("/outcomes/").content.decode()
    assert "QC analytics" in page
    assert "7 of 10" in page
    assert "<circle" in page  # the interval chart
    jobs = client.get("/outcomes/?by=occupation").content.decode()
    assert "qc analyst" in jobs


def test_the_page_without_data_says_so(client, db):
    page = client.get("/outcomes/").content.decode()
    assert "No programme has completers yet" in page
    assert "<svg" not in page.split("<main", 1)[1]


def test_programmes_without_completers_are_not_listed(client, staff_a, operator_a, qc_job):
    cohort(staff_a, operator_a, qc_job, size=10, placed=7, title="QC analytics")
    make_programme(staff_a, operator_a, title="Not completed by anyone")
    page = client.get("/outcomes/").content.decode()
    assert "7 of 10" in page
    assert "Not completed by anyone" not in page
