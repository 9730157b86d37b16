from django.core.management.base import BaseCommand, CommandError

from biocampus.common.progress import QUIET, Steps
from biocampus.skills.esco_files import EscoFormatError
from biocampus.skills.models import Framework
from biocampus.skills.services.esco import ESCO_SLUG, esco_import
from biocampus.skills.services.vectors import framework_vectors_update


class Command(BaseCommand):
    help = (
        "Import the ESCO classification from the official CSV download (a folder or the zip, "
        "v1.1.x or v1.2.x layout). Re-importing updates in place; nothing is duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the ESCO CSV zip or the folder it was unpacked into")
        parser.add_argument(
            "--esco-version", default="", help="e.g. 1.1.1 (default: read from the download name)"
        )
        parser.add_argument(
            "--languages",
            default="",
            help="comma-separated label languages to import (default: every one in the bundle)",
        )
        parser.add_argument(
            "--skip-vectors",
            action="store_true",
            help="do not compute the label vectors of changed labels (embed_skills does later)",
        )

    def handle(self, *args, path, esco_version, languages, skip_vectors, **options):
        chosen = [lang.strip() for lang in languages.split(",") if lang.strip()] or None
        quiet = options["verbosity"] == 0
        # The raw stream: Django's wrapper ends every write with a newline, which would
        # print each redraw of a progress bar on a line of its own.
        progress = QUIET if quiet else Steps(self.stdout._out)
        try:
            report = esco_import(
                path=path, version=esco_version, languages=chosen, progress=progress
            )
        except EscoFormatError as exc:
            raise CommandError(f"ESCO import refused, nothing was changed: {exc}") from exc
        if not quiet:
            self.stdout.write(
                self.style.SUCCESS(
                    f"ESCO {report.version} (v{report.layout} layout, languages "
                    f"{', '.join(report.languages)}): {report.counts['skills']:,} skills and "
                    f"groups, {report.counts['occupations']:,} occupations and groups, "
                    f"imported in {report.seconds:.1f} s."
                )
            )
        if not skip_vectors:
            # After the import's transaction: a long embedding never holds it open, and
            # an interrupted one keeps the batches done (embed_skills finishes them).
            framework_vectors_update(
                Framework.objects.get(slug=ESCO_SLUG), languages=report.languages, progress=progress
            )
