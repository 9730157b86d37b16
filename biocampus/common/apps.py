from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "biocampus.common"
    label = "common"
