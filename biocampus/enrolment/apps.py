from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentConfig(AppConfig):
    name = "biocampus.enrolment"
    label = "enrolment"
    verbose_name = _("Enrolment")

    def ready(self) -> None:
        # Registers this app's e-mail renderers with the outbox.
        from biocampus.enrolment import emails  # noqa: F401
