"""Reads of credentials shared by pages and the API."""

import json
import uuid

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation
from biocampus.credentials.models import Credential, SigningKey
from biocampus.credentials.verify import Verification, verify_jwt

VALID, EXPIRED, REVOKED = "valid", "expired", "revoked"


def issuer_or_none(issuer_id: int) -> Organisation | None:
    """An organisation that has signed something: only those are issuers."""
    if not SigningKey.objects.filter(issuer_id=issuer_id).exists():
        return None
    return Organisation.objects.filter(pk=issuer_id).first()


def readable_credential(credential_id: uuid.UUID) -> Credential | None:
    """A credential anyone holding its id may read; none once its holder closed their
    account (the campus kept no copy)."""
    return Credential.objects.filter(pk=credential_id).exclude(jwt="").first()


def credential_state(credential: Credential, at=None) -> str:
    at = at or timezone.now()
    if credential.revoked_at is not None:
        return REVOKED
    if credential.valid_until is not None and at >= credential.valid_until:
        return EXPIRED
    return VALID


def verify_any(text: str) -> Verification:
    """A VC-JWT, or a credential's JSON: the JSON form carries no proof of its own, so it
    is checked against the signed credential of the same id, which it must equal."""
    text = text.strip()
    if not text.startswith("{"):
        return verify_jwt(text)
    try:
        document = json.loads(text)
        key = uuid.UUID(str(document.get("id", "")).rstrip("/").rsplit("/", 1)[-1])
        credential = Credential.objects.filter(pk=key).exclude(jwt="").first()
    except (ValueError, AttributeError, TypeError):
        credential = None
    if credential is None:
        result = Verification()
        result.add("signature", False, _("This campus issued no credential with this id."))
        return result
    result = verify_jwt(credential.jwt)
    if credential.document != document:
        result.checks = [c for c in result.checks if c.code != "signature"]
        result.add(
            "signature",
            False,
            _("The signature does not match: the credential was changed after it was issued."),
        )
    return result
