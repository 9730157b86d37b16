"""Learner notifications, rendered by the outbox when they are sent."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from biocampus.enrolment.models import Enrolment
from biocampus.outbox.registry import renders, subject_and_body

TEMPLATES = {
    "enrolment.confirmed": "enrolment/email/confirmed.txt",
    "enrolment.waitlisted": "enrolment/email/waitlisted.txt",
    "enrolment.promoted": "enrolment/email/promoted.txt",
    "enrolment.cancelled": "enrolment/email/cancelled.txt",
    "enrolment.session_cancelled": "enrolment/email/session_cancelled.txt",
}


@renders(*TEMPLATES)
def enrolment_email(params: dict, *, kind: str) -> EmailMessage | None:
    """In the learner's language; `reason` is the operator's own words when a session is
    cancelled."""
    enrolment = (
        Enrolment.objects.filter(pk=params["enrolment"])
        .select_related("learner", "session__programme__operator")
        .first()
    )
    if enrolment is None or not enrolment.learner.is_active:
        return None
    learner = enrolment.learner
    with translation.override(learner.preferred_language or settings.LANGUAGE_CODE):
        text = render_to_string(
            TEMPLATES[kind],
            {
                "enrolment": enrolment,
                "session": enrolment.session,
                "programme": enrolment.session.programme,
                "learner": learner,
                "position": enrolment.waitlist_position,
                "reason": params.get("reason", ""),
            },
        )
    subject, body = subject_and_body(text)
    return EmailMessage(subject=subject, body=body, to=[learner.email])
