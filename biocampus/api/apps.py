from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "biocampus.api"
    label = "api"
    verbose_name = "API v1"
