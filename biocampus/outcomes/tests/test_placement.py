"""Placement rates per programme: who counts as placed, known and eligible at 6 and 12
months, and the Wilson interval checked against an independent computation."""

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from scipy.stats import binomtest

from biocampus.conftest import UserFactory
from biocampus.enrolment.models import Enrolment
from biocampus.outcomes.models import FollowUp, JobOutcome
from biocampus.outcomes.placement import Rate, programme_rates, programme_tallies, wilson
from biocampus.outcomes.tests.test_attribution import completed
from biocampus.skills.models import OccupationLink, ProgrammeOccupation
from biocampus.skills.tests.conftest import make_job

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("successes", "trials"),
    [(0, 1), (1, 1), (0, 6), (6, 6), (3, 7), (160, 200), (1, 1000), (999, 1000), (57, 91)],
)
def test_wilson_agrees_with_scipy(successes, trials):
    reference = binomtest(successes, trials).proportion_ci(confidence_level=0.95, method="wilson")
    low, high = wilson(successes, trials)
    assert low == pytest.approx(reference.low, abs=1e-12)
    assert high == pytest.approx(reference.high, abs=1e-12)


def test_nothing_known_is_the_whole_interval():
    assert wilson(0, 0) == (0.0, 1.0)
    assert Rate(0, 0).rate is None


def test_six_out_of_six_does_not_outrank_160_out_of_200_on_the_lower_bound():
    small, large = Rate(placed=6, known=6), Rate(placed=160, known=200)
    assert small.rate > large.rate
    assert small.low < large.low


def _follow_up(enrolment, months, *, answer=""):
    ended = timezone.localtime(enrolment.session.ends_at).date()
    return FollowUp.objects.create(
        learner=enrolment.learner,
        enrolment=enrolment,
        months=months,
        due_on=ended + relativedelta(months=months),
        sent_at=timezone.now(),
        answer=answer,
        answered_at=timezone.now() if answer else None,
    )


def _job(learner, start, occupation=None):
    return JobOutcome.objects.create(
        learner=learner, status="employed", start_date=start, occupation=occupation, source="self"
    )


def test_who_is_placed_known_and_eligible(staff_a, operator_a, framework, qc_job):
    today = timezone.localdate()
    ended = today - relativedelta(months=14)
    related = make_job(framework, "lab-technician")
    OccupationLink.objects.create(source=related, target=qc_job, kind="close_match")
    unrelated = make_job(framework, "sales")
    first = completed(staff_a, operator_a, UserFactory(), "QC analytics", ended)
    programme = first.session.programme
    ProgrammeOccupation.objects.create(programme=programme, occupation=qc_job)

    def another():
        return Enrolment.objects.create(
            session=first.session, learner=UserFactory(), seats=1, status="completed"
        )

    # Placed within 2 months, in the programme's occupation: counts at 6 and 12 months.
    _job(first.learner, ended + dt.timedelta(days=60), qc_job)
    # Placed after 9 months in a related occupation: at 12 months only.
    late = another()
    _job(late.learner, ended + relativedelta(months=9), related)
    # Employed, but in another line of work: known and employed, not placed.
    other = another()
    _job(other.learner, ended + dt.timedelta(days=30), unrelated)
    # Said "employed" without details at 6 months: employed and known, not placed.
    _follow_up(another(), 6, answer="employed")
    # Still looking at 6 and 12 months; asked and silent at both.
    looking = another()
    _follow_up(looking, 6, answer="looking")
    _follow_up(looking, 12, answer="looking")
    silent = another()
    _follow_up(silent, 6)
    _follow_up(silent, 12)
    # A job that started before the programme ended is not a placement.
    before = another()
    _job(before.learner, ended - dt.timedelta(days=10), qc_job)
    tally = programme_tallies()[programme.pk]

    assert tally.completers == 7
    assert tally.eligible == {6: 7, 12: 7}
    assert tally.placed == {6: 1, 12: 2}
    assert tally.employed == {6: 3, 12: 3}
    assert tally.known == {6: 4, 12: 4}
    assert tally.sent == {6: 3, 12: 2}
    assert tally.answered == {6: 2, 12: 1}
    assert tally.response_rate(6) == pytest.approx(2 / 3)
    assert sorted(tally.days_to_job) == sorted([60, (ended + relativedelta(months=9) - ended).days])
    assert programme_rates(12)[programme.pk] == Rate(placed=2, known=4)


def test_not_yet_eligible_counts_only_as_a_completer(staff_a, operator_a, qc_job):
    today = timezone.localdate()
    enrolment = completed(
        staff_a, operator_a, UserFactory(), "QC analytics", today - relativedelta(months=8)
    )
    ProgrammeOccupation.objects.create(programme=enrolment.session.programme, occupation=qc_job)
    _job(enrolment.learner, today - relativedelta(months=7), qc_job)
    tally = programme_tallies()[enrolment.session.programme_id]
    assert tally.completers == 1
    assert tally.eligible == {6: 1, 12: 0}
    assert tally.placed == {6: 1, 12: 0}
    assert tally.days_to_job == []  # only jobs within the 12-month window, once eligible
