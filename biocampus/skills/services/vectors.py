"""Label vectors of a framework, computed after each import (ESCO, the campus framework)
for the labels that changed, so that extraction answers with the hybrid ranker at once."""

import time
from dataclasses import dataclass

from biocampus.common.progress import QUIET, Steps
from biocampus.skills.embeddings import load_embedder
from biocampus.skills.models import Framework
from biocampus.skills.queries.suggestions import LANGUAGES, framework_entries
from biocampus.skills.ranking import embedded_texts
from biocampus.skills.vectors import label_vectors_update


@dataclass(frozen=True)
class VectorReport:
    encoder: str
    labels: int
    computed: int
    seconds: float


def framework_vectors_update(
    framework: Framework,
    *,
    languages: list[str] | None = None,
    progress: Steps = QUIET,
    embedder=None,
) -> VectorReport | None:
    """Embed the framework's labels that have no vector yet for `embedder` (default: the
    encoder in use); None without an encoder."""
    embedder = embedder or load_embedder()
    if embedder is None:
        progress.done(
            "No sentence encoder installed: skill extraction will rank lexically "
            "(run `make install`)."
        )
        return None
    started = time.perf_counter()
    chosen = languages or [lang for lang in framework.languages if lang in LANGUAGES] or ["en"]
    texts = sorted(
        {t for lang in chosen for t in embedded_texts(framework_entries(framework, lang), lang)}
    )
    computed = label_vectors_update(
        texts,
        embedder,
        progress=lambda batches, total: progress.rows(
            batches, f"label vectors (batches of 512, {embedder.name})", total
        ),
    )
    report = VectorReport(embedder.name, len(texts), computed, time.perf_counter() - started)
    progress.done(
        f"Label vectors ({report.encoder}, {', '.join(chosen)}): {report.labels:,} labels, "
        f"{report.computed:,} computed in {report.seconds:.1f} s, the rest unchanged."
    )
    return report
