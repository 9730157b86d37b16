"""How long things are kept: the periods are settings (README, "Data protection")."""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from biocampus.accounts.models import ApiToken, Membership, User
from biocampus.outbox.models import EmailStatus, OutboundEmail
from biocampus.privacy.models import DataExport, ExportStatus


def _days(name: str, now: datetime) -> datetime:
    return now - timedelta(days=getattr(settings, name))


def purge_expired(now: datetime | None = None) -> dict[str, int]:
    """Delete what has outlived its period; returns how many of each went."""
    from biocampus.privacy.erasure import delete_files, delete_or_erase

    now = now or timezone.now()
    done = {}
    # A sent message's text is emptied when it is sent; this also empties any left behind.
    done["email_texts_emptied"] = OutboundEmail.objects.filter(
        Q(status__in=[EmailStatus.SENT, EmailStatus.DROPPED])
        | Q(
            status=EmailStatus.FAILED, created_at__lt=_days("RETENTION_FAILED_EMAIL_TEXT_DAYS", now)
        ),
        message__isnull=False,
    ).update(message=None)
    done["emails_deleted"] = OutboundEmail.objects.filter(
        Q(
            status__in=[EmailStatus.SENT, EmailStatus.DROPPED],
            created_at__lt=_days("RETENTION_SENT_EMAIL_DAYS", now),
        )
        | Q(status=EmailStatus.FAILED, created_at__lt=_days("RETENTION_FAILED_EMAIL_DAYS", now))
    ).delete()[0]
    done["task_results_deleted"] = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=_days("RETENTION_TASK_RESULT_DAYS", now),
    ).delete()[0]
    token_cutoff = _days("RETENTION_EXPIRED_TOKEN_DAYS", now)
    done["tokens_deleted"] = ApiToken.objects.filter(
        Q(expires_at__lt=token_cutoff) | Q(revoked_at__lt=token_cutoff)
    ).delete()[0]
    old_exports = list(
        DataExport.objects.filter(
            Q(status=ExportStatus.READY, finished_at__lt=_days("PRIVACY_EXPORT_DAYS", now))
            | Q(status=ExportStatus.FAILED, requested_at__lt=_days("PRIVACY_EXPORT_DAYS", now))
        )
    )
    files = [e.archive for e in old_exports if e.archive]
    done["exports_deleted"] = DataExport.objects.filter(
        pk__in=[e.pk for e in old_exports]
    ).delete()[0]
    delete_files(files)
    unverified = User.objects.filter(
        is_active=True,
        is_staff=False,
        last_login__isnull=True,
        date_joined__lt=_days("RETENTION_UNVERIFIED_ACCOUNT_DAYS", now),
    ).filter(
        # Signed up and never confirmed the address; accounts made by an admin or the demo
        # have no address rows and are left alone.
        Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=False)),
        ~Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
        # Someone an organisation already counts on (a role given before they confirmed)
        # is left for a person to decide about.
        ~Exists(Membership.objects.filter(user=OuterRef("pk"))),
    )
    done["unverified_accounts_removed"] = 0
    for user in unverified:
        delete_or_erase(user, reason="e-mail address never verified")
        done["unverified_accounts_removed"] += 1
    return done


def resume_exports(now: datetime | None = None) -> int:
    """Exports still pending after EXPORT_RESUME_AFTER lost their task (a crash between the
    request's commit and the enqueue): queue them again. Building twice is harmless."""
    from biocampus.privacy import tasks

    now = now or timezone.now()
    stuck = list(
        DataExport.objects.filter(
            status=ExportStatus.PENDING,
            requested_at__lt=now - timedelta(seconds=settings.PRIVACY_EXPORT_RESUME_AFTER),
        ).values_list("pk", flat=True)
    )
    resumed = 0
    for export_id in stuck:
        # Any task row means the build was queued: it is waiting, running (a dead worker's
        # is taken back by reclaim_stale_tasks) or finished (a failure marks it failed).
        queued = DBTaskResult.objects.filter(
            task_path=tasks.build_export.module_path, args_kwargs__kwargs__export_id=export_id
        )
        if not queued.exists():
            tasks.build_export.enqueue(export_id=export_id)
            resumed += 1
    # One still pending after a day will not finish: the person can ask again.
    DataExport.objects.filter(
        status=ExportStatus.PENDING, requested_at__lt=now - timedelta(days=1)
    ).update(status=ExportStatus.FAILED, finished_at=now)
    return resumed
