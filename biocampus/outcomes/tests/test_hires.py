"""Employers mark a vacancy's openings filled; a campus learner confirms before the job
counts; the vacancy's fill state and time-to-fill follow."""

import datetime as dt

import pytest
from django.utils import timezone

from biocampus.common.errors import Conflict, DomainError, Forbidden, NotFound
from biocampus.conftest import UserFactory
from biocampus.outcomes.models import Hire, JobOutcome
from biocampus.outcomes.queries import FillState, fill_state, time_to_fill
from biocampus.outcomes.services import hire_answer, hire_record, vacancy_close
from biocampus.skills.models import Vacancy

pytestmark = pytest.mark.django_db

START = dt.date(2027, 2, 1)


def state(vacancy) -> str:
    return fill_state(Vacancy.objects.get(pk=vacancy.pk))


def test_external_hires_fill_the_openings_one_by_one(vacancy, recruiter_a):
    assert state(vacancy) == FillState.OPEN
    hire_record(actor=recruiter_a, vacancy=vacancy, start_date=START, contract="permanent")
    assert state(vacancy) == FillState.PARTLY_FILLED
    hire_record(actor=recruiter_a, vacancy=vacancy, start_date=START, contract="fixed_term")
    assert state(vacancy) == FillState.FILLED
    filled = Vacancy.objects.get(pk=vacancy.pk)
    assert filled.filled_at is not None
    assert dt.timedelta(0) <= time_to_fill(filled) < dt.timedelta(minutes=1)
    with pytest.raises(Conflict, match="already filled"):
        hire_record(actor=recruiter_a, vacancy=vacancy, start_date=START, contract="permanent")
    assert not JobOutcome.objects.exists()  # nobody on the campus was hired


def test_a_campus_learner_confirms_before_the_job_counts(vacancy, recruiter_a, hired_candidate):
    hire = hire_record(
        actor=recruiter_a,
        vacancy=vacancy,
        learner=hired_candidate,
        start_date=START,
        contract="permanent",
    )
    assert hire.status == "pending"
    assert state(vacancy) == FillState.OPEN  # not yet a job
    hire_answer(actor=hired_candidate, hire=hire, accept=True)
    assert state(vacancy) == FillState.PARTLY_FILLED
    outcome = JobOutcome.objects.get(learner=hired_candidate)
    assert (outcome.status, outcome.source, outcome.hire_id) == ("employed", "hire", hire.pk)
    assert (outcome.employer_id, outcome.occupation_id) == (
        vacancy.employer_id,
        vacancy.occupation_id,
    )
    assert outcome.start_date == START
    with pytest.raises(Conflict):
        hire_answer(actor=hired_candidate, hire=hire, accept=False)


def test_a_declined_hire_frees_the_opening(vacancy, recruiter_a, hired_candidate):
    Vacancy.objects.filter(pk=vacancy.pk).update(openings=1)
    hire = hire_record(
        actor=recruiter_a,
        vacancy=vacancy,
        learner=hired_candidate,
        start_date=START,
        contract="permanent",
    )
    # The pending hire holds the only opening.
    with pytest.raises(Conflict, match="already filled"):
        hire_record(actor=recruiter_a, vacancy=vacancy, start_date=START, contract="permanent")
    hire_answer(actor=hired_candidate, hire=hire, accept=False)
    assert not JobOutcome.objects.exists()
    external = hire_record(
        actor=recruiter_a, vacancy=vacancy, start_date=START, contract="permanent"
    )
    assert external.source == "external"
    assert state(vacancy) == FillState.FILLED


