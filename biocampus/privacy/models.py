import secrets
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")


def _archive_path(instance, filename: str) -> str:
    return f"exports/{secrets.token_hex(16)}.zip"


def _private_storage():
    return storages["private"]


class DataExport(models.Model):
    """A copy of everything the platform holds about one person (GDPR articles 15 and 20),
    built by the task worker and kept for PRIVACY_EXPORT_DAYS."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    archive = models.FileField(upload_to=_archive_path, storage=_private_storage, blank=True)
    size = models.PositiveBigIntegerField(
        _("size (bytes)"), default=0, validators=[MaxValueValidator(2**63 - 1)]
    )

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ExportStatus.values), name="export_status_valid"
            ),
            # One export in the works per person: asking again returns it.
            models.UniqueConstraint(
                fields=["user"], condition=Q(status="pending"), name="one_pending_export"
            ),
        ]

    def __str__(self) -> str:
        return f"export {self.pk} of {self.user_id} ({self.status})"

    @property
    def expires_at(self):
        if self.finished_at is None:
            return None
        return self.finished_at + timedelta(days=settings.PRIVACY_EXPORT_DAYS)
