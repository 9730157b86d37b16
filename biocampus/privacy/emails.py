"""The e-mail telling a person their export is ready, rendered when it is sent."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from biocampus.outbox.registry import renders, subject_and_body
from biocampus.privacy.models import DataExport, ExportStatus


@renders("privacy.export_ready")
def export_ready_email(params: dict, *, kind: str) -> EmailMessage | None:
    export = DataExport.objects.filter(pk=params["export"], status=ExportStatus.READY).first()
    if export is None or not export.user.is_active:
        return None
    user = export.user
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        text = render_to_string(
            "privacy/email/export_ready.txt",
            {
                "user": user,
                "export": export,
                "link": settings.SITE_URL.rstrip("/") + reverse("privacy:settings"),
            },
        )
    subject, body = subject_and_body(text)
    return EmailMessage(subject=subject, body=body, to=[user.email])
