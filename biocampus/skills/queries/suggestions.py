"""Skill suggestions for a pasted text (a CV, a job ad, a course description): the
framework's skills loaded from the database, ranked by `ranking.rank`."""

import threading
import time
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from biocampus.common.errors import DomainError
from biocampus.skills.embeddings import load_embedder
from biocampus.skills.extraction import Entry, LexicalIndex
from biocampus.skills.models import Framework, Skill, SkillKind
from biocampus.skills.ranking import (
    NO_MODEL,
    NO_VECTORS,
    HybridRanker,
    LexicalRanker,
    embedded_texts,
    label_matrix,
    label_texts,
    rank,
)
from biocampus.skills.vectors import label_vectors, label_vectors_update

MAX_TEXT = 20_000
MAX_LIMIT = 50
LANGUAGES = ("en", "fr", "nl", "de")
# A framework this small has its missing label vectors computed on first use (a few
# seconds); a large one (ESCO) gets them from `import_esco` or `manage.py embed_skills`.
EMBED_ON_DEMAND = 5_000
RETRY_VECTORS = 60  # seconds before a process looks again for vectors it lacked

_rankers: dict[tuple, tuple[object, float]] = {}
_lock = threading.Lock()


@dataclass
class Suggestion:
    skill: Skill
    score: float


@dataclass
class Extraction:
    suggestions: list[Suggestion]
    method: str  # "hybrid" or "lexical"
    encoder: str | None  # the sentence encoder of a hybrid ranking
    fallback: str | None  # why a ranking is lexical: "no_model" or "no_vectors"


def rankable_skills(framework: Framework):
    """The skills extraction ranks (and training learns): released, not groups, by id."""
    return (
        Skill.objects.filter(framework=framework, status="released")
        .exclude(kind=SkillKind.GROUP)
        .order_by("id")
    )


def framework_entries(framework: Framework, language: str) -> list[Entry]:
    rows = rankable_skills(framework).values_list("id", "labels", "alt_labels")
    entries = []
    for skill_id, labels, alts in rows:
        preferred = labels.get(language) or labels.get("en") or ""
        if preferred:
            entries.append(Entry(skill_id, preferred, tuple(alts.get(language, ()))))
    return entries


def _build(framework: Framework, language: str):
    entries = framework_entries(framework, language)
    lexical = LexicalIndex(entries, language)
    embedder = load_embedder()
    if embedder is None:
        return LexicalRanker(lexical, NO_MODEL)
    texts = embedded_texts(entries, language)
    vectors = label_vectors(texts, embedder.name)
    if vectors is None and len(texts) <= EMBED_ON_DEMAND:
        label_vectors_update(texts, embedder)
        vectors = label_vectors(texts, embedder.name)
    if vectors is not None:
        return HybridRanker(entries, label_matrix(entries, language, vectors), embedder, lexical)
    # Vectors from before the prompts: rank on the bare labels, not lexically, until
    # `embed_skills` has added the prompts (looked for again like missing vectors).
    vectors = label_vectors(label_texts(entries), embedder.name)
    if vectors is None:
        return LexicalRanker(lexical, NO_VECTORS)
    return HybridRanker(entries, vectors, embedder, lexical, complete=False)


def ranker_for(framework: Framework, language: str):
    """The ranker for a framework in a language, built once per process and import; a
    lexical fallback for want of vectors is rebuilt once they may have been computed."""
    embedder = load_embedder()
    key = (
        framework.pk,
        framework.version,
        str(framework.imported_at),
        language,
        embedder.name if embedder else None,
    )
    with _lock:
        ranker, expires = _rankers.get(key, (None, 0.0))
        if ranker is None or time.monotonic() > expires:
            ranker = _build(framework, language)
            lasting = ranker.complete and ranker.fallback != NO_VECTORS
            _rankers[key] = (ranker, float("inf") if lasting else time.monotonic() + RETRY_VECTORS)
    return ranker


def suggest(
    text: str,
    *,
    framework: str | None = None,
    language: str = "en",
    limit: int = 10,
    min_score: float | None = None,
) -> Extraction:
    """The framework's `limit` skills the text speaks of most, best first."""
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Paste some text to extract skills from."), code="empty_text")
    if len(text) > MAX_TEXT:
        raise DomainError(_("The text is too long (20,000 characters at most)."), code="too_long")
    limit = max(1, min(int(limit), MAX_LIMIT))
    slug = framework or (
        "biocampus" if Framework.objects.filter(slug="biocampus").exists() else "esco"
    )
    chosen = Framework.objects.filter(slug=slug).first()
    if chosen is None:
        raise DomainError(_("Unknown skills framework."), code="unknown_framework")
    language = language[:2] if language[:2] in LANGUAGES else "en"
    ranking = rank(
        ranker_for(chosen, language), text, language=language, limit=limit, min_score=min_score
    )
    skills = Skill.objects.select_related("framework").in_bulk([s for s, _ in ranking.skills])
    return Extraction(
        suggestions=[Suggestion(skills[s], score) for s, score in ranking.skills],
        method=ranking.method,
        encoder=ranking.encoder,
        fallback=ranking.fallback,
    )
