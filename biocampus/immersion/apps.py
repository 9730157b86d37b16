from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImmersionConfig(AppConfig):
    name = "biocampus.immersion"
    label = "immersion"
    verbose_name = _("Immersion days")

    def ready(self) -> None:
        # Registers this app's e-mail renderers with the outbox.
        from biocampus.immersion import emails  # noqa: F401
