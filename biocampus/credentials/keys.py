"""Issuers' signing keys: Ed25519, generated here, the private half encrypted at rest
with CREDENTIALS_KEYS (the first encrypts, all decrypt, so that key can be rotated too;
unset, one is derived from SECRET_KEY, which never lives in the repository either)."""

import base64
import hashlib

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from joserfc.jwk import OKPKey

from biocampus.accounts.models import Organisation
from biocampus.common.audit import audit
from biocampus.credentials.models import SigningKey


def _fernet() -> MultiFernet:
    keys = [k for k in settings.CREDENTIALS_KEYS if k]
    if not keys:
        digest = hashlib.sha256(b"biocampus credentials keys\0" + settings.SECRET_KEY.encode())
        keys = [base64.urlsafe_b64encode(digest.digest()).decode()]
    return MultiFernet([Fernet(k) for k in keys])


def key_create(*, actor, issuer: Organisation) -> SigningKey:
    """A new key for `issuer`; its current one, if any, is retired (kept for verifying
    what it signed)."""
    private = OKPKey.generate_key("Ed25519", private=True)
    public = private.as_dict(private=False)
    kid = private.thumbprint()
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=issuer.pk).first()
        SigningKey.objects.select_for_update().filter(
            issuer=issuer, retired_at__isnull=True
        ).update(retired_at=timezone.now())
        key = SigningKey.objects.create(
            issuer=issuer,
            kid=kid,
            public_jwk={**public, "kid": kid, "alg": "EdDSA", "use": "sig"},
            private_key=_fernet().encrypt(private.as_pem(private=True)).decode(),
        )
        audit(actor, "credentials.key_create", key, issuer=issuer.pk)
    return key


def active_key(issuer: Organisation) -> SigningKey:
    """The issuer's signing key, made on first use."""
    key = SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True).first()
    if key is not None:
        return key
    with transaction.atomic():
        # Two first completions of a new operator at once: one makes the key, the other
        # waits on the organisation's row and then finds it.
        Organisation.objects.select_for_update().filter(pk=issuer.pk).first()
        key = SigningKey.objects.filter(issuer=issuer, retired_at__isnull=True).first()
        return key or key_create(actor=None, issuer=issuer)


def private_key(key: SigningKey) -> OKPKey:
    pem = _fernet().decrypt(key.private_key.encode())
    return OKPKey.import_key(pem, {"kid": key.kid})


def public_key(key: SigningKey) -> OKPKey:
    return OKPKey.import_key(key.public_jwk)


def published_keys(issuer: Organisation) -> list[dict]:
    """Every public key the issuer signed with, newest first: a JWKS's keys."""
    return [k.public_jwk for k in SigningKey.objects.filter(issuer=issuer)]
