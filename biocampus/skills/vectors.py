"""Label vectors: computed once per encoder and label text, stored, read back in order.

`label_vectors_update` embeds only the labels no stored vector covers (an import that
changed a hundred labels embeds a hundred), in batches each saved as it is done, so an
interrupted run keeps its work; `label_vectors` reads the matrix a ranker needs.
"""

import hashlib
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from biocampus.skills.models import LabelVector

BATCH = 512
DTYPE = np.dtype("<f2")  # half precision: a tenth of a point of ranking for half the size


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _stored(encoder: str, digests: set[str], *fields: str) -> list:
    """The stored rows (`fields`) of `encoder` whose digest is among `digests`."""
    rows: list = []
    wanted = sorted(digests)
    # Digest lists are long (ESCO: 111k); ask in slices SQLite's variable limit allows.
    for start in range(0, len(wanted), 900):
        rows += LabelVector.objects.filter(
            encoder=encoder, digest__in=wanted[start : start + 900]
        ).values_list(*fields)
    return rows


def label_vectors_update(
    texts: Iterable[str],
    embedder,
    *,
    progress: Callable[[Iterable, int], Iterable] = lambda batches, total: batches,
) -> int:
    """Embed and store the labels with no vector yet for this encoder; how many it did."""
    by_digest = {digest(t): t for t in texts if t}
    stored = {d for (d,) in _stored(embedder.name, set(by_digest), "digest")}
    missing = sorted(set(by_digest) - stored)
    batches = [missing[i : i + BATCH] for i in range(0, len(missing), BATCH)]
    for batch in progress(batches, len(batches)):
        vectors = embedder.encode([by_digest[d] for d in batch]).astype(DTYPE)
        LabelVector.objects.bulk_create(
            [
                LabelVector(encoder=embedder.name, digest=d, vector=v.tobytes())
                for d, v in zip(batch, vectors, strict=True)
            ],
            ignore_conflicts=True,  # another process computed the same label meanwhile
        )
    return len(missing)


def label_vectors(texts: Sequence[str], encoder: str) -> np.ndarray | None:
    """The stored vectors of `texts`, one row each in float32, or None if any is missing."""
    digests = [digest(t) for t in texts]
    wanted = set(digests)
    rows: dict[str, bytes] = dict(_stored(encoder, wanted, "digest", "vector"))
    if len(rows) < len(wanted):
        return None
    width = len(next(iter(rows.values()))) // DTYPE.itemsize if rows else 0
    matrix = np.empty((len(digests), width), dtype=np.float32)
    for i, d in enumerate(digests):
        matrix[i] = np.frombuffer(rows[d], dtype=DTYPE)
    return matrix
