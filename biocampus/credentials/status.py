"""W3C Bitstring Status Lists: a credential holds an index in its issuer's list; the bit
at that index set means revoked. Indexes are drawn at random, as the recommendation
advises, so neighbours in a list are not neighbours in time."""

import base64
import gzip
import secrets

from django.db import transaction
from django.urls import reverse

from biocampus.accounts.models import Organisation
from biocampus.credentials.documents import absolute, iso, issuer_did
from biocampus.credentials.models import STATUS_LIST_SIZE, Credential, StatusList, StatusPurpose


def empty_bits() -> bytes:
    return bytes(STATUS_LIST_SIZE // 8)


def bit(bits: bytes, index: int) -> bool:
    # The first index is the left-most bit of the first byte.
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def with_bit(bits: bytes, index: int, value: bool) -> bytes:
    out = bytearray(bits)
    if value:
        out[index // 8] |= 0x80 >> (index % 8)
    else:
        out[index // 8] &= ~(0x80 >> (index % 8)) & 0xFF
    return bytes(out)


def encode(bits: bytes) -> str:
    """GZIP, then multibase base64url without padding ("u" prefix)."""
    packed = base64.urlsafe_b64encode(gzip.compress(bits, mtime=0)).rstrip(b"=")
    return "u" + packed.decode()


def decode(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("not a multibase base64url string")
    packed = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(packed + "=" * (-len(packed) % 4)))


def list_url(status_list: StatusList) -> str:
    return absolute(reverse("credentials:status_list", args=[status_list.pk]))


def open_list(issuer: Organisation, purpose: str = StatusPurpose.REVOCATION) -> StatusList:
    """The issuer's list with room left, locked; a new one when the last is full."""
    current = (
        StatusList.objects.select_for_update()
        .filter(issuer=issuer, purpose=purpose, next_index__lt=STATUS_LIST_SIZE)
        .order_by("pk")
        .first()
    )
    return current or StatusList.objects.create(issuer=issuer, purpose=purpose, bits=empty_bits())


@transaction.atomic
def allocate(issuer: Organisation) -> tuple[StatusList, int]:
    """A free random index in the issuer's revocation list (the list row stays locked
    until the credential holding it is saved)."""
    status_list = open_list(issuer)
    taken = Credential.objects.filter(status_list=status_list)
    while True:  # a list is never more than full: open_list starts another one
        index = secrets.randbelow(STATUS_LIST_SIZE)
        if not taken.filter(status_index=index).exists():
            break
    StatusList.objects.filter(pk=status_list.pk).update(next_index=status_list.next_index + 1)
    return status_list, index


def status_list_document(status_list: StatusList) -> dict:
    url = list_url(status_list)
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": issuer_did(status_list.issuer), "name": status_list.issuer.name},
        "validFrom": iso(status_list.updated_at),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": status_list.purpose,
            "encodedList": encode(bytes(status_list.bits)),
        },
    }
