"""`manage.py worker`: django-tasks' db_worker plus the housekeeping schedule.

Takes the same options as db_worker. The schedule runs in a thread beside the worker's
loop, so periodic jobs need no cron or second service.
"""

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from biocampus.common.housekeeping import Schedule

logger = logging.getLogger("biocampus.worker")


def _run_schedule(stop: threading.Event) -> None:
    schedule = Schedule()
    while not stop.wait(settings.HOUSEKEEPING_INTERVAL):
        close_old_connections()
        try:
            schedule.tick()
        except Exception:
            logger.exception("housekeeping failed")
        finally:
            connection.close()


class Command(DbWorkerCommand):
    help = "Run tasks and the housekeeping schedule (e-mail retries, stale tasks, retention)."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-housekeeping",
            action="store_true",
            help="Only run tasks (when another worker already runs the schedule).",
        )

    def handle(self, *args, **options) -> None:
        if not options.pop("no_housekeeping"):
            stop = threading.Event()
            threading.Thread(
                target=_run_schedule, args=(stop,), daemon=True, name="housekeeping"
            ).start()
        super().handle(*args, **options)
