from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "biocampus.facilities"
    label = "facilities"
    verbose_name = _("Facilities")

    def ready(self) -> None:
        # Registers the booking e-mails with the outbox.
        from biocampus.facilities import emails  # noqa: F401
