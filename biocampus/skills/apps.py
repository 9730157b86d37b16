from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SkillsConfig(AppConfig):
    name = "biocampus.skills"
    label = "skills"
    verbose_name = _("Skills and jobs")

    def ready(self) -> None:
        from biocampus.skills import checks

        checks.warn_if_lexical()
