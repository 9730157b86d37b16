"""E-mail goes through the task worker so no request waits on an SMTP server."""

from collections.abc import Sequence

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import task


def _serialise(message: EmailMessage) -> dict:
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
    }


@task(queue_name="email")
def deliver_email(message: dict) -> int:
    alternatives = message.pop("alternatives", [])
    email = EmailMultiAlternatives(**message)
    for content, mimetype in alternatives:
        email.attach_alternative(content, mimetype)
    connection = get_connection(settings.DELIVERY_EMAIL_BACKEND)
    return connection.send_messages([email])


class TaskEmailBackend(BaseEmailBackend):
    """Enqueues each message as a `deliver_email` task instead of sending it."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            deliver_email.enqueue(_serialise(message))
        return len(email_messages)
