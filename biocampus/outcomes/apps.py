from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "biocampus.outcomes"
    label = "outcomes"
    verbose_name = _("Outcomes: jobs filled")

    def ready(self) -> None:
        # Registers the hire-confirmation e-mail with the outbox.
        from biocampus.outcomes import emails  # noqa: F401
