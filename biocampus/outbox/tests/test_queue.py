"""Nudges of the delivery are spaced (OUTBOX_NUDGE_SECONDS): a burst of commits enqueues
one delivery task, and what a skipped nudge leaves behind goes with the next nudge or
the sweep, never lost."""

import datetime as dt

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from biocampus.conftest import UserFactory
from biocampus.enrolment.services import enrolment_create
from biocampus.outbox import queue
from biocampus.outbox.delivery import send_all_due
from biocampus.outbox.models import EmailStatus, OutboundEmail

pytestmark = pytest.mark.django_db


@pytest.fixture
def spaced(settings):
    settings.OUTBOX_NUDGE_SECONDS = 60
    queue._last_nudge = float("-inf")
    yield
    queue._last_nudge = float("-inf")


def _enrol(session, capture):
    learner = UserFactory()
    with capture(execute=True):
        enrolment_create(actor=learner, session_id=session.pk)
    return OutboundEmail.objects.get(user=learner)


def test_a_burst_nudges_once_and_the_rest_goes_with_the_sweep(
    spaced, session_a, working_smtp, django_capture_on_commit_callbacks
):
    first = _enrol(session_a, django_capture_on_commit_callbacks)
    # The first commit's nudge ran the delivery (the test task backend runs it at once).
    assert first.status == EmailStatus.SENT
    assert len(working_smtp.messages) == 1

    later = [_enrol(session_a, django_capture_on_commit_callbacks) for _ in range(3)]
    # Within the interval this backend, which cannot defer a task, enqueues none: the
    # rows wait, recorded, for the sweep (the database backend defers one, below).
    assert {row.status for row in later} == {EmailStatus.QUEUED}
    assert len(working_smtp.messages) == 1

    assert send_all_due().sent == 3
    assert {m["To"] for m in working_smtp.messages[1:]} == {row.user.email for row in later}


def test_after_the_interval_the_next_commit_nudges_again(
    spaced, session_a, working_smtp, django_capture_on_commit_callbacks
):
    _enrol(session_a, django_capture_on_commit_callbacks)
    waiting = _enrol(session_a, django_capture_on_commit_callbacks)
    assert waiting.status == EmailStatus.QUEUED
    queue._last_nudge -= 61  # a minute later
    _enrol(session_a, django_capture_on_commit_callbacks)
    # That delivery sent everything due, the row a skipped nudge left behind included.
    waiting.refresh_from_db()
    assert waiting.status == EmailStatus.SENT
    assert len(working_smtp.messages) == 3


def test_every_commit_nudges_when_spacing_is_off(
    settings, session_a, working_smtp, django_capture_on_commit_callbacks
):
    settings.OUTBOX_NUDGE_SECONDS = 0
    rows = [_enrol(session_a, django_capture_on_commit_callbacks) for _ in range(3)]
    assert {row.status for row in rows} == {EmailStatus.SENT}


def test_inside_the_interval_one_delivery_is_deferred_to_its_end_and_shared(
    spaced, settings, session_a, django_capture_on_commit_callbacks
):
    # The production task backend (rows a worker runs), which can defer a task.
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "email", "timetable"],
        }
    }
    before = timezone.now()
    rows = [_enrol(session_a, django_capture_on_commit_callbacks) for _ in range(4)]
    tasks = list(DBTaskResult.objects.filter(task_path__endswith="deliver_outbox"))
    # The first commit's task runs at once; the three later ones share one deferred to
    # the interval's end, so none of their e-mails waits longer than the interval.
    assert len(tasks) == 2
    now_task, deferred = sorted(tasks, key=lambda t: t.enqueued_at)
    assert now_task.run_after == get_date_max()  # the backend's "no delay"
    assert dt.timedelta(seconds=55) < deferred.run_after - before < dt.timedelta(seconds=61)
    assert {row.status for row in rows} == {EmailStatus.QUEUED}
