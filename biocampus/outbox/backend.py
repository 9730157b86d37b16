"""The EMAIL_BACKEND: every message sent through Django's mail API (allauth's included)
goes to the outbox, in the caller's transaction, instead of to a server."""

from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from biocampus.outbox.queue import store


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        store(list(email_messages))
        return len(email_messages)
