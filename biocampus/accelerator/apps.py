from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AcceleratorConfig(AppConfig):
    name = "biocampus.accelerator"
    label = "accelerator"
    verbose_name = _("Accelerator")

    def ready(self) -> None:
        # Registers this app's e-mail renderers with the outbox.
        from biocampus.accelerator import emails  # noqa: F401
