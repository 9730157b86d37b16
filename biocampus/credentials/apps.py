from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    name = "biocampus.credentials"
    label = "credentials"
    verbose_name = _("Credentials: Open Badges")

    def ready(self) -> None:
        # Registers the credential e-mails with the outbox.
        from biocampus.credentials import emails  # noqa: F401
