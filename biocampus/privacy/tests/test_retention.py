"""Retention: each period purges what outlived it and nothing younger; the worker's
schedule runs it once a day."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from biocampus.accounts.models import ApiToken, Membership, User
from biocampus.accounts.services import api_token_create
from biocampus.common.housekeeping import Schedule
from biocampus.conftest import OrganisationFactory, UserFactory
from biocampus.outbox.models import EmailStatus, OutboundEmail
from biocampus.privacy.models import DataExport
from biocampus.privacy.retention import purge_expired

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def days_ago(n: int) -> dt.datetime:
    return NOW - dt.timedelta(days=n)


def email(status: str, age: int, **kw) -> OutboundEmail:
    return OutboundEmail.objects.create(
        kind="message", status=status, created_at=days_ago(age), **kw
    )


def task(age: int) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path="biocampus.outbox.tasks.deliver_outbox",
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=get_date_max(),
        status=TaskResultStatus.SUCCESSFUL,
        finished_at=days_ago(age),
    )


def unverified(age: int) -> User:
    user = UserFactory(date_joined=days_ago(age))
    EmailAddress.objects.filter(user=user).update(verified=False)
    return user


def test_each_period_purges_what_outlived_it(settings):
    settings.RETENTION_SENT_EMAIL_DAYS, settings.RETENTION_FAILED_EMAIL_DAYS = 30, 90
    settings.RETENTION_TASK_RESULT_DAYS = 14
    settings.RETENTION_EXPIRED_TOKEN_DAYS = settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS = 30
    settings.PRIVACY_EXPORT_DAYS = 7
    old_sent, new_sent = email(EmailStatus.SENT, 31), email(EmailStatus.SENT, 29)
    old_failed, new_failed = email(EmailStatus.FAILED, 91), email(EmailStatus.FAILED, 31)
    queued_old = email(EmailStatus.QUEUED, 100)  # never purged while it waits
    leftover = email(EmailStatus.SENT, 1, message={"body": "a reset link"})
    failed_text = email(EmailStatus.FAILED, 8, message={"body": "a reset link"})
    recent_failed_text = email(EmailStatus.FAILED, 6, message={"body": "a reset link"})
    old_task, new_task = task(15), task(13)
    holder = UserFactory()
    expired = api_token_create(user=holder)[0]
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=days_ago(31))
    live = api_token_create(user=holder)[0]
    stale_signup, fresh_signup = unverified(31), unverified(29)
    # Given a role before confirming: an organisation counts on them, a person decides.
    staff_signup = unverified(31)
    Membership.objects.create(user=staff_signup, organisation=OrganisationFactory(), role="staff")
    # Made by an admin or the demo: no address rows, never purged.
    seeded = UserFactory(date_joined=days_ago(400))
    EmailAddress.objects.filter(user=seeded).delete()
    verified = UserFactory(date_joined=days_ago(400))
    old_export = DataExport.objects.create(user=holder, status="ready", finished_at=days_ago(8))
    new_export = DataExport.objects.create(user=verified, status="ready", finished_at=days_ago(6))

    done = purge_expired(NOW)

    left = set(OutboundEmail.objects.values_list("pk", flat=True))
    assert left == {
        new_sent.pk, new_failed.pk, queued_old.pk, leftover.pk, failed_text.pk,
        recent_failed_text.pk,
    }  # fmt: skip
    assert OutboundEmail.objects.get(pk=leftover.pk).message is None
    # A failed e-mail keeps its text a week, for the campus to send it again.
    assert OutboundEmail.objects.get(pk=failed_text.pk).message is None
    assert OutboundEmail.objects.get(pk=recent_failed_text.pk).message is not None
    assert {old_sent.pk, old_failed.pk}.isdisjoint(left)
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {new_task.pk}
    assert old_task.pk not in set(DBTaskResult.objects.values_list("pk", flat=True))
    assert set(ApiToken.objects.values_list("pk", flat=True)) == {live.pk}
    users = set(User.objects.values_list("pk", flat=True))
    assert stale_signup.pk not in users
    assert {fresh_signup.pk, seeded.pk, verified.pk, holder.pk, staff_signup.pk} <= users
    assert set(DataExport.objects.values_list("pk", flat=True)) == {new_export.pk}
    assert old_export.pk not in set(DataExport.objects.values_list("pk", flat=True))
    assert done["unverified_accounts_removed"] == 1
    assert done["emails_deleted"] == 2


def test_the_command_prints_what_it_purged(capsys):
    call_command("purge_expired")
    out = capsys.readouterr().out
    assert "emails_deleted: 0" in out
    assert "unverified_accounts_removed: 0" in out


def test_the_worker_schedule_applies_retention_once_a_day(settings):
    settings.RETENTION_SENT_EMAIL_DAYS = 30
    schedule = Schedule()
    first = email(EmailStatus.SENT, 31)
    schedule.tick(NOW)
    assert not OutboundEmail.objects.filter(pk=first.pk).exists()
    second = email(EmailStatus.SENT, 31)
    schedule.tick(NOW + dt.timedelta(hours=23))  # same day: retention not run again
    assert OutboundEmail.objects.filter(pk=second.pk).exists()
    schedule.tick(NOW + dt.timedelta(hours=24))
    assert not OutboundEmail.objects.filter(pk=second.pk).exists()


def test_the_schedule_sends_due_mail(settings):
    row = OutboundEmail.objects.create(
        kind="message",
        message={"subject": "s", "body": "b", "to": ["a@example.test"], "alternatives": []},
        recipient="a@example.test",
    )
    Schedule().tick()
    row.refresh_from_db()
    assert row.status == EmailStatus.SENT
    assert row.message is None


def test_the_privacy_notice_in_both_languages(client):
    english = client.get("/privacy/", headers={"accept-language": "en"}).content.decode()
    assert "How long we keep it" in english
    assert "30 days" in english
    french = client.get("/privacy/", headers={"accept-language": "fr"}).content.decode()
    assert "Combien de temps nous les gardons" in french
