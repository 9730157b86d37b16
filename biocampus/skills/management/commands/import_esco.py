from django.core.management.base import BaseCommand, CommandError

from biocampus.common.progress import QUIET, Steps
from biocampus.skills.esco_files import EscoFormatError
from biocampus.skills.services.esco import esco_import


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

    def handle(self, *args, path, esco_version, languages, **options):
        chosen = [lang.strip() for lang in languages.split(",") if lang.strip()] or None
        quiet = options["verbosity"] == 0
        try:
            report = esco_import(
                path=path,
                version=esco_version,
                languages=chosen,
                # The raw stream: Django's wrapper ends every write with a newline,
                # which would print each redraw of a progress bar on a line of its own.
                progress=QUIET if quiet else Steps(self.stdout._out),
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
