"""Self-service export (GDPR articles 15 and 20): a ZIP of JSON files plus the person's
application attachments, built by the task worker and announced by e-mail."""

import json
import logging
import tempfile
import zipfile

from django.core.files import File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accelerator.models import Attachment
from biocampus.accounts.models import User
from biocampus.common.audit import audit
from biocampus.common.errors import NotFound
from biocampus.outbox.queue import notify
from biocampus.privacy.collect import SECTIONS, attachment_name
from biocampus.privacy.models import DataExport, ExportStatus

logger = logging.getLogger("biocampus.privacy")

README = """This archive holds what BioCampus stores about you, as of {at}.
Each .json file is one part (account, enrolments, skills...); attachments/ holds the
files you uploaded with accelerator applications. Dates are UTC (ISO 8601).
"""


def export_request(*, actor: User) -> DataExport:
    """Ask for an export; while one is being prepared, asking again returns it."""
    from biocampus.privacy import tasks

    pending = DataExport.objects.filter(user=actor, status=ExportStatus.PENDING).first()
    if pending is not None:
        return pending
    try:
        with transaction.atomic():
            export = DataExport.objects.create(user=actor)
            audit(actor, "privacy.export_requested", actor)
    except IntegrityError:  # a concurrent request created it first
        return DataExport.objects.get(user=actor, status=ExportStatus.PENDING)
    transaction.on_commit(lambda: tasks.build_export.enqueue(export_id=export.pk), robust=True)
    return export


def latest_export(user: User) -> DataExport:
    export = DataExport.objects.filter(user=user).first()
    if export is None:
        raise NotFound(_("You have not asked for an export yet."), code="no_export")
    return export


def ready_export(user: User) -> DataExport:
    export = DataExport.objects.filter(user=user, status=ExportStatus.READY).first()
    if export is None or export.expires_at < timezone.now():
        raise NotFound(_("No export is ready to download."), code="no_export")
    return export


def archive_response(user: User) -> FileResponse:
    """The person's ready export as a download (the page's and the API's)."""
    export = ready_export(user)
    return FileResponse(
        export.archive.open("rb"),
        as_attachment=True,
        filename=f"biocampus-data-{export.finished_at:%Y-%m-%d}.zip",
        content_type="application/zip",
    )


def write_archive(user: User, target) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README.format(at=timezone.now().isoformat()))
        for name, section in SECTIONS.items():
            data = json.dumps(section(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
            archive.writestr(name, data)
        for attachment in Attachment.objects.filter(application__founder=user):
            try:
                with attachment.file.open("rb") as source:
                    archive.writestr(attachment_name(attachment), source.read())
            except FileNotFoundError:
                logger.warning("attachment %s is missing its file", attachment.pk)


def export_build(export_id: int) -> DataExport | None:
    """Build the archive of a pending export; safe to run again after a crash. A failure
    marks it failed, so the person can ask again."""
    export = DataExport.objects.filter(pk=export_id, status=ExportStatus.PENDING).first()
    if export is None:
        return None
    try:
        return _build(export)
    except Exception:
        logger.exception("export %s failed", export_id)
        DataExport.objects.filter(pk=export_id, status=ExportStatus.PENDING).update(
            status=ExportStatus.FAILED, finished_at=timezone.now()
        )
        raise


def _build(export: DataExport) -> DataExport | None:
    with tempfile.TemporaryFile() as spool:
        write_archive(export.user, spool)
        size = spool.tell()
        spool.seek(0)
        with transaction.atomic():
            export = DataExport.objects.select_for_update().filter(pk=export.pk).first()
            if export is None or export.status != ExportStatus.PENDING:
                return export  # the account was closed meanwhile, or another build won
            export.archive.save("export.zip", File(spool), save=False)
            export.status, export.finished_at, export.size = (
                ExportStatus.READY,
                timezone.now(),
                size,
            )
            export.save(update_fields=["archive", "status", "finished_at", "size"])
            notify("privacy.export_ready", [(export.user_id, {"export": export.pk})])
    return export