def test_only_candidates_who_accepted_contact_or_a_named_learner_can_be_hired(
    vacancy, recruiter_a, recruiter_b
):
    stranger = UserFactory(email="stranger@example.test")
    with pytest.raises(DomainError, match="not among your candidates"):
        hire_record(
            actor=recruiter_a,
            vacancy=vacancy,
            learner=stranger,
            start_date=START,
            contract="permanent",
        )
    with pytest.raises(DomainError, match="No campus learner"):
        hire_record(
            actor=recruiter_a,
            vacancy=vacancy,
            learner_email="nobody@example.test",
            start_date=START,
            contract="permanent",
        )
    # Named by e-mail, the learner is asked to confirm like any other.
    invited = hire_record(
        actor=recruiter_a,
        vacancy=vacancy,
        learner_email="STRANGER@example.test",
        start_date=START,
        contract="internship",
    )
    assert (invited.learner_id, invited.status) == (stranger.pk, "pending")
    with pytest.raises(NotFound):
        hire_answer(actor=UserFactory(), hire=invited, accept=True)  # not theirs
    with pytest.raises(Forbidden):
        hire_record(actor=recruiter_b, vacancy=vacancy, start_date=START, contract="permanent")


def test_bad_input_is_refused_and_nothing_is_written(vacancy, recruiter_a):
    from biocampus.common.errors import DomainError

    with pytest.raises(DomainError):
        hire_record(actor=recruiter_a, vacancy=vacancy, start_date=START, contract="forever")
    with pytest.raises(DomainError):
        hire_record(actor=recruiter_a, vacancy=vacancy, start_date="soon", contract="permanent")
    assert not Hire.objects.exists()


def test_closing_a_vacancy(vacancy, recruiter_a):
    with pytest.raises(Conflict, match="Record a hire"):
        vacancy_close(actor=recruiter_a, vacancy=vacancy, reason="filled")
    vacancy_close(actor=recruiter_a, vacancy=vacancy, reason="unfilled")
    assert state(vacancy) == FillState.CLOSED_UNFILLED
    with pytest.raises(Conflict):
        hire_record(actor=recruiter_a, vacancy=vacancy, start_date=START, contract="permanent")
    with pytest.raises(Conflict):
        vacancy_close(actor=recruiter_a, vacancy=vacancy, reason="withdrawn")


def test_a_filled_vacancy_closes_as_filled(vacancy, recruiter_a):
    for _n in range(vacancy.openings):
        hire_record(actor=recruiter_a, vacancy=vacancy, start_date=START, contract="permanent")
    closed = vacancy_close(actor=recruiter_a, vacancy=vacancy, reason="filled")
    assert closed.closed_reason == "filled"
    assert fill_state(closed) == FillState.FILLED
    assert closed.filled_at <= timezone.now()


def test_erasure_keeps_the_employers_record_and_drops_what_the_person_said(
    vacancy, recruiter_a, hired_candidate
):
    from biocampus.privacy.erasure import erase

    hire = hire_record(
        actor=recruiter_a,
        vacancy=vacancy,
        learner=hired_candidate,
        start_date=START,
        contract="permanent",
    )
    hire_answer(actor=hired_candidate, hire=hire, accept=True)
    JobOutcome.objects.create(learner=hired_candidate, status="looking", source="self")
    erase(hired_candidate, reason="request")
    assert list(JobOutcome.objects.values_list("source", flat=True)) == ["hire"]
    assert Hire.objects.get().status == "confirmed"
    assert state(vacancy) == FillState.PARTLY_FILLED  # the job still counts


def test_editing_a_vacancy_keeps_its_hires_consistent(vacancy, recruiter_a):
    from biocampus.skills.services.vacancies import vacancy_update

    for _n in range(2):
        hire_record(actor=recruiter_a, vacancy=vacancy, start_date=START, contract="permanent")
    with pytest.raises(Conflict, match="already filled"):
        vacancy_update(actor=recruiter_a, vacancy=vacancy, openings=1)
    grown = vacancy_update(actor=recruiter_a, vacancy=vacancy, openings=3)
    assert grown.filled_at is None  # one opening is free again
    assert fill_state(grown) == FillState.PARTLY_FILLED
    closed = vacancy_update(actor=recruiter_a, vacancy=vacancy, status="closed")
    assert closed.closed_reason == "withdrawn"
    reopened = vacancy_update(actor=recruiter_a, vacancy=vacancy, status="open")
    assert reopened.closed_reason == ""
