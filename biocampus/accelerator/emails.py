"""Applicant notifications, rendered by the outbox when they are sent."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from biocampus.accelerator.models import Application
from biocampus.outbox.registry import renders, subject_and_body

TEMPLATES = {
    "application.accepted": "accelerator/email/accepted.txt",
    "application.reserve": "accelerator/email/reserve.txt",
    "application.rejected": "accelerator/email/rejected.txt",
}
# The decisions a founder is told about.
NOTIFIED = {kind.partition(".")[2] for kind in TEMPLATES}


@renders(*TEMPLATES)
def decision_email(params: dict, *, kind: str) -> EmailMessage | None:
    """To the founder, in their language."""
    application = (
        Application.objects.filter(pk=params["application"])
        .select_related("founder", "company", "call__operator")
        .first()
    )
    if application is None or not application.founder.is_active:
        return None
    founder = application.founder
    with translation.override(founder.preferred_language or settings.LANGUAGE_CODE):
        text = render_to_string(
            TEMPLATES[kind], {"application": application, "call": application.call}
        )
    subject, body = subject_and_body(text)
    return EmailMessage(subject=subject, body=body, to=[founder.email])
