"""Checking a credential as anyone would: its signature against the issuer's published
key, its status in the issuer's status list, its validity dates and its structure. Each
check is reported, passed or not, with a reason in the reader's language."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.credentials import status
from biocampus.credentials.documents import issuer_did, parse_time
from biocampus.credentials.keys import public_key
from biocampus.credentials.models import Credential, SigningKey
from biocampus.credentials.signing import BadSignature, digest, unverified, verified_payload

REQUIRED = ("@context", "id", "type", "issuer", "validFrom", "credentialSubject")


@dataclass
class Check:
    code: str  # signature, status, dates, structure
    passed: bool
    message: str


@dataclass
class Verification:
    checks: list[Check] = field(default_factory=list)
    credential: Credential | None = None
    document: dict | None = None
    # What the issuer's status list says: valid, suspended, revoked; "" when unread.
    status: str = ""

    @property
    def valid(self) -> bool:
        return bool(self.checks) and all(c.passed for c in self.checks)

    @property
    def revoked(self) -> bool:
        return self.status == "revoked"

    @property
    def suspended(self) -> bool:
        return self.status == "suspended"

    def add(self, code: str, passed: bool, message) -> None:
        self.checks.append(Check(code, passed, str(message)))


def _key(header: dict, payload: dict) -> SigningKey | None:
    kid = str(header.get("kid", ""))
    did, _sep, key_id = kid.partition("#")
    if not key_id or did != payload.get("iss"):
        return None
    key = SigningKey.objects.filter(kid=key_id).select_related("issuer").first()
    # The key must be the named issuer's own: one operator cannot sign in another's name.
    return key if key is not None and issuer_did(key.issuer) == did else None


def verify_jwt(token: str, at: dt.datetime | None = None) -> Verification:
    at = at or timezone.now()
    result = Verification()
    try:
        header, claimed = unverified(token.strip())
    except BadSignature:
        result.add("signature", False, _("This is not a signed credential (VC-JWT)."))
        return result
    key = _key(header, claimed)
    if key is None:
        result.add(
            "signature",
            False,
            _("The signing key is not one this campus's issuers publish."),
        )
        return result
    try:
        payload = verified_payload(token.strip(), public_key(key))
    except BadSignature:
        result.add(
            "signature",
            False,
            _("The signature does not match: the credential was changed after it was issued."),
        )
        return result
    result.document = {k: v for k, v in payload.items() if k not in ("iss", "jti", "nbf", "exp")}
    result.add(
        "signature",
        True,
        _("Signed by %(issuer)s with its published key.") % {"issuer": key.issuer.name},
    )
    missing = [name for name in REQUIRED if name not in payload]
    types = payload.get("type", [])
    well_formed = not missing and "OpenBadgeCredential" in types
    result.add(
        "structure",
        well_formed,
        _("It has the fields of an Open Badges 3.0 credential.")
        if well_formed
        else _("It lacks fields an Open Badges 3.0 credential needs."),
    )
    _dates(result, payload, at)
    _status(result, token.strip())
    return result


def _dates(result: Verification, payload: dict, at: dt.datetime) -> None:
    try:
        starts = parse_time(payload["validFrom"])
        ends = parse_time(payload["validUntil"]) if "validUntil" in payload else None
    except (KeyError, ValueError, AttributeError):
        result.add("dates", False, _("Its validity dates cannot be read."))
        return
    if at < starts:
        result.add("dates", False, _("It is not valid yet."))
    elif ends is not None and at >= ends:
        result.add(
            "dates",
            False,
            _("It expired on %(date)s: the programme's refresher renews it.")
            % {"date": ends.date().isoformat()},
        )
    elif ends is not None:
        result.add("dates", True, _("Valid until %(date)s.") % {"date": ends.date().isoformat()})
    else:
        result.add("dates", True, _("It does not expire."))


def _status(result: Verification, token: str) -> None:
    """The status of exactly this credential: found by the digest of the JWT as issued,
    so a token the issuer never issued (signed with a leaked old key, say) cannot borrow
    another credential's entry. The reason stays between the issuer and the learner."""
    credential = (
        Credential.objects.select_related("status_list").filter(jwt_digest=digest(token)).first()
    )
    if credential is None:
        result.add("status", False, _("This campus's issuers never issued this credential."))
        return
    result.credential = credential
    state = status.state_of(credential.status_list, credential.status_index)
    if state == status.REVOKED:
        result.status = "revoked"
        when = credential.revoked_at.date().isoformat() if credential.revoked_at else ""
        result.add("status", False, _("Revoked by the issuer on %(date)s.") % {"date": when})
    elif state == status.SUSPENDED:
        result.status = "suspended"
        result.add("status", False, _("Suspended by the issuer until further notice."))
    else:
        result.status = "valid"
        result.add(
            "status", True, _("Neither revoked nor suspended: the issuer's status list says so.")
        )
