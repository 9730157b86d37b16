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


def cohort(staff, operator, job, *, placed: int, looking: int = 0, silent: int = 0, title: str):
    """People who completed a run of a new programme 14 months ago and were asked at 6
    and 12 months: `placed` started a job in `job` a month later and said "employed",
    `looking` said they were still looking, `silent` never answered."""
    ended = timezone.localdate() - relativedelta(months=14)
    size = placed + looking + silent
    first = completed(staff, operator, UserFactory(), title, ended)
    ProgrammeOccupation.objects.create(programme=first.session.programme, occupation=job)
    enrolments = [first] + [
        Enrolment.objects.create(
            session=first.session, learner=UserFactory(), seats=1, status="completed"
        )
        for _i in range(size - 1)
    ]
    for index, enrolment in enumerate(enrolments):
        answer = "employed" if index < placed else "looking" if index < placed + looking else ""
        if answer == "employed":
            JobOutcome.objects.create(
                learner=enrolment.learner,
                status="employed",
                start_date=ended + dt.timedelta(days=30),
                occupation=job,
                source="self",
            )
        for months in (6, 12):
            enrolment.follow_ups.create(
                learner=enrolment.learner,
                months=months,
                due_on=ended + relativedelta(months=months),
                sent_at=timezone.now(),
                answer=answer,
                answered_at=timezone.now() if answer else None,
            )
    return first.session.programme


def by_key(rows):
    return {r.key: r for r in rows}


def test_small_groups_are_withheld(staff_a, operator_a, qc_job):
    shown = cohort(staff_a, operator_a, qc_job, placed=8, looking=5, silent=5, title="QC")
    small = cohort(staff_a, operator_a, qc_job, placed=3, title="HPLC masterclass")
    rows = by_key(placement_rows("programme"))

    big = rows[str(shown.pk)]
    assert big.completers == 18
    twelve = big.milestones[12]
    assert (twelve.known, twelve.placed) == (13, 8)
    assert twelve.rate == pytest.approx(8 / 13)
    assert twelve.response_rate == pytest.approx(13 / 18)
    little = rows[str(small.pk)]
    assert little.completers is None
    assert little.milestones[12].placed is None
    assert little.milestones[12].rate is None
    assert little.milestones[12].interval is None
    assert little.milestones[12].response_rate is None  # 3 sent: one person's answer shows


@pytest.mark.parametrize(
    ("placed", "looking", "silent"),
    [
        (8, 4, 0),  # known 12, placed 8: 4 not placed
        (8, 0, 3),  # completers 11, known 8: 3 unknown
    ],
)
def test_a_count_nested_in_another_is_withheld_when_the_difference_is_small(
    staff_a, operator_a, qc_job, placed, looking, silent
):
    """Every count is 5 or more, but the difference of two would be a count of 1-4."""
    programme = cohort(
        staff_a, operator_a, qc_job, placed=placed, looking=looking, silent=silent, title="QC"
    )
    row = by_key(placement_rows("programme"))[str(programme.pk)]
    assert row.completers == placed + looking + silent
    for months in (6, 12):
        m = row.milestones[months]
        assert (m.known, m.placed, m.rate, m.interval) == (None,) * 4


def test_a_group_adds_up_only_the_programme_figures_published(
    staff_a, operator_a, operator_b, staff_b, qc_job
):
    """Operators' and pillars' totals over withheld programmes could, together, solve one
    of them: a group adds up only what the programme table shows."""
    cohort(staff_a, operator_a, qc_job, placed=5, looking=5, title="A")
    cohort(staff_a, operator_a, qc_job, placed=6, title="B")
    cohort(staff_b, operator_b, qc_job, placed=5, looking=5, title="C")
    cohort(staff_b, operator_b, qc_job, placed=3, title="D")  # withheld
    operators = by_key(placement_rows("operator"))
    a, b = operators[str(operator_a.pk)], operators[str(operator_b.pk)]
    assert (a.completers, a.milestones[12].placed, a.milestones[12].known) == (16, 11, 16)
    assert a.milestones[12].rate == pytest.approx(11 / 16)
    assert (b.completers, b.milestones[12].placed, b.milestones[12].known) == (10, 5, 10)
    (pillar,) = placement_rows("pillar")
    assert (pillar.completers, pillar.milestones[12].placed) == (26, 16)


def test_a_handful_of_perfect_results_ranks_below_a_well_measured_good_one(
    staff_a, operator_a, qc_job
):
    perfect = cohort(staff_a, operator_a, qc_job, placed=6, title="Small and perfect")
    solid = cohort(staff_a, operator_a, qc_job, placed=48, looking=12, title="Large and good")
    rows = placement_rows("programme")
    assert [r.key for r in rows[:2]] == [str(solid.pk), str(perfect.pk)]
    assert rows[1].milestones[12].rate > rows[0].milestones[12].rate


def test_median_time_to_job_needs_five_people(staff_a, operator_a, qc_job):
    programme = cohort(staff_a, operator_a, qc_job, placed=5, title="QC analytics")
    row = by_key(placement_rows("programme"))[str(programme.pk)]
    assert row.median_days_to_job == 30
    fewer = cohort(staff_a, operator_a, qc_job, placed=4, title="QC basics")
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
    programme = cohort(staff_a, operator_a, qc_job, placed=7, looking=5, title="QC analytics")
    body = client.get("/api/v1/insights/outcomes?by=programme").json()
    assert body["by"] == "programme"
    (row,) = body["placement"]
    assert row["key"] == str(programme.pk)
    assert row["operator"] == operator_a.name
    twelve = next(m for m in row["milestones"] if m["months"] == 12)
    assert (twelve["placed"], twelve["known"]) == (7, 12)
    assert 0 < twelve["rate_low"] < twelve["rate"] == round(7 / 12, 4) < twelve["rate_high"] < 1
    pillar = client.get("/api/v1/insights/outcomes?by=pillar").json()["placement"]
    assert [p["key"] for p in pillar] == [programme.pillar.slug]
    occupations = client.get("/api/v1/insights/outcomes?by=occupation").json()
    assert occupations["placement"] == []
    assert occupations["occupations"][0]["occupation"]["id"] == qc_job.pk
    wrong = client.get("/api/v1/insights/outcomes?by=learner")
    assert wrong.status_code == 422
    assert set(wrong.json()) >= {"code", "message"}


def test_spreadsheets_write_withheld_counts_as_fewer_than_five(client, staff_a, operator_a, qc_job):
    cohort(staff_a, operator_a, qc_job, placed=1, looking=2, title="Tiny")
    cohort(staff_a, operator_a, qc_job, placed=5, looking=5, title="QC analytics")
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
    cohort(staff_a, operator_a, qc_job, placed=7, looking=5, title="QC analytics")
    page = client.get("/outcomes/").content.decode()
    assert "QC analytics" in page
    assert "7 of 12" in page
    assert "<circle" in page  # the interval chart
    jobs = client.get("/outcomes/?by=occupation").content.decode()
    assert "qc analyst" in jobs


def test_the_page_without_data_says_so(client, db):
    page = client.get("/outcomes/").content.decode()
    assert "No programme has completers yet" in page
    assert "<svg" not in page.split("<main", 1)[1]


def test_programmes_without_completers_are_not_listed(client, staff_a, operator_a, qc_job):
    cohort(staff_a, operator_a, qc_job, placed=7, looking=5, title="QC analytics")
    make_programme(staff_a, operator_a, title="Not completed by anyone")
    page = client.get("/outcomes/").content.decode()
    assert "7 of 12" in page
    assert "Not completed by anyone" not in page
