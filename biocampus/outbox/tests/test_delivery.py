"""E-mail that is not lost: recorded with the change, retried with backoff against real
SMTP endpoints, reclaimed from a dead worker, resent by the campus."""

import datetime as dt
import signal
import time

import pytest
from django.db import transaction
from django.utils import timezone

from biocampus.conftest import UserFactory, make_session
from biocampus.enrolment.services import enrolment_create
from biocampus.outbox.delivery import claim, retry_delay, send_all_due, send_due
from biocampus.outbox.models import EmailStatus, OutboundEmail

pytestmark = pytest.mark.django_db


def enrol(user, session):
    return enrolment_create(actor=user, session_id=session.pk)


def test_the_notification_is_recorded_in_the_enrolments_transaction(session_a):
    learner = UserFactory()
    with transaction.atomic():
        enrol(learner, session_a)
        # Inside the transaction, before any commit: the row is there with the enrolment.
        row = OutboundEmail.objects.get(user=learner)
        assert (row.kind, row.status) == ("enrolment.confirmed", EmailStatus.QUEUED)
        # Only references rest in the row, no text.
        assert row.message is None
        assert set(row.params) == {"enrolment"}
        transaction.set_rollback(True)
    # Rolled back with the enrolment: nothing will be sent.
    assert not OutboundEmail.objects.filter(user=learner).exists()


def test_a_lost_nudge_loses_nothing_the_sweep_sends_it(session_a, working_smtp):
    learner = UserFactory()
    # Outside django_capture_on_commit_callbacks the after-commit nudge never runs, as if
    # the process died right after the commit.
    enrol(learner, session_a)
    assert working_smtp.messages == []
    sweep = send_all_due()
    assert sweep.sent == 1
    (message,) = working_smtp.messages
    assert message["To"] == learner.email
    assert "confirmed" in message["Subject"]
    row = OutboundEmail.objects.get(user=learner)
    assert row.status == EmailStatus.SENT
    assert row.recipient == learner.email
    assert message["Message-ID"] == f"<{row.uid}@biocampus.test>"
    # A second sweep has nothing to do: nothing is sent twice.
    assert send_all_due().claimed == 0
    assert len(working_smtp.messages) == 1


def test_a_refusing_server_is_retried_with_exponential_backoff_then_failed(
    settings, session_a, refusing_smtp
):
    settings.OUTBOX_MAX_ATTEMPTS = 4
    learner = UserFactory()
    enrol(learner, session_a)
    now = timezone.now()
    waits = []
    for attempt in range(1, 5):
        sweep = send_due(now=now)
        row = OutboundEmail.objects.get(user=learner)
        assert row.attempts == attempt
        assert "ConnectionRefusedError" in row.last_error
        if attempt < 4:
            assert row.status == EmailStatus.QUEUED
            waits.append(row.next_attempt_at - now)
            # Not due before its time.
            assert send_due(now=row.next_attempt_at - dt.timedelta(seconds=1)).claimed == 0
            now = row.next_attempt_at
        else:
            assert sweep.failed == 1
            assert row.status == EmailStatus.FAILED
    assert waits == [dt.timedelta(seconds=60 * 2**n) for n in range(3)]
    # A failed e-mail stays failed: no sweep takes it again.
    assert send_due(now=now + dt.timedelta(days=1)).claimed == 0


