"""Recording e-mail to send: a row in the caller's transaction, then a nudge after commit.

If the transaction rolls back, the row goes with it and nothing is sent; if the process
dies after the commit, the row is there and the worker's sweep sends it.
"""

import base64
import datetime as dt
import time
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from biocampus.outbox.models import OutboundEmail
from biocampus.outbox.registry import renderer_for

MESSAGE_FIELDS = ("subject", "body", "from_email", "to", "cc", "bcc", "reply_to")


# This process's delivery tasks: when the last one was enqueued to start, and so until when
# a committed row is sure to be seen by one that has not started yet (monotonic clock).
_last_nudge = float("-inf")


def nudge() -> None:
    # The worker's sweep finds the row anyway; the nudge only makes delivery prompt, so a
    # failure to enqueue it loses nothing.
    transaction.on_commit(_enqueue_delivery, robust=True)


def _enqueue_delivery() -> None:
    """At most one delivery task per OUTBOX_NUDGE_SECONDS per process: a delivery sends
    every row that is due, so in an enrolment rush one task serves hundreds of e-mails
    (the task row each request inserted was a tenth of its database round trips). A row
    committed inside the interval gets one task deferred to the interval's end, which
    every later row of that interval shares: no e-mail waits longer than the interval."""
    global _last_nudge
    from biocampus.outbox import tasks

    now = time.monotonic()
    if now < _last_nudge:
        return  # a deferred delivery starts after this commit: it will send this row
    start = _last_nudge + settings.OUTBOX_NUDGE_SECONDS
    task = tasks.deliver_outbox
    if start <= now:
        task.enqueue()
        _last_nudge = now
    elif task.get_backend().supports_defer:
        task.using(run_after=timezone.now() + dt.timedelta(seconds=start - now)).enqueue()
        _last_nudge = start
    # else: a backend that cannot defer (the tests' immediate one); the sweep sends it.


def notify(kind: str, recipients: list[tuple[int, dict]]) -> int:
    """Record one notification per (user id, references) pair; rendered when it is sent,
    in the recipient's language at that moment."""
    if renderer_for(kind) is None:
        raise ValueError(f"no renderer for {kind}")
    rows = [
        OutboundEmail(kind=kind, params=params, user_id=user_id) for user_id, params in recipients
    ]
    if rows:
        OutboundEmail.objects.bulk_create(rows)
        nudge()
    return len(rows)


def serialise(message: EmailMessage) -> dict:
    data = {field: getattr(message, field) for field in MESSAGE_FIELDS}
    data = {
        key: list(value) if isinstance(value, list | tuple) else value
        for key, value in data.items()
    }
    data["subject"], data["body"] = str(message.subject), str(message.body)
    data["alternatives"] = [
        [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
    ]
    data["headers"] = {str(k): str(v) for k, v in (message.extra_headers or {}).items()}
    data["attachments"] = [_attachment(a) for a in message.attachments]
    return data


def _attachment(attachment) -> list[str]:
    """(name, base64 content, mimetype): the message is kept whole, attachments included."""
    if isinstance(attachment, MIMEBase):
        name = attachment.get_filename() or "attachment"
        content, mimetype = (
            attachment.get_payload(decode=True) or b"",
            attachment.get_content_type(),
        )
    else:
        name, content, mimetype = attachment
    raw = content.encode() if isinstance(content, str) else content
    return [name, base64.b64encode(raw).decode("ascii"), mimetype or "application/octet-stream"]


def store(messages: list[EmailMessage]) -> int:
    """Record messages rendered elsewhere (allauth's); their text is emptied once sent."""
    rows = []
    for message in messages:
        for recipient in [*message.to, *message.cc, *message.bcc] or [""]:
            one = serialise(message)
            one.update(to=[recipient] if recipient else [], cc=[], bcc=[])
            rows.append(
                OutboundEmail(
                    kind="message",
                    message=one,
                    recipient=recipient,
                    subject=str(message.subject)[:255],
                )
            )
    if rows:
        OutboundEmail.objects.bulk_create(rows)
        nudge()
    return len(rows)
