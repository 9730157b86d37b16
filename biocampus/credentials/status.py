"""W3C Bitstring Status Lists: a credential holds an index in its issuer's list; the bit
at that index set means revoked. Indexes are drawn at random, as the recommendation
advises, so neighbours in a list are not neighbours in time."""

import base64
import gzip
import secrets

from django.db import connection
from django.urls import reverse

from biocampus.accounts.models import Organisation
from biocampus.credentials.documents import absolute, iso, issuer_did
from biocampus.credentials.models import STATUS_LIST_SIZE, Credential, StatusList, StatusPurpose

# Random draws tried one at a time before the free indexes are read instead. Below 90 %
# full a few draws find one; at 98 %, about 50 (one issue in 13 reaches 128); past that,
# reading the taken ones (one query, about 0.1 s for a full list) costs less than drawing.
DRAWS = 128


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


def allocate(issuer: Organisation) -> tuple[StatusList, int]:
    """A free random index in the issuer's revocation list. The list row stays locked
    until the credential holding the index is saved, so the caller's transaction must be
    open (no savepoint of its own: it would add two statements to every issue)."""
    if not connection.in_atomic_block:
        raise RuntimeError("A status list lock outside a transaction protects nothing.")
    status_list = open_list(issuer)
    index = _free_index(status_list)
    StatusList.objects.filter(pk=status_list.pk).update(next_index=status_list.next_index + 1)
    return status_list, index


def _free_index(status_list: StatusList) -> int:
    """A random index no credential of the list holds. Drawing until one is free would
    take N/(N-k) queries on average with k of N taken, tens of thousands for a list's last
    index, all under the list's lock: after DRAWS misses the free ones are read instead.
    A list is never more than full (open_list starts another), so one is free."""
    taken = Credential.objects.filter(status_list=status_list)
    for _draw in range(DRAWS):
        index = secrets.randbelow(STATUS_LIST_SIZE)
        if not taken.filter(status_index=index).exists():
            return index
    # Uniform among the free indexes, as a draw is.
    held = taken.order_by().values_list("status_index", flat=True)  # the index alone, unsorted
    return secrets.choice(sorted(set(range(STATUS_LIST_SIZE)).difference(held)))


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