def test_backoff_is_capped(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS, settings.OUTBOX_RETRY_MAX_SECONDS = 60, 3600
    assert retry_delay(1) == dt.timedelta(minutes=1)
    assert retry_delay(3) == dt.timedelta(minutes=4)
    assert retry_delay(30) == dt.timedelta(hours=1)


def test_a_hanging_server_costs_one_timeout_not_one_per_message(hanging_smtp, make_session_for):
    learners = UserFactory.create_batch(3)
    session = make_session_for(capacity=5)
    for learner in learners:
        enrol(learner, session)

    def blocked(signum, frame):
        raise AssertionError("the sweep is still blocked on the silent server after 15 s")

    # In this thread (the test's database transaction is not visible to another one),
    # with an alarm as the guard against blocking for ever.
    previous = signal.signal(signal.SIGALRM, blocked)
    signal.alarm(15)
    try:
        started = time.monotonic()
        sweep = send_due()
        seconds = time.monotonic() - started
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    # EMAIL_TIMEOUT is 1 s here: one wait, and the rest of the batch is put back at once.
    assert seconds < 5
    assert sweep.retrying == 3
    assert sweep.broken
    rows = OutboundEmail.objects.filter(user__in=learners)
    assert {r.status for r in rows} == {EmailStatus.QUEUED}
    assert all("timed out" in r.last_error for r in rows)


def test_a_claim_left_by_a_killed_worker_is_taken_again_after_the_timeout(
    settings, session_a, working_smtp
):
    settings.OUTBOX_CLAIM_TIMEOUT = 600
    learner = UserFactory()
    enrol(learner, session_a)
    started = timezone.now()
    # A worker claims the row and dies before sending (what a SIGKILL leaves behind).
    (dead,) = claim(10, now=started)
    assert OutboundEmail.objects.get(pk=dead.pk).status == EmailStatus.SENDING
    # While the claim is fresh nobody else takes it...
    assert send_due(now=started + dt.timedelta(seconds=599)).claimed == 0
    # ...once it is stale, another sweep sends it.
    assert send_due(now=started + dt.timedelta(seconds=601)).sent == 1
    assert len(working_smtp.messages) == 1
    row = OutboundEmail.objects.get(pk=dead.pk)
    assert (row.status, row.attempts, row.claimed_at) == (EmailStatus.SENT, 2, None)


def test_a_row_vanished_before_sending_is_dropped_not_failed(session_a, working_smtp):
    learner = UserFactory()
    enrolment = enrol(learner, session_a)
    enrolment.delete()
    sweep = send_all_due()
    assert (sweep.sent, sweep.dropped) == (0, 1)
    assert OutboundEmail.objects.get(user=learner).status == EmailStatus.DROPPED
    assert working_smtp.messages == []


@pytest.fixture
def make_session_for(staff_a, programme_a):
    return lambda **kw: make_session(staff_a, programme_a, **kw)


def test_one_refused_mailbox_does_not_hold_back_the_others(working_smtp):
    addresses = ["a@example.test", "refused@example.test", "b@example.test"]
    for address in addresses:
        OutboundEmail.objects.create(
            kind="message",
            recipient=address,
            message={"subject": "Hello", "body": "Hi.", "to": [address], "alternatives": []},
        )
    sweep = send_all_due()
    assert sweep.sent == 2
    assert sweep.retrying == 1
    assert not sweep.broken
    assert sorted(m["To"] for m in working_smtp.messages) == ["a@example.test", "b@example.test"]
    refused = OutboundEmail.objects.get(recipient="refused@example.test")
    assert refused.status == EmailStatus.QUEUED
    assert "SMTPRecipientsRefused" in refused.last_error
    # Each row's error names only its own recipient.
    assert (
        not OutboundEmail.objects.filter(last_error__contains="refused@")
        .exclude(pk=refused.pk)
        .exists()
    )


def test_a_claim_is_stamped_with_the_clock_not_the_sweeps_start(settings, session_a):
    enrol(UserFactory(), session_a)
    long_ago = timezone.now() - dt.timedelta(hours=1)
    (row,) = claim(10, now=long_ago + dt.timedelta(hours=2))
    # A sweep that started long ago must not stamp claims that already look stale.
    assert row.claimed_at > timezone.now() - dt.timedelta(minutes=1)


def test_a_message_that_keeps_killing_the_worker_ends_failed(settings, session_a):
    settings.OUTBOX_MAX_ATTEMPTS, settings.OUTBOX_CLAIM_TIMEOUT = 2, 60
    learner = UserFactory()
    enrol(learner, session_a)
    later = timezone.now()
    for _death in range(2):  # claimed, then the worker dies, twice
        later += dt.timedelta(minutes=2)
        assert len(claim(10, now=later)) == 1
    later += dt.timedelta(minutes=2)
    assert claim(10, now=later) == []
    row = OutboundEmail.objects.get(user=learner)
    assert row.status == EmailStatus.FAILED
    assert "worker stopped" in row.last_error
