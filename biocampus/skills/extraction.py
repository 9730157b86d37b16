"""Skill extraction: rank a framework's skills for a piece of text (a CV, a job ad, a
course description) and suggest the best ones, to be accepted or rejected by a person.

This module holds the lexical signal: how much of a skill's label (preferred or
alternative) the text contains, weighted by how rare each word is, on Snowball-stemmed
words. `ranking.py` mixes it with sentence embeddings (`embeddings.py`), or uses it alone
when no encoder is available. Weights were tuned on the validation splits of the Decorte
et al. benchmark only (bench/skill_extraction.py).
"""

import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
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
        owner: list[int] = []  # label -> skill id
        weight: list[float] = []
        label_tokens: list[set[str]] = []
        for entry in entries:
            for text, label_weight in [(entry.preferred, 1.0)] + [
                (a, ALT_LABEL_WEIGHT) for a in entry.alternatives
            ]:
                words = set(tokens(text, language))
                if words:
                    owner.append(entry.skill_id)
                    weight.append(label_weight)
                    label_tokens.append(words)
        frequency: dict[str, int] = defaultdict(int)
        for words in label_tokens:
            for w in words:
                frequency[w] += 1
        n = len(label_tokens)
        self.idf = {w: math.log(1 + n / f) for w, f in frequency.items()}
        postings: dict[str, list[int]] = defaultdict(list)
        for label, words in enumerate(label_tokens):
            for w in words:
                postings[w].append(label)
        # Arrays, not Python loops: in full ESCO (111,000 labels) a common word such as
        # "manage" is in thousands of labels, and a sentence's lexical score was a good
        # part of the ranking's slowest queries.
        self.postings = {w: np.asarray(labels, dtype=np.int64) for w, labels in postings.items()}
        self.owner = np.asarray(owner, dtype=np.int64)
        self.weight = np.asarray(weight, dtype=np.float64)
        self.total = np.asarray(
            [sum(self.idf[w] for w in words) for words in label_tokens], dtype=np.float64
        )

    def skill_scores(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(skill ids, scores) for every skill sharing a word with `text`, each skill
        scored by its best label; in no particular order."""
        matched = np.zeros(len(self.total))  # label -> the summed rarity of its words found
        for w in set(tokens(text, self.language)):
            labels = self.postings.get(w)
            if labels is not None:
                matched[labels] += self.idf[w]
        labels = np.flatnonzero(matched)
        if not len(labels):
            return labels, matched[labels]
        found = matched[labels]
        coverage = found / self.total[labels]
        score = self.weight[labels] * coverage**COVERAGE_EXPONENT * found**RARITY_EXPONENT
        # The best label per skill: sorted by score, the last of each skill is its best.
        order = np.argsort(score, kind="stable")[::-1]
        skills, first = np.unique(self.owner[labels][order], return_index=True)
        return skills, score[order][first]

    def scores(self, text: str) -> dict[int, float]:
        """skill id -> score for every skill sharing a word with `text` (best label wins)."""
        skills, values = self.skill_scores(text)
        return dict(zip(skills.tolist(), values.tolist(), strict=True))

    def ranked(self, text: str) -> list[int]:
        """Skill ids sharing a word with `text`, best first (ties by id)."""
        scores = self.scores(text)
        return sorted(scores, key=lambda s: (-scores[s], s))
