from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImmersionConfig(AppConfig):
    name = "biocampus.immersion"
    label = "immersion"
    verbose_name = _("Immersion days")
