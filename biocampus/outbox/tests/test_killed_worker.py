"""A real worker process, killed with SIGKILL while it is sending: the e-mail is still
delivered, once, and the task it was running is taken back and finished.

Runs the project's own commands in subprocesses on a database file of their own, the way
a deployment runs them (database task backend, SMTP delivery)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

STATE = """
import json
from django_tasks_db.models import DBTaskResult
from biocampus.outbox.models import OutboundEmail
print(json.dumps({
    "tasks": sorted(t.status for t in DBTaskResult.objects.all()),
    "emails": sorted(e.status for e in OutboundEmail.objects.all()),
}))
"""


@pytest.fixture
def project(tmp_path):
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "DELIVERY_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "HOUSEKEEPING_INTERVAL": "3600",  # the test runs the schedule itself
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def run(*args: str, smtp_port: int, **extra: str) -> str:
        result = subprocess.run(  # noqa: S603 — the project's own manage.py
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**env, "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}", **extra},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return result.stdout

    def start_worker(smtp_port: int) -> subprocess.Popen:
        return subprocess.Popen(
            # No autoreloader (on by default with DEBUG): SIGKILL must reach the worker
            # itself, not a reloader parent whose orphaned child would go on polling.
            [
                sys.executable,
                "manage.py",
                "worker",
                "--queue-name",
                "email",
                "--interval",
                "0.2",
                "--no-reload",
            ],
            cwd=ROOT,
            env={**env, "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}", "EMAIL_TIMEOUT": "60"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    run("migrate", "-v0", smtp_port=1)
    return run, start_worker


def state(run) -> dict:
    return json.loads(run("shell", "-c", STATE, smtp_port=1).strip().splitlines()[-1])


def test_a_worker_killed_while_sending_loses_nothing_and_sends_once(
    project, hanging_smtp, working_smtp, settings
):
    run, start_worker = project
    hanging_port = hanging_smtp.port
    working_port = settings.EMAIL_PORT  # working_smtp, set up last, points the settings at itself
    assert hanging_port != working_port

    # The application records an e-mail: an outbox row and a task to deliver it.
    run(
        "shell",
        "-c",
        "from django.core.mail import send_mail; "
        "send_mail('Seat confirmed', 'See you on Monday.', None, ['ada@example.test'])",
        smtp_port=hanging_port,
    )
    assert state(run) == {"tasks": ["READY"], "emails": ["queued"]}

    # The worker takes the task and blocks on the silent server; then it is killed.
    worker = start_worker(hanging_port)
    try:
        deadline = time.monotonic() + 30
        while not hanging_smtp.accepted and time.monotonic() < deadline:
            time.sleep(0.1)
        assert hanging_smtp.accepted, "the worker never reached the mail server"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    assert state(run) == {"tasks": ["RUNNING"], "emails": ["sending"]}

    # Later (the periods shortened for the test), the schedule takes both back.
    run(
        "shell",
        "-c",
        "from biocampus.common.housekeeping import Schedule; Schedule().tick()",
        smtp_port=working_port,
        TASK_STALE_AFTER="0",
        OUTBOX_CLAIM_TIMEOUT="0",
    )
    assert state(run) == {"tasks": ["READY"], "emails": ["sent"]}
    # A new worker finishes the reclaimed task, which finds nothing left to send.
    run("worker", "--queue-name", "email", "--batch", "--no-housekeeping", smtp_port=working_port)
    assert state(run) == {"tasks": ["SUCCESSFUL"], "emails": ["sent"]}
    (message,) = working_smtp.messages
    assert message["Subject"] == "Seat confirmed"
    assert message["To"] == "ada@example.test"
