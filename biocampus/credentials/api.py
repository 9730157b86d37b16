"""API v1: a learner's credentials, any credential by its id (JSON-LD, or its VC-JWT),
revocation by the issuer, and verification for anyone."""

import base64
import uuid
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from biocampus.api.auth import authenticated
from biocampus.api.bounds import PathId
from biocampus.api.schemas import Error
from biocampus.common.errors import DomainError, NotFound
from biocampus.credentials import services
from biocampus.credentials.documents import issuer_profile
from biocampus.credentials.models import Credential
from biocampus.credentials.queries import (
    count_verification,
    credential_state,
    credentials_managed_by,
    issuer_or_none,
    readable_credential,
    verify_any,
    verify_image,
)
from biocampus.credentials.views import VC_JWT, credential_response

router = Router(tags=["credentials"])
BOTH = {
    "responses": {
        "200": {
            "description": "The credential: JSON-LD, or its VC-JWT with Accept: "
            "application/vc+jwt.",
            "content": {
                "application/ld+json": {"schema": {"type": "object"}},
                VC_JWT: {"schema": {"type": "string"}},
            },
        }
    }
}


class CredentialOut(Schema):
    id: str
    programme: str
    issuer: str
    issued_at: str
    valid_until: str | None
    state: str = Field(description="valid, suspended, expired or revoked")
    reason: str = Field(description="Why it was revoked or suspended, if it was")
    replaced_by: str | None = Field(description="The credential re-issued in its place")
    url: str
    jwt: str


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=300)


class VerifyIn(Schema):
    # A credential is a few kilobytes; 50,000 characters, even all escaped (6 bytes each),
    # stay under the 1 MB a request body may have.
    credential: str | None = Field(
        None, min_length=1, max_length=50_000, description="A VC-JWT, or the credential's JSON"
    )
    image: str | None = Field(
        None,
        min_length=1,
        max_length=700_000,
        description="Or a baked badge: the PNG image, base64-encoded (at most 512 KB).",
    )


class CheckOut(Schema):
    code: str
    passed: bool
    message: str


class VerifyOut(Schema):
    valid: bool
    revoked: bool
    suspended: bool
    credential: str | None
    checks: list[CheckOut]


def credential_out(credential: Credential) -> dict:
    return {
        "id": str(credential.id),
        "programme": credential.document.get("name", ""),
        "issuer": credential.document.get("issuer", {}).get("name", ""),
        "issued_at": credential.created_at.isoformat(),
        "valid_until": credential.valid_until.isoformat() if credential.valid_until else None,
        "state": credential_state(credential),
        "reason": credential.revoked_reason or credential.suspended_reason,
        "replaced_by": str(credential.replaced_by_id) if credential.replaced_by_id else None,
        "url": credential.document.get("id", ""),
        "jwt": credential.jwt,
    }


@router.get("/me/credentials", response={200: list[CredentialOut], 401: Error}, auth=authenticated)
def my_credentials(request: HttpRequest):
    """Your credentials, newest first."""
    return [credential_out(c) for c in Credential.objects.filter(learner=request.user)[:500]]


# Before /credentials/{credential_id}: Django tries the routes in order.
@router.post(
    "/credentials/verify",
    response={200: VerifyOut, 400: Error, 413: Error, 422: Error, 429: Error},
    auth=None,
)
def credential_verify(request: HttpRequest, payload: VerifyIn):
    """Check a credential (pasted, or baked in a badge image): its signature against the
    issuer's published key, its status, its dates and its structure, each explained."""
    count_verification(request)
    if (payload.credential is None) == (payload.image is None):
        raise DomainError(
            _("Send either the credential or its badge image."), code="one_credential"
        )
    if payload.image is not None:
        try:
            data = base64.b64decode(payload.image, validate=True)
        except ValueError as exc:
            raise DomainError(_("The image is not valid base64."), code="bad_image") from exc
        result = verify_image(data)
    else:
        result = verify_any(payload.credential)
    return {
        "valid": result.valid,
        "revoked": result.revoked,
        "suspended": result.suspended,
        "credential": str(result.credential.id) if result.credential else None,
        "checks": [
            {"code": c.code, "passed": c.passed, "message": c.message} for c in result.checks
        ],
    }


@router.get(
    "/credentials/{credential_id}", response={200: dict[str, Any], 404: Error}, auth=None,
    openapi_extra=BOTH,
)  # fmt: skip
def credential_get(request: HttpRequest, credential_id: str):
    """A credential as issued, for anyone holding its id."""
    credential = readable_credential(_uuid(credential_id))
    if credential is None:
        raise NotFound(_("Not found."))
    return credential_response(credential, request.headers.get("Accept", ""))


CHANGE = {200: CredentialOut, 400: Error, 401: Error, 403: Error, 404: Error, 409: Error}


def _issued(request: HttpRequest, credential_id: str) -> Credential:
    """A credential the user's organisation issued; any other is the same 404 as none."""
    credential = credentials_managed_by(request.user).filter(pk=_uuid(credential_id)).first()
    if credential is None:
        raise NotFound(_("Not found."))
    return credential


@router.post("/credentials/{credential_id}/revoke", response=CHANGE, auth=authenticated)
def credential_revoke(request: HttpRequest, credential_id: str, payload: ReasonIn):
    """Revoke a credential your organisation issued, for good (the learner is told)."""
    credential = services.credential_revoke(
        actor=request.user, credential=_issued(request, credential_id), reason=payload.reason
    )
    return credential_out(credential)


@router.post("/credentials/{credential_id}/suspend", response=CHANGE, auth=authenticated)
def credential_suspend(request: HttpRequest, credential_id: str, payload: ReasonIn):
    """Suspend a credential your organisation issued until you reinstate it (the learner
    is told)."""
    credential = services.credential_suspend(
        actor=request.user, credential=_issued(request, credential_id), reason=payload.reason
    )
    return credential_out(credential)


@router.post("/credentials/{credential_id}/reinstate", response=CHANGE, auth=authenticated)
def credential_reinstate(request: HttpRequest, credential_id: str):
    """Lift a suspension (the learner is told)."""
    credential = services.credential_reinstate(
        actor=request.user, credential=_issued(request, credential_id)
    )
    return credential_out(credential)


@router.post("/credentials/{credential_id}/reissue", response=CHANGE, auth=authenticated)
def credential_reissue(request: HttpRequest, credential_id: str):
    """Sign a new credential for the same achievement, revoking this one; answers the new
    credential (the learner is told)."""
    fresh = services.credential_reissue(
        actor=request.user, credential=_issued(request, credential_id)
    )
    return credential_out(fresh)


@router.get("/issuers/{issuer_id}", response={200: dict[str, Any], 404: Error}, auth=None)
def issuer_get(request: HttpRequest, issuer_id: PathId):
    """An issuer's Open Badges profile (its id is its did:web)."""
    issuer = issuer_or_none(issuer_id)
    if issuer is None:
        raise NotFound(_("Not found."))
    return issuer_profile(issuer)


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise NotFound(_("Not found.")) from exc
