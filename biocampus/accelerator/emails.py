"""Applicant notifications, rendered by the outbox when they are sent."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from biocampus.accelerator.models import Application
from biocampus.outbox.compose import absolute, compose
from biocampus.outbox.registry import renders

TEMPLATES = {
    "application.accepted": "accelerator/email/accepted",
    "application.reserve": "accelerator/email/reserve",
    "application.rejected": "accelerator/email/rejected",
}
# The decisions a founder is told about.
NOTIFIED = {kind.partition(".")[2] for kind in TEMPLATES}


@renders(*TEMPLATES)
def decision_email(params: dict, *, kind: str) -> EmailMessage | None:
    """To the founder, in their language, with a link to the application."""
    application = (
        Application.objects.filter(pk=params["application"])
        .select_related("founder", "company", "call__operator")
        .first()
    )
    if application is None or not application.founder.is_active:
        return None
    founder = application.founder
    return compose(
        TEMPLATES[kind],
        {"application": application, "call": application.call},
        to=founder.email,
        language=founder.preferred_language or settings.LANGUAGE_CODE,
        link=absolute(reverse("accelerator:application", args=[application.pk])),
        link_label=_("See your application"),
    )
