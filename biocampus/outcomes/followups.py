"""Follow-ups 3, 6 and 12 months after a completed programme: the task worker schedules
them once a day, e-mails each learner at most once per sweep, and the learner answers
through a signed link that works without signing in."""

import datetime as dt
import logging

from dateutil.relativedelta import relativedelta
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, DomainError, NotFound
from biocampus.enrolment.models import Enrolment, EnrolmentStatus
from biocampus.outbox.models import Topic
from biocampus.outbox.queue import notify
from biocampus.outcomes.models import FollowUp, JobOutcome, OutcomeSource, OutcomeStatus
from biocampus.outcomes.services import outcome_correct, outcome_record

logger = logging.getLogger("biocampus.outcomes")

SALT = "biocampus.outcomes.follow-up"
# A link stays valid long enough to answer late, not forever.
LINK_MAX_AGE = dt.timedelta(days=120)


def schedule(today: dt.date | None = None) -> int:
    """Create the follow-ups that have come due: one per completed enrolment and milestone,
    never twice (the unique constraint), none before the campus recorded the completion."""
    today = today or timezone.localdate()
    # Looking back past the last milestone by a quarter: a worker stopped for weeks still
    # asks the questions that came due meanwhile.
    oldest = today - relativedelta(months=max(FollowUp.MILESTONES)) - dt.timedelta(days=92)
    completed = Enrolment.objects.filter(
        status=EnrolmentStatus.COMPLETED,
        learner__is_active=True,
        session__ends_at__date__gte=oldest,
    ).values_list("pk", "learner_id", "session__ends_at")
    existing = set(
        FollowUp.objects.filter(due_on__gte=oldest).values_list("enrolment_id", "months")
    )
    rows = []
    for enrolment_id, learner_id, ended in completed.iterator(chunk_size=5000):
        ended_on = timezone.localtime(ended).date()
        for months in FollowUp.MILESTONES:
            due = ended_on + relativedelta(months=months)
            if due <= today and (enrolment_id, months) not in existing:
                rows.append(
                    FollowUp(
                        learner_id=learner_id, enrolment_id=enrolment_id, months=months, due_on=due
                    )
                )
    # Two workers at once: the unique constraint keeps one of each.
    FollowUp.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
    return len(rows)


def send_due(now: dt.datetime | None = None) -> int:
    """One e-mail per learner with unanswered, unsent follow-ups: it asks about the latest
    one; the others are marked sent with it, so nobody gets several on one day."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            FollowUp.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, answered_at__isnull=True)
            .exclude(learner__email_opt_outs__topic=Topic.FOLLOW_UPS)
            .order_by("learner_id", "-due_on", "-id")
        )
        latest: dict[int, FollowUp] = {}
        for follow_up in due:
            latest.setdefault(follow_up.learner_id, follow_up)
        FollowUp.objects.filter(pk__in=[f.pk for f in due]).update(sent_at=now)
        notify(
            "outcomes.follow_up",
            [(f.learner_id, {"follow_up": f.pk}) for f in latest.values()],
        )
    return len(latest)


def run_daily(now: dt.datetime | None = None) -> tuple[int, int]:
    now = now or timezone.now()
    created = schedule(timezone.localtime(now).date())
    sent = send_due(now)
    logger.info("follow-ups: %d due, %d e-mailed", created, sent)
    return created, sent


def token_for(follow_up: FollowUp) -> str:
    return signing.dumps({"f": follow_up.pk}, salt=SALT, compress=True)


def follow_up_from(token: str) -> FollowUp:
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature as exc:
        raise NotFound(_("This link is not valid any more.")) from exc
    follow_up = (
        FollowUp.objects.select_related("learner", "enrolment__session__programme")
        .filter(pk=data.get("f"), learner__is_active=True)
        .first()
    )
    if follow_up is None:
        raise NotFound(_("This link is not valid any more."))
    _open_for_answers(follow_up)
    return follow_up


# After the first answer the link still lets the learner correct it for a while.
CORRECTION_WINDOW = dt.timedelta(days=30)


def _open_for_answers(follow_up: FollowUp) -> None:
    if follow_up.answered_at and timezone.now() - follow_up.answered_at > CORRECTION_WINDOW:
        raise NotFound(_("This link is not valid any more."))


def _situation(follow_up: FollowUp, **fields) -> JobOutcome:
    """Record the answer's situation, or correct the one this follow-up recorded before."""
    if follow_up.outcome_id:
        return outcome_correct(actor=follow_up.learner, outcome=follow_up.outcome, **fields)
    outcome = outcome_record(actor=follow_up.learner, source=OutcomeSource.FOLLOW_UP, **fields)
    follow_up.outcome = outcome
    follow_up.save(update_fields=["outcome"])
    return outcome


@transaction.atomic
def answer(*, follow_up: FollowUp, status: str) -> FollowUp:
    """The one-click answer. "Still looking" is recorded as the learner's situation at
    once; "employed" is kept on the follow-up until the learner gives the job's details.
    Answering again corrects the answer (audited)."""
    # Only the follow-up's row is locked: its outcome may not exist (an outer join).
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("outcome", "learner")
        .get(pk=follow_up.pk)
    )
    _open_for_answers(follow_up)
    if status not in OutcomeStatus.values:
        raise DomainError(_("Answer employed or still looking."), code="invalid_answer")
    previous = follow_up.answer
    # The first answer's time stays: the correction window runs from it, not from the
    # latest correction (the audit log keeps every answer).
    follow_up.answer = status
    follow_up.answered_at = follow_up.answered_at or timezone.now()
    follow_up.save(update_fields=["answer", "answered_at"])
    # The same question asked the same day about another programme is answered with it.
    FollowUp.objects.filter(
        learner_id=follow_up.learner_id, answered_at__isnull=True, due_on=follow_up.due_on
    ).update(answer=status, answered_at=follow_up.answered_at)
    if status == OutcomeStatus.LOOKING:
        _situation(follow_up, status=status)
    audit(follow_up.learner, "follow_up.answer", follow_up, answer=status, previous=previous)
    return follow_up


@transaction.atomic
def details(*, follow_up: FollowUp, **fields) -> JobOutcome:
    """The job behind an "employed" answer; given again, it corrects the same record."""
    # Only the follow-up's row is locked: its outcome may not exist (an outer join).
    follow_up = (
        FollowUp.objects.select_for_update(of=("self",))
        .select_related("outcome", "learner")
        .get(pk=follow_up.pk)
    )
    _open_for_answers(follow_up)
    if follow_up.answer != OutcomeStatus.EMPLOYED:
        raise Conflict(_("Answer that you are employed first."), code="not_employed")
    return _situation(follow_up, status=OutcomeStatus.EMPLOYED, **fields)
