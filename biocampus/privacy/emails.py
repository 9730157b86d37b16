"""The e-mail telling a person their export is ready, rendered when it is sent."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from biocampus.outbox.compose import absolute, compose
from biocampus.outbox.registry import renders
from biocampus.privacy.models import DataExport, ExportStatus


@renders("privacy.export_ready")
def export_ready_email(params: dict, *, kind: str) -> EmailMessage | None:
    export = DataExport.objects.filter(pk=params["export"], status=ExportStatus.READY).first()
    if export is None or not export.user.is_active:
        return None
    user = export.user
    return compose(
        "privacy/email/export_ready",
        {"user": user, "export": export},
        to=user.email,
        language=user.preferred_language or settings.LANGUAGE_CODE,
        link=absolute(reverse("privacy:settings")),
        link_label=_("Your data"),
    )
