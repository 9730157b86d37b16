from django.core.management.base import BaseCommand

from biocampus.privacy.retention import purge_expired


class Command(BaseCommand):
    help = "Apply the retention periods now (the worker also does it once a day)."

    def handle(self, *args, **options) -> None:
        for what, count in purge_expired().items():
            self.stdout.write(f"{what}: {count}")
