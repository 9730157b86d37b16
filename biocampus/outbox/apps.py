from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "biocampus.outbox"
    label = "outbox"
    verbose_name = "Outbox"
