"""W3C Bitstring Status Lists: a credential holds an index in its issuer's list. An Open
Badges credential carries a single status entry, so to be both revocable and suspendable
it uses a "message" entry of two bits: 0 valid, 1 suspended, 2 revoked (lists from before
suspension hold one revocation bit). Indexes are drawn at random, as the recommendation
advises, so neighbours in a list are not neighbours in time."""

import base64
import gzip
import secrets

from django.db import connection
from django.urls import reverse

from biocampus.accounts.models import Organisation
from biocampus.credentials.documents import absolute, iso, issuer_did
from biocampus.credentials.models import STATUS_LIST_SIZE, Credential, StatusList, StatusPurpose

VALID, SUSPENDED, REVOKED = 0, 1, 2
MESSAGES = [
    {"status": "0x0", "message": "valid"},
    {"status": "0x1", "message": "suspended"},
    {"status": "0x2", "message": "revoked"},
]
# Random draws tried one at a time before the free indexes are read instead. Below 90 %
# full a few draws find one; at 98 %, about 50 (one issue in 13 reaches 128); past that,
# reading the taken ones (one query, about 0.1 s for a full list) costs less than drawing.
DRAWS = 128


def entry_size(purpose: str) -> int:
    """Bits per credential in a list of this purpose."""
    return 2 if purpose == StatusPurpose.MESSAGE else 1


def empty_bits(purpose: str = StatusPurpose.MESSAGE) -> bytes:
    return bytes(STATUS_LIST_SIZE * entry_size(purpose) // 8)


def value(bits: bytes, index: int, size: int = 1) -> int:
    """The entry at `index`, `size` bits wide; the first bit is the left-most of the
    first byte, and an entry reads as a big-endian number."""
    out = 0
    for position in range(index * size, index * size + size):
        out = out << 1 | (bits[position // 8] >> (7 - position % 8)) & 1
    return out


def with_value(bits: bytes, index: int, new: int, size: int = 1) -> bytes:
    out = bytearray(bits)
    for offset in range(size):
        position = index * size + offset
        mask = 0x80 >> (position % 8)
        if new >> (size - 1 - offset) & 1:
            out[position // 8] |= mask
        else:
            out[position // 8] &= ~mask & 0xFF
    return bytes(out)


def state_of(status_list: StatusList, index: int) -> int:
    """VALID, SUSPENDED or REVOKED, as the published list says."""
    found = value(bytes(status_list.bits), index, entry_size(status_list.purpose))
    if status_list.purpose == StatusPurpose.MESSAGE:
        return found
    return REVOKED if found else VALID


def with_state(status_list: StatusList, index: int, state: int) -> bytes:
    if status_list.purpose == StatusPurpose.MESSAGE:
        return with_value(bytes(status_list.bits), index, state, 2)
    return with_value(bytes(status_list.bits), index, int(state == REVOKED))


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


def open_list(issuer: Organisation, purpose: str = StatusPurpose.MESSAGE) -> StatusList:
    """The issuer's list with room left, locked; a new one when the last is full."""
    current = (
        StatusList.objects.select_for_update()
        .filter(issuer=issuer, purpose=purpose, next_index__lt=STATUS_LIST_SIZE)
        .order_by("pk")
        .first()
    )
    return current or StatusList.objects.create(
        issuer=issuer, purpose=purpose, bits=empty_bits(purpose)
    )


def allocate(issuer: Organisation) -> tuple[StatusList, int]:
    """A free random index in the issuer's status list. The list row stays locked
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


def status_entry(status_list: StatusList, index: int) -> dict:
    """The credentialStatus of the credential at `index` of the list."""
    url = list_url(status_list)
    entry = {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": status_list.purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }
    if status_list.purpose == StatusPurpose.MESSAGE:
        entry |= {"statusSize": 2, "statusMessage": MESSAGES}
    return entry
