"""Skill extraction: rank a framework's skills for a piece of text (a CV, a job ad, a
course description) and suggest the best ones, to be accepted or rejected by a person.

Two signals:
- lexical: how much of a skill's label (preferred or alternative) the text contains,
  weighted by how rare each word is, on Snowball-stemmed words;
- semantic (optional): cosine similarity of sentence embeddings of the text and of the
  labels, from a model that runs on the CPU (see `embeddings.py`).
Without the model the lexical ranking is used alone. Weights were tuned on the validation
splits of the Decorte et al. benchmark only (bench/skill_extraction.py).
"""

import functools
import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import snowballstemmer

from biocampus.skills.text import fold

STEMMERS = {"en": "english", "fr": "french", "nl": "dutch", "de": "german"}
# Function words only: words like "work" or "team" are part of skill labels.
# fmt: off
STOPWORDS = {
    "en": frozenset([
        "a", "an", "and", "the", "of", "in", "on", "for", "to", "with", "by", "or", "at", "as",
        "from", "into", "using", "use", "be", "is", "are", "your", "our", "you", "we", "will",
        "have", "has", "this", "that", "it", "its", "their", "they", "them", "other", "such",
        "etc", "via", "per", "within", "across",
    ]),
    "fr": frozenset([
        "le", "la", "les", "un", "une", "des", "du", "de", "d", "l", "et", "ou", "en", "dans",
        "sur", "pour", "par", "avec", "au", "aux", "a", "est", "sont", "vous", "nous", "votre",
        "notre", "leur", "leurs", "ce", "cette", "ces", "se", "sa", "son", "ses", "qui", "que",
    ]),
}
# fmt: on
_WORD = re.compile(r"[a-z0-9+#]+(?:[.\-][a-z0-9+#]+)*")

ALT_LABEL_WEIGHT = 0.9  # an alternative label is slightly weaker evidence than the preferred
RARITY_EXPONENT = 0.5  # how much a long match of rare words beats a short one
COVERAGE_EXPONENT = 2.0  # how much a fully matched label beats a partly matched one


@functools.cache
def _stem(language: str):
    # Snowball is pure Python; the same few thousand words recur, so remember their stems.
    stemmer = snowballstemmer.stemmer(STEMMERS.get(language, "english"))
    return functools.lru_cache(maxsize=200_000)(stemmer.stemWord)


def tokens(text: str, language: str = "en") -> list[str]:
    stem = _stem(language)
    stop = STOPWORDS.get(language, STOPWORDS["en"])
    return [stem(w) for w in _WORD.findall(fold(text)) if w not in stop]


@dataclass(frozen=True)
class Entry:
    """A skill as the ranker sees it: its id and its labels in one language."""

    skill_id: int
    preferred: str
    alternatives: tuple[str, ...] = ()


class LexicalIndex:
    def __init__(self, entries: Iterable[Entry], language: str = "en"):
        self.language = language
        self.owner: list[int] = []  # label -> skill id
        self.weight: list[float] = []
        label_tokens: list[set[str]] = []
        for entry in entries:
            for text, weight in [(entry.preferred, 1.0)] + [
                (a, ALT_LABEL_WEIGHT) for a in entry.alternatives
            ]:
                words = set(tokens(text, language))
                if words:
                    self.owner.append(entry.skill_id)
                    self.weight.append(weight)
                    label_tokens.append(words)
        frequency: dict[str, int] = defaultdict(int)
        for words in label_tokens:
            for w in words:
                frequency[w] += 1
        n = len(label_tokens)
        self.idf = {w: math.log(1 + n / f) for w, f in frequency.items()}
        self.postings: dict[str, list[int]] = defaultdict(list)
        for label, words in enumerate(label_tokens):
            for w in words:
                self.postings[w].append(label)
        self.total = [sum(self.idf[w] for w in words) for words in label_tokens]

    def _matched(self, text: str) -> dict[int, float]:
        """label -> the summed rarity of its words found in `text`."""
        matched: dict[int, float] = defaultdict(float)
        for w in set(tokens(text, self.language)):
            idf = self.idf.get(w)
            if idf is not None:
                for label in self.postings[w]:
                    matched[label] += idf
        return matched

    def scores(self, text: str) -> dict[int, float]:
        """skill id -> score for every skill sharing a word with `text` (best label wins)."""
        best: dict[int, float] = {}
        for label, weight in self._matched(text).items():
            coverage = weight / self.total[label]
            score = self.weight[label] * coverage**COVERAGE_EXPONENT * weight**RARITY_EXPONENT
            skill = self.owner[label]
            if score > best.get(skill, 0.0):
                best[skill] = score
        return best

    def coverages(self, text: str) -> dict[int, float]:
        """skill id -> the share (0..1, rarity-weighted) of its best label found in `text`."""
        best: dict[int, float] = {}
        for label, weight in self._matched(text).items():
            coverage = self.weight[label] * weight / self.total[label]
            skill = self.owner[label]
            best[skill] = max(best.get(skill, 0.0), coverage)
        return best

    def ranked(self, text: str) -> list[int]:
        """Skill ids sharing a word with `text`, best first (ties by id)."""
        scores = self.scores(text)
        return sorted(scores, key=lambda s: (-scores[s], s))


LEXICAL_WEIGHT = 0.3  # the lexical score (scaled to 0..1 per text) added to the cosine


class HybridRanker:
    """Cosine similarity of the text to each skill's closest label, plus the lexical score.
    Label vectors are computed once per label list and may be cached in an .npz file."""

    def __init__(self, entries: list[Entry], embedder, *, lexical=None, cache: Path | None = None):
        import numpy as np

        self.np = np
        self.embedder = embedder
        self.lexical = lexical or LexicalIndex(entries)
        self.skill_ids = np.array([e.skill_id for e in entries])
        self.position = {e.skill_id: i for i, e in enumerate(entries)}
        texts, starts = [], []
        for entry in entries:
            starts.append(len(texts))
            texts += [entry.preferred, *entry.alternatives]
        self.starts = np.array(starts)
        self.vectors = self._vectors(texts, cache)
        self.preferred = self.vectors[self.starts]

    def _vectors(self, texts: list[str], cache: Path | None):
        np = self.np
        key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
        if cache is not None and cache.exists():
            stored = np.load(cache)
            if str(stored["key"]) == key:
                return stored["vectors"].astype(np.float32)
        vectors = self.embedder.encode(texts).astype(np.float32)
        if cache is not None:
            np.savez(cache, key=key, vectors=vectors.astype(np.float16))
        return vectors

    def similarities(self, text: str):
        query = self.embedder.encode([text])[0]
        return self.np.maximum.reduceat(self.vectors @ query, self.starts)

    def scored(self, text: str):
        np = self.np
        scores = self.similarities(text)
        lexical = self.lexical.scores(text)
        if lexical:
            top = max(lexical.values())
            for skill_id, value in lexical.items():
                scores[self.position[skill_id]] += LEXICAL_WEIGHT * value / top
        return scores if isinstance(scores, np.ndarray) else np.asarray(scores)

    def ranked(self, text: str, limit: int | None = None) -> list[int]:
        scores = self.scored(text)
        order = self.np.lexsort((self.skill_ids, -scores))
        return self.skill_ids[order[:limit]].tolist()

    def ranked_by_preferred(self, text: str) -> list[int]:
        """The embedding model alone on preferred labels: the benchmark's reference."""
        query = self.embedder.encode([text])[0]
        order = self.np.argsort(-(self.preferred @ query), kind="stable")
        return self.skill_ids[order].tolist()
