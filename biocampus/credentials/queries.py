"""Reads of credentials shared by pages and the API."""

import json
import uuid

from allauth.account.adapter import get_adapter
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation, User
from biocampus.accounts.roles import is_campus_admin, managed_org_ids
from biocampus.common.errors import TooMany
from biocampus.common.quotas import over_quota
from biocampus.credentials.baking import NotABadge, unbake
from biocampus.credentials.models import Credential, SigningKey
from biocampus.credentials.verify import Verification, verify_jwt

VALID, EXPIRED, REVOKED, SUSPENDED = "valid", "expired", "revoked", "suspended"


def issuer_or_none(issuer_id: int) -> Organisation | None:
    """An organisation that has signed something: only those are issuers."""
    if not SigningKey.objects.filter(issuer_id=issuer_id).exists():
        return None
    return Organisation.objects.filter(pk=issuer_id).first()


def credentials_managed_by(user: User) -> QuerySet[Credential]:
    """The credentials the user's operators issued (every one, for the campus)."""
    found = Credential.objects.exclude(jwt="").select_related("learner", "programme", "issuer")
    if is_campus_admin(user):
        return found
    return found.filter(issuer_id__in=managed_org_ids(user))


def readable_credential(credential_id: uuid.UUID) -> Credential | None:
    """A credential anyone holding its id may read; none once its holder closed their
    account (the campus kept no copy)."""
    return Credential.objects.filter(pk=credential_id).exclude(jwt="").first()


def credential_state(credential: Credential, at=None) -> str:
    at = at or timezone.now()
    if credential.revoked_at is not None:
        return REVOKED
    if credential.suspended_at is not None:
        return SUSPENDED
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
    except (ValueError, AttributeError, TypeError, RecursionError):
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


# Checking a credential is cheap, a badge image less so: enough for a recruiter going
# through a pile of applications, not for a script.
VERIFICATIONS_PER_MINUTE = 60


def count_verification(request) -> None:
    """Count one verification from the caller's address; TooMany past the limit."""
    # The address as the login limits read it: TRUSTED_PROXY_COUNT hops from the right.
    address = get_adapter().get_client_ip(request)
    key = f"credential-verifications:{address}:{timezone.now():%Y%m%d%H%M}"
    if over_quota(key, limit=VERIFICATIONS_PER_MINUTE, seconds=60):
        raise TooMany(
            _("Too many credentials checked from here this minute: wait a minute."),
            code="too_many_verifications",
        )


def verify_image(data: bytes) -> Verification:
    """A baked badge: the credential inside the PNG, checked like any other."""
    try:
        text = unbake(data)
    except NotABadge as exc:
        result = Verification()
        result.add("structure", False, exc.args[0])
        return result
    return verify_any(text)
