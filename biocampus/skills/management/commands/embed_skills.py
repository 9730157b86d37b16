from django.core.management.base import BaseCommand, CommandError

from biocampus.common.progress import QUIET, Steps
from biocampus.skills.embeddings import load_embedder
from biocampus.skills.models import Framework
from biocampus.skills.services.vectors import framework_vectors_update


class Command(BaseCommand):
    help = (
        "Compute the label vectors skill extraction uses for a framework, for the labels "
        "that have none yet (import_esco and load_campus_framework do it themselves; this "
        "is for a new encoder, or an import made without one)."
    )

    def add_arguments(self, parser):
        parser.add_argument("framework", help="framework slug, e.g. esco")
        parser.add_argument(
            "--languages", default="", help="comma-separated, e.g. en,fr (default: the framework's)"
        )

    def handle(self, *args, framework, languages, **options):
        if load_embedder() is None:
            raise CommandError("No sentence encoder installed: run `make install` first.")
        chosen = Framework.objects.filter(slug=framework).first()
        if chosen is None:
            raise CommandError(f"Unknown framework {framework!r}.")
        framework_vectors_update(
            chosen,
            languages=[lang.strip() for lang in languages.split(",") if lang.strip()] or None,
            progress=QUIET if options["verbosity"] == 0 else Steps(self.stdout._out),
        )
