"""What the task worker does on its own, every minute: send the e-mail that is due
(retries, and anything whose nudge was lost), take back tasks whose worker died, and once a
day apply the retention periods and ask learners the follow-up questions that are due."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import F, Func, IntegerField
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("biocampus.worker")


class _JsonLength(Func):
    # worker_ids holds one id per claim; its length counts the attempts.
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        function = (
            "jsonb_array_length" if connection.vendor == "postgresql" else "json_array_length"
        )
        return super().as_sql(compiler, connection, function=function, **extra)


def reclaim_stale_tasks(now: datetime | None = None) -> tuple[int, int]:
    """A task RUNNING for longer than TASK_STALE_AFTER lost its worker (killed, host gone):
    put it back to run again, or fail it once it has had TASK_MAX_CLAIMS workers.
    Returns (requeued, failed). Every task here is safe to run twice."""
    now = now or timezone.now()
    stale = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING,
        started_at__lt=now - timedelta(seconds=settings.TASK_STALE_AFTER),
    ).annotate(claims=_JsonLength(F("worker_ids")))
    failed = stale.filter(claims__gte=settings.TASK_MAX_CLAIMS).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path="biocampus.common.housekeeping.WorkerLost",
        traceback="The worker running this task stopped before it finished.",
    )
    requeued = stale.filter(claims__lt=settings.TASK_MAX_CLAIMS).update(
        status=TaskResultStatus.READY, run_after=now
    )
    if requeued or failed:
        logger.warning("stale tasks: %d requeued, %d failed for good", requeued, failed)
    return requeued, failed


class Schedule:
    """The periodic jobs; `tick` is called every HOUSEKEEPING_INTERVAL seconds."""

    def __init__(self) -> None:
        self.last_retention: datetime | None = None
        self.last_follow_ups: datetime | None = None

    def tick(self, now: datetime | None = None) -> None:
        from biocampus.outbox.delivery import send_all_due
        from biocampus.outcomes.followups import run_daily
        from biocampus.privacy.retention import purge_expired, resume_exports

        now = now or timezone.now()
        reclaim_stale_tasks(now)
        send_all_due(now=now)
        resume_exports(now)
        if self.last_retention is None or now - self.last_retention >= timedelta(days=1):
            logger.info("retention: %s", purge_expired(now))
            self.last_retention = now
        if self.last_follow_ups is None or now - self.last_follow_ups >= timedelta(days=1):
            run_daily(now)
            self.last_follow_ups = now
