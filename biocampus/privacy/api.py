"""Your own data: export it, or close your account (GDPR articles 15, 17 and 20)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from biocampus.api.auth import authenticated
from biocampus.api.enums import one_of
from biocampus.api.schemas import Error
from biocampus.outbox.compose import absolute
from biocampus.privacy.erasure import account_close
from biocampus.privacy.export import archive_response, export_request, latest_export
from biocampus.privacy.models import ExportStatus

router = Router(tags=["privacy"])


class ExportOut(Schema):
    id: int
    status: one_of(ExportStatus)
    requested_at: dt.datetime
    ready_at: dt.datetime | None
    expires_at: dt.datetime | None
    size: int = Field(description="Bytes of the archive (0 until ready).")
    download_url: str | None = Field(description="While ready: the archive, with your token.")


class CloseIn(Schema):
    password: str = Field(max_length=256)


def _export(export) -> dict:
    ready = export.status == "ready"
    return {
        "id": export.pk,
        "status": export.status,
        "requested_at": export.requested_at,
        "ready_at": export.finished_at,
        "expires_at": export.expires_at,
        "size": export.size,
        "download_url": absolute("/api/v1/me/export/archive") if ready else None,
    }


@router.post("/me/export", response={202: ExportOut, 401: Error}, auth=authenticated)
def request_export(request: HttpRequest):
    """Ask for a copy of everything the platform holds about you: a ZIP of JSON files and
    your uploads. It is prepared in the background and announced by e-mail; asking again
    while it is being prepared returns the same export."""
    return Status(202, _export(export_request(actor=request.user)))


@router.get("/me/export", response={200: ExportOut, 401: Error, 404: Error}, auth=authenticated)
def export_state(request: HttpRequest):
    """Your latest export: its state and, once ready, where to download it (404
    `no_export` if you never asked)."""
    return _export(latest_export(request.user))


@router.get(
    "/me/export/archive",
    response={401: Error, 404: Error},
    auth=authenticated,
    openapi_extra={
        "responses": {
            "200": {
                "description": "The ZIP archive.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_archive(request: HttpRequest):
    """Download your ready export (404 `no_export` if none is ready or it expired)."""
    return archive_response(request.user)


@router.delete("/me", response={204: None, 401: Error, 403: Error, 429: Error}, auth=authenticated)
def close_account(request: HttpRequest, payload: CloseIn):
    """Close your account. Your name, e-mail address, uploads and free text are erased;
    future enrolments and bookings are cancelled (seats go to the waiting list); tokens
    and consents end. Anonymous records stay so the campus figures remain true. Confirm
    with your password (403 `wrong_password`; wrong passwords count against the sign-in
    limits, 429 `throttled`)."""
    account_close(request=request, actor=request.user, password=payload.password)
    return Status(204, None)
