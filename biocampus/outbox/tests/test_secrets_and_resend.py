"""Nothing secret rests where the admin can read it; a failed e-mail is visible to the
campus and can be sent again; a task whose worker died is taken back."""

import datetime as dt
import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from biocampus.common.housekeeping import reclaim_stale_tasks
from biocampus.common.models import AuditEvent
from biocampus.conftest import UserFactory
from biocampus.enrolment.models import Enrolment
from biocampus.outbox.delivery import send_all_due
from biocampus.outbox.models import EmailStatus, OutboundEmail

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"https?://\S+/accounts/password/reset/key/\S+")


def ask_for_a_reset(client, user):
    response = client.post("/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302


def test_a_reset_link_never_rests_in_the_task_table_or_the_admin(client, settings, working_smtp):
    user = UserFactory()
    ask_for_a_reset(client, user)
    row = OutboundEmail.objects.get(recipient=user.email)
    # Until it is sent, the text is in the outbox row — and only there.
    assert RESET_LINK.search(row.message["body"])
    assert not any("password/reset/key" in str(t.args_kwargs) for t in DBTaskResult.objects.all())
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    for url in (
        "/admin/outbox/outboundemail/",
        f"/admin/outbox/outboundemail/{row.pk}/change/",
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert "password/reset/key" not in page.content.decode()
    # Nor can a filter in the admin's URL probe the stored text.
    probe = client.get("/admin/outbox/outboundemail/?message__body__icontains=reset")
    assert probe.status_code == 400
    send_all_due()
    (delivered,) = working_smtp.messages
    text = next(p for p in delivered.walk() if p.get_content_type() == "text/plain")
    link = RESET_LINK.search(text.get_payload(decode=True).decode())
    assert link, "the reset link reached the recipient"
    row.refresh_from_db()
    # Sent: the text is gone from the database.
    assert row.status == EmailStatus.SENT
    assert row.message is None
    assert row.subject
    assert row.recipient == user.email


def test_the_campus_sees_a_failed_email_and_sends_it_again(
    client, settings, campus_admin, learner, refusing_smtp
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    ask_for_a_reset(client, learner)
    assert send_all_due().failed == 1
    client.force_login(campus_admin)
    page = client.get("/campus/mail/")
    assert page.status_code == 200
    html = page.content.decode()
    assert learner.email in html
    assert "ConnectionRefusedError" in html
    assert "password/reset/key" not in html
    row = OutboundEmail.objects.get(recipient=learner.email)
    # The mail server is fixed; the campus sends it again (the nudge runs the delivery).
    settings.DELIVERY_EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    response = client.post(f"/campus/mail/{row.pk}/resend/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == EmailStatus.QUEUED
    assert row.attempts == 0
    assert send_all_due().sent == 1
    assert [m.to for m in mail.outbox] == [[learner.email]]
    assert AuditEvent.objects.filter(action="email.resend", object_id=str(row.pk)).exists()


def test_only_the_campus_admin_sees_the_delivery_page(client, learner, staff_a):
    for user in (learner, staff_a):
        client.force_login(user)
        assert client.get("/campus/mail/").status_code == 403
    row = OutboundEmail.objects.create(kind="message", status=EmailStatus.FAILED)
    assert client.post(f"/campus/mail/{row.pk}/resend/").status_code == 403
    row.refresh_from_db()
    assert row.status == EmailStatus.FAILED


def _running_task(started: dt.datetime, claims: int) -> DBTaskResult:
    task = DBTaskResult.objects.create(
        task_path="biocampus.outbox.tasks.deliver_outbox",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        queue_name="email",
        run_after=get_date_max(),
    )
    for n in range(claims):
        task.claim(f"worker-{n}")  # what db_worker does before running it
    DBTaskResult.objects.filter(pk=task.pk).update(started_at=started)
    return task


def test_a_task_whose_worker_was_killed_is_run_again_then_failed(settings):
    settings.TASK_STALE_AFTER, settings.TASK_MAX_CLAIMS = 1800, 3
    now = timezone.now()
    fresh = _running_task(now - dt.timedelta(minutes=5), claims=1)
    stale = _running_task(now - dt.timedelta(minutes=31), claims=1)
    hopeless = _running_task(now - dt.timedelta(minutes=31), claims=3)
    assert reclaim_stale_tasks(now) == (1, 1)
    states = {t.pk: t.status for t in DBTaskResult.objects.all()}
    assert states[fresh.pk] == TaskResultStatus.RUNNING  # still within its time
    assert states[stale.pk] == TaskResultStatus.READY
    assert states[hopeless.pk] == TaskResultStatus.FAILED
    # READY again means a worker picks it up: it is in the library's own "ready" queue.
    assert DBTaskResult.objects.ready().filter(pk=stale.pk).exists()


def test_sign_up_mail_goes_through_the_outbox(client, settings, working_smtp):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.test",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
            "full_name": "Nora Newcomer",
            "audience": "job_seeker",
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert OutboundEmail.objects.filter(recipient="new@example.test").exists()
    send_all_due()
    assert [m["To"] for m in working_smtp.messages] == ["new@example.test"]


def test_tasks_queued_before_the_outbox_move_into_it(learner, session_a):
    migration = importlib.import_module("biocampus.outbox.migrations.0002_legacy_email_tasks")
    enrolment = Enrolment.objects.create(session=session_a, learner=learner, status="confirmed")

    def legacy(path: str, kwargs: dict, status=TaskResultStatus.READY) -> None:
        DBTaskResult.objects.create(
            task_path=path,
            args_kwargs={"args": [], "kwargs": kwargs},
            backend_name="default",
            run_after=get_date_max(),
            status=status,
        )

    reset = {"subject": "Reset", "body": "https://x/accounts/password/reset/key/1-abc/",
             "to": ["ada@example.test"], "alternatives": []}  # fmt: skip
    legacy(migration.DELIVER, {"message": reset})
    legacy(migration.DELIVER, {"message": reset}, status=TaskResultStatus.SUCCESSFUL)
    legacy(migration.ENROLMENTS, {"event": "confirmed", "enrolment_ids": [enrolment.pk]})
    migration.forwards(django_apps, None)
    # No task row keeps a message any more; the waiting ones are in the outbox.
    assert not DBTaskResult.objects.exists()
    rows = {(r.kind, r.recipient or r.user_id) for r in OutboundEmail.objects.all()}
    assert rows == {("message", "ada@example.test"), ("enrolment.confirmed", learner.pk)}
    assert send_all_due().sent == 2
