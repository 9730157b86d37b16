"""Learner notifications, run by the task worker after the enrolment commits."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from biocampus.enrolment.models import Enrolment

TEMPLATES = {
    "confirmed": "enrolment/email/confirmed.txt",
    "waitlisted": "enrolment/email/waitlisted.txt",
    "promoted": "enrolment/email/promoted.txt",
    "cancelled": "enrolment/email/cancelled.txt",
    "session_cancelled": "enrolment/email/session_cancelled.txt",
}


@task(queue_name="email")
def notify_enrolments(event: str, enrolment_ids: list[int], reason: str = "") -> int:
    """Send one e-mail per enrolment, in the learner's preferred language; `reason` is the
    operator's own words when a session is cancelled."""
    template = TEMPLATES[event]
    enrolments = Enrolment.objects.filter(pk__in=enrolment_ids).select_related(
        "learner", "session__programme__operator"
    )
    messages = []
    for enrolment in enrolments:
        with translation.override(enrolment.learner.preferred_language or settings.LANGUAGE_CODE):
            text = render_to_string(
                template,
                {
                    "enrolment": enrolment,
                    "session": enrolment.session,
                    "programme": enrolment.session.programme,
                    "learner": enrolment.learner,
                    "position": enrolment.waitlist_position,
                    "reason": reason,
                },
            )
        subject, _sep, body = text.strip().partition("\n")
        messages.append(
            EmailMultiAlternatives(
                subject=subject.strip(), body=body.strip() + "\n", to=[enrolment.learner.email]
            )
        )
    # Already on the worker: deliver directly rather than enqueue a second task.
    return get_connection(settings.DELIVERY_EMAIL_BACKEND).send_messages(messages) or 0
