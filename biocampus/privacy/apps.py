from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "biocampus.privacy"
    label = "privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # Registers the export-ready e-mail with the outbox.
        from biocampus.privacy import emails  # noqa: F401
