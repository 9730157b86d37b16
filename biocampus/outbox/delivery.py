"""Sending what the outbox holds: claim due rows, send each once, retry with backoff.

A claim is a short transaction that marks rows `sending`; a worker killed mid-send leaves
them claimed, and once the claim is older than OUTBOX_CLAIM_TIMEOUT another sweep takes
them again. Every message carries a Message-ID fixed per row, so in the rare case a
server accepted a message and the worker died before recording it, a second copy is the
same message to the recipient's mail client.
"""

import base64
import contextlib
import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from biocampus.common.audit import audit
from biocampus.outbox.models import EmailStatus, OutboundEmail
from biocampus.outbox.queue import nudge
from biocampus.outbox.registry import renderer_for

logger = logging.getLogger("biocampus.outbox")

# Refusals of one message (a mailbox that does not exist, a message too big): only that
# message is retried. Every SMTP error is an OSError, so these are caught first.
MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError,
)
# Failures of the server or the path to it, not of one message: the rest of the batch
# would meet the same fate (and each would wait out the timeout), so they are put back.
CONNECTION_ERRORS = (OSError,)


@dataclass
class Sweep:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    dropped: int = 0
    claimed: int = 0
    broken: bool = False
    errors: list[str] = field(default_factory=list)


def retry_delay(attempts: int) -> timedelta:
    """Exponential backoff: base, 2×base, 4×base … capped."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def _due(now: datetime) -> Q:
    stale = now - timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT)
    return Q(status=EmailStatus.QUEUED, next_attempt_at__lte=now) | Q(
        status=EmailStatus.SENDING, claimed_at__lt=stale
    )


def claim(limit: int, now: datetime | None = None) -> list[OutboundEmail]:
    """Take up to `limit` due rows. `now` decides what is due; the claim itself is stamped
    with the clock, so a long sweep's later batches do not look stale at once."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.filter(_due(now))
            .order_by("next_attempt_at", "id")
            .select_for_update(skip_locked=True)
            .values_list("id", flat=True)[:limit]
        )
        # A message whose sending keeps killing the worker would otherwise be taken back
        # for ever: once its attempts are spent it is failed like any other.
        OutboundEmail.objects.filter(
            id__in=ids, status=EmailStatus.SENDING, attempts__gte=settings.OUTBOX_MAX_ATTEMPTS
        ).update(
            status=EmailStatus.FAILED,
            claimed_at=None,
            last_error="The worker stopped while sending it, on every attempt.",
        )
        OutboundEmail.objects.filter(id__in=ids).exclude(status=EmailStatus.FAILED).update(
            status=EmailStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
    return list(
        OutboundEmail.objects.filter(id__in=ids, status=EmailStatus.SENDING)
        .select_related("user")
        .order_by("id")
    )


def _still_claimed(email: OutboundEmail) -> bool:
    # A sweep that stalled past the claim timeout may have lost the row to another one.
    return OutboundEmail.objects.filter(
        pk=email.pk, status=EmailStatus.SENDING, claimed_at=email.claimed_at
    ).exists()


def _message(email: OutboundEmail) -> EmailMessage | None:
    if email.message is not None:
        data = dict(email.message)
        alternatives = data.pop("alternatives", [])
        attachments = data.pop("attachments", [])
        message = EmailMultiAlternatives(**data)
        for content, mimetype in alternatives:
            message.attach_alternative(content, mimetype)
        for name, content, mimetype in attachments:
            message.attach(name, base64.b64decode(content), mimetype)
    else:
        render = renderer_for(email.kind)
        message = render(email.params, kind=email.kind) if render else None
    if message is not None:
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "biocampus"
        message.extra_headers = {
            **(message.extra_headers or {}),
            "Message-ID": f"<{email.uid}@{domain}>",
            # RFC 3834: no out-of-office or other automatic reply to a machine's message.
            "Auto-Submitted": "auto-generated",
        }
    return message


def _finish(email: OutboundEmail, **changes) -> None:
    # Only while this sweep still holds the claim: a row reclaimed by another worker
    # after a stall is that worker's to record.
    OutboundEmail.objects.filter(
        pk=email.pk, status=EmailStatus.SENDING, claimed_at=email.claimed_at
    ).update(claimed_at=None, **changes)


def _failed(email: OutboundEmail, error: BaseException, now: datetime, sweep: Sweep) -> None:
    reason = f"{type(error).__name__}: {error}"[:500]
    sweep.errors.append(reason)
    if email.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        sweep.failed += 1
        logger.error(
            "e-mail %s failed for good after %d attempts: %s", email.uid, email.attempts, reason
        )
        _finish(email, status=EmailStatus.FAILED, last_error=reason)
    else:
        sweep.retrying += 1
        _finish(
            email,
            status=EmailStatus.QUEUED,
            last_error=reason,
            next_attempt_at=now + retry_delay(email.attempts),
        )


def send_due(limit: int = 50, now: datetime | None = None) -> Sweep:
    now = now or timezone.now()
    sweep = Sweep()
    batch = claim(limit, now)
    if not batch:
        return sweep
    sweep.claimed = len(batch)
    connection = get_connection(settings.DELIVERY_EMAIL_BACKEND)
    broken: BaseException | None = None
    try:
        connection.open()
    except CONNECTION_ERRORS as error:
        broken = error
    for email in batch:
        if broken is not None:
            _failed(email, broken, now, sweep)
            continue
        if not _still_claimed(email):
            continue
        try:
            message = _message(email)
            if message is None:
                sweep.dropped += 1
                _finish(email, status=EmailStatus.DROPPED, message=None)
                continue
            message.connection = connection
            message.send()
        except MESSAGE_ERRORS as error:
            _failed(email, error, now, sweep)
        except CONNECTION_ERRORS as error:
            broken = error
            _failed(email, error, now, sweep)
        except Exception as error:
            logger.exception("e-mail %s could not be sent", email.uid)
            _failed(email, error, now, sweep)
        else:
            sweep.sent += 1
            _finish(
                email,
                status=EmailStatus.SENT,
                sent_at=timezone.now(),
                message=None,
                subject=str(message.subject)[:255],
                recipient=(message.to or [email.recipient])[0],
                last_error="",
            )
    sweep.broken = broken is not None
    with contextlib.suppress(CONNECTION_ERRORS):
        connection.close()
    return sweep


def send_all_due(limit: int = 50, now: datetime | None = None) -> Sweep:
    """Sweep batch after batch until nothing due is left or the server is unreachable."""
    total = Sweep()
    while True:
        sweep = send_due(limit, now)
        for name in ("sent", "retrying", "failed", "dropped", "claimed"):
            setattr(total, name, getattr(total, name) + getattr(sweep, name))
        total.errors += sweep.errors
        total.broken = sweep.broken
        if sweep.claimed < limit or sweep.broken:
            return total


def resend(email: OutboundEmail, *, actor=None) -> bool:
    """Put a failed e-mail back in the queue, with a fresh set of attempts."""
    with transaction.atomic():
        # A stored message whose text retention already emptied has nothing left to send.
        resendable = OutboundEmail.objects.filter(pk=email.pk, status=EmailStatus.FAILED).exclude(
            kind="message", message__isnull=True
        )
        updated = resendable.update(
            status=EmailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now(), last_error=""
        )
        if updated:
            audit(actor, "email.resend", email, kind=email.kind)
            nudge()
    return bool(updated)
