"""Applicant notifications, run by the task worker after the selection commits."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task

from biocampus.accelerator.models import Application

TEMPLATES = {
    "accepted": "accelerator/email/accepted.txt",
    "reserve": "accelerator/email/reserve.txt",
    "rejected": "accelerator/email/rejected.txt",
}


@task(queue_name="email")
def notify_decisions(application_ids: list[int]) -> int:
    """One e-mail per decided application, to its founder, in their language."""
    messages = []
    for application in Application.objects.filter(pk__in=application_ids).select_related(
        "founder", "company", "call__operator"
    ):
        template = TEMPLATES.get(application.status)
        if template is None:
            continue
        language = application.founder.preferred_language or settings.LANGUAGE_CODE
        with translation.override(language):
            text = render_to_string(
                template, {"application": application, "call": application.call}
            )
        subject, _sep, body = text.strip().partition("\n")
        messages.append(
            EmailMultiAlternatives(
                subject=subject.strip(), body=body.strip() + "\n", to=[application.founder.email]
            )
        )
    return get_connection(settings.DELIVERY_EMAIL_BACKEND).send_messages(messages) or 0
