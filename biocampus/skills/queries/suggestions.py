"""Skill suggestions for a pasted text (a CV, a job ad, a course description)."""

import re
import threading
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from biocampus.common.errors import DomainError
from biocampus.skills.embeddings import load_embedder
from biocampus.skills.extraction import Entry, HybridRanker, LexicalIndex, tokens
from biocampus.skills.models import Framework, Skill, SkillKind

MAX_TEXT = 20_000
MAX_CHUNKS = 80
PER_CHUNK = 8
# Label vectors for a framework this size are computed on first use (a few seconds);
# a larger one (ESCO) needs `manage.py embed_skills` beforehand, else lexical ranking.
EMBED_ON_DEMAND = 5_000
MIN_HYBRID_SCORE = 0.5
MIN_COVERAGE = 0.6
_CHUNK = re.compile(r"[\n\r;•·]+|(?<=[.!?])\s+")

_rankers: dict[tuple, object] = {}
_lock = threading.Lock()


@dataclass
class Suggestion:
    skill: Skill
    score: float


def _entries(framework: Framework, language: str) -> list[Entry]:
    rows = (
        Skill.objects.filter(framework=framework, status="released")
        .exclude(kind=SkillKind.GROUP)
        .order_by("id")
        .values_list("id", "labels", "alt_labels")
    )
    entries = []
    for skill_id, labels, alts in rows:
        preferred = labels.get(language) or labels.get("en") or ""
        if preferred:
            entries.append(Entry(skill_id, preferred, tuple(alts.get(language, ()))))
    return entries


def vector_cache(framework: Framework, language: str, embedder):
    folder = settings.CACHE_DIR / "skill-vectors"
    folder.mkdir(parents=True, exist_ok=True)
    version = (framework.version or "x").replace("/", "-")
    return folder / f"{framework.slug}-{version}-{language}-{embedder.name}.npz"


def ranker_for(framework: Framework, language: str, *, build_vectors: bool = False):
    """The ranker for a framework in a language, built once per process and version."""
    key = (framework.pk, framework.version, str(framework.imported_at), language)
    with _lock:
        ranker = _rankers.get(key)
        if ranker is None:
            entries = _entries(framework, language)
            lexical = LexicalIndex(entries, language)
            ranker = lexical
            embedder = load_embedder()
            if embedder is not None:
                cache = vector_cache(framework, language, embedder)
                labels = sum(1 + len(e.alternatives) for e in entries)
                if build_vectors or cache.exists() or labels <= EMBED_ON_DEMAND:
                    ranker = HybridRanker(entries, embedder, lexical=lexical, cache=cache)
            _rankers[key] = ranker
    return ranker


def suggest(
    text: str, *, framework: str | None = None, language: str = "en", limit: int = 10
) -> tuple[list[Suggestion], str]:
    """The framework's skills the text speaks of, best first, and the method used
    ("hybrid" with the embedding model, else "lexical")."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Paste some text to extract skills from."), code="empty_text")
    if len(text) > MAX_TEXT:
        raise DomainError(_("The text is too long (20,000 characters at most)."), code="too_long")
    limit = max(1, min(int(limit), 50))
    slug = framework or (
        "biocampus" if Framework.objects.filter(slug="biocampus").exists() else "esco"
    )
    chosen = Framework.objects.filter(slug=slug).first()
    if chosen is None:
        raise DomainError(_("Unknown skills framework."), code="unknown_framework")
    language = language[:2] if language[:2] in ("en", "fr", "nl", "de") else "en"
    ranker = ranker_for(chosen, language)
    chunks = [c.strip() for c in _CHUNK.split(text) if len(tokens(c, language)) > 0]
    chunks = chunks[:MAX_CHUNKS] or [text]
    best: dict[int, float] = {}
    if isinstance(ranker, HybridRanker):
        method = "hybrid"
        for chunk in chunks:
            scores = ranker.scored(chunk)
            for position in scores.argsort()[::-1][:PER_CHUNK]:
                value = float(scores[position])
                skill_id = int(ranker.skill_ids[position])
                if value >= MIN_HYBRID_SCORE and value > best.get(skill_id, 0.0):
                    best[skill_id] = value
    else:
        method = "lexical"
        for chunk in chunks:
            for skill_id, value in ranker.coverages(chunk).items():
                if value >= MIN_COVERAGE and value > best.get(skill_id, 0.0):
                    best[skill_id] = value
    top = sorted(best, key=lambda s: (-best[s], s))[:limit]
    skills = Skill.objects.select_related("framework").in_bulk(top)
    return [Suggestion(skills[s], round(best[s], 3)) for s in top], method
