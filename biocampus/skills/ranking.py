"""The one skill ranking: what the API, the pages and bench/skill_extraction.py all call.

A text is cut into chunks (lines, list items, sentences); each chunk is scored against
every skill, and a skill keeps its best chunk's score. The hybrid ranker scores a chunk
by the cosine similarity of its sentence vector to the skill's closest label, mixed with
the best of its short windows (runs of a few word pieces pooled from the sentence's own
encoding, so a sentence naming three skills finds all three, not the one its average
vector lands near), plus the lexical score. The lexical ranker is
the fallback when no encoder or no label vectors are available, and says why.
Weights were tuned on the validation splits of the Decorte et al. benchmark only.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from biocampus.skills.extraction import Entry, LexicalIndex, tokens

MAX_CHUNKS = 80
MAX_QUERIES = 256  # chunk and window vectors per text: a long CV stays within a second
# all-MiniLM-L6-v2 reads 256 word pieces at most, about 180 English words; a longer chunk
# is cut in runs of this many words.
CHUNK_WORDS = 120
# Window lengths in word pieces (about one, three and six words): a short skill name, a
# verb and its object, a longer phrase. 3, 4, 5 or 6 alone did worse on both splits.
WINDOW_SIZES = (2, 4, 8)
WINDOW_STRIDE = 2
# Tuned together once the prompts were in: every pair with a window share of 0.55-0.8
# and a lexical weight of 0.18-0.22 did better on both splits than 0.4 and 0.3; these
# are the middle of that region, not its best point.
WINDOW_WEIGHT = 0.65  # the best window's share of a label's similarity to a chunk
LEXICAL_WEIGHT = 0.2  # the lexical score (scaled to 0..1 per chunk) added to the cosine
# A job ad names a skill inside a phrase ("experience in aseptic processing"), an ESCO
# label bare ("aseptic processing"); a preferred label is also read in these phrases.
# On the validation splits RP@10 rose by 6.5 (TECH) and 1.3 (HOUSE) points, RP@5 and MRR
# did not fall. French has none: the encoder reads English, and French phrases changed
# nothing on the French set.
PROMPTS = {"en": ("experience in {}", "knowledge of {}", "ability to {}", "skills: {}.")}
_CHUNK = re.compile(r"[\n\r;•·]+|(?<=[.!?])\s+")

HYBRID = "hybrid"
LEXICAL = "lexical"
# Why a ranking is lexical: no encoder could be loaded, or the framework's label vectors
# have not been computed (`manage.py embed_skills`).
NO_MODEL = "no_model"
NO_VECTORS = "no_vectors"


@dataclass(frozen=True)
class Ranking:
    skills: list[tuple[int, float]]  # (skill id, score), best first
    method: str
    encoder: str | None = None
    fallback: str | None = None


def chunks(text: str, language: str) -> list[str]:
    """Lines, list items and sentences; a longer one (a CV's comma-separated skills line)
    in runs of CHUNK_WORDS words, so that the encoder reads all of it."""
    found = []
    for chunk in _CHUNK.split(text):
        if tokens(chunk, language):
            words = chunk.split()
            found += [
                " ".join(words[i : i + CHUNK_WORDS]) for i in range(0, len(words), CHUNK_WORDS)
            ]
    return found[:MAX_CHUNKS] or [text.strip()]


def window_shares(counts: list[int], budget: int) -> list[int]:
    """How many of its `counts[i]` windows each chunk keeps when all of them would pass
    `budget`: an equal share each, a chunk needing less leaving the rest to the others."""
    shares = [0] * len(counts)
    left = max(0, budget)
    waiting = sorted(range(len(counts)), key=lambda i: counts[i])
    for place, i in enumerate(waiting):
        shares[i] = min(counts[i], left // (len(waiting) - place))
        left -= shares[i]
    return shares


def window_starts(count: int, size: int) -> list[int]:
    """Where the overlapping windows of `size` word pieces begin in a chunk of `count`;
    none for a chunk that short already."""
    if count <= size:
        return []
    last = count - size
    starts = list(range(0, last + 1, WINDOW_STRIDE))
    if starts[-1] != last:
        starts.append(last)  # the end of the chunk gets a window of its own
    return starts


def window_vectors(pieces: np.ndarray) -> np.ndarray:
    """The unit mean vector of every window of every size in WINDOW_SIZES, in that order,
    from a chunk's word-piece vectors."""
    sums = np.cumsum(np.vstack([np.zeros((1, pieces.shape[1])), pieces]), axis=0)
    means = [
        (sums[np.add(starts, size)] - sums[starts]) / size
        for size in WINDOW_SIZES
        if (starts := window_starts(len(pieces), size))
    ]
    if not means:
        return np.empty((0, pieces.shape[1]), dtype=np.float32)
    found = np.vstack(means)
    return (found / np.linalg.norm(found, axis=1, keepdims=True)).astype(np.float32)


class LexicalRanker:
    method = LEXICAL
    encoder = None
    complete = True

    def __init__(self, index: LexicalIndex, fallback: str | None = None):
        self.index = index
        self.fallback = fallback

    def scores(self, parts: list[str]) -> dict[int, float]:
        best: dict[int, float] = {}
        for part in parts:
            for skill_id, value in self.index.scores(part).items():
                if value > best.get(skill_id, 0.0):
                    best[skill_id] = value
        return best

    def top(self, scores: dict[int, float], limit: int) -> list[tuple[int, float]]:
        return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


class HybridRanker:
    method = HYBRID
    fallback = None

    def __init__(
        self,
        entries: Sequence[Entry],
        vectors: np.ndarray,
        embedder,
        lexical,
        *,
        complete: bool = True,
    ):
        import torch

        self.complete = complete  # False: the labels' rows without their prompts
        self.torch = torch
        self.embedder = embedder
        self.encoder = embedder.name
        self.lexical = lexical
        self.skill_ids = np.array([e.skill_id for e in entries])
        # skill id -> its row in `scores`, as an array so the lexical scores add in one step
        self.position = np.full(int(self.skill_ids.max(initial=0)) + 1, -1, dtype=np.int64)
        self.position[self.skill_ids] = np.arange(len(self.skill_ids))
        self.starts = np.array(label_starts(entries))
        # Multiplied with torch, in the encoder's own thread pool: numpy's BLAS threads
        # would wait on torch's still-spinning ones and take several times as long.
        self.vectors = torch.from_numpy(np.ascontiguousarray(vectors, dtype=np.float32))

    def query_vectors(self, parts: list[str]) -> tuple[np.ndarray, list[tuple[int, int]]]:
        """The parts' sentence vectors (row i for part i), then their windows' vectors,
        and for each part where its windows' rows start and how many there are. A window
        is pooled from the part's own encoding: read in its sentence, not alone, and each
        part is encoded once. Every part keeps its sentence vector; past MAX_QUERIES rows
        (a long CV) each part keeps its share of windows, evenly spread over its sizes and
        its length, so a skill named on the last line is read as closely as on the first."""
        encoded = self.embedder.encode_in_context(parts)
        windows = [window_vectors(pieces) for _, pieces in encoded]
        shares = window_shares([len(w) for w in windows], MAX_QUERIES - len(parts))
        rows = [np.asarray([sentence for sentence, _ in encoded], dtype=np.float32)]
        spans, count = [], len(parts)
        for found, share in zip(windows, shares, strict=True):
            if share < len(found):
                found = found[np.linspace(0, len(found) - 1, share).round().astype(int)]
            spans.append((count, len(found)))
            rows.append(found)
            count += len(found)
        return np.vstack(rows), spans

    def similarities(self, queries: np.ndarray) -> np.ndarray:
        """labels × queries cosine similarities."""
        return (self.vectors @ self.torch.from_numpy(queries).T).numpy()

    def chunk_scores(self, chunk: str, similarity: np.ndarray, window_sims: np.ndarray):
        """Every skill's score for one chunk, given its labels' similarities."""
        if window_sims.shape[1]:
            mixed = (1 - WINDOW_WEIGHT) * similarity + WINDOW_WEIGHT * window_sims.max(axis=1)
        else:
            mixed = similarity
        scores = np.maximum.reduceat(mixed, self.starts)
        skills, values = self.lexical.skill_scores(chunk)
        if len(skills):
            scores[self.position[skills]] += LEXICAL_WEIGHT * values / values.max()
        return scores

    def scores(self, parts: list[str]) -> np.ndarray:
        queries, spans = self.query_vectors(parts)
        similarities = self.similarities(queries)
        best = None
        for i, (part, (start, count)) in enumerate(zip(parts, spans, strict=True)):
            scores = self.chunk_scores(
                part, similarities[:, i], similarities[:, start : start + count]
            )
            best = scores if best is None else np.maximum(best, scores)
        return best

    def top(self, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
        if limit < len(scores):
            candidates = np.argpartition(-scores, limit)[: limit + 1]
        else:
            candidates = np.arange(len(scores))
        order = sorted(candidates, key=lambda i: (-scores[i], self.skill_ids[i]))[:limit]
        return [(int(self.skill_ids[i]), float(scores[i])) for i in order]


def label_starts(entries: Sequence[Entry]) -> list[int]:
    """Where each entry's labels begin in `label_texts(entries)`."""
    starts, at = [], 0
    for entry in entries:
        starts.append(at)
        at += 1 + len(entry.alternatives)
    return starts


def label_texts(entries: Sequence[Entry]) -> list[str]:
    """Every label, each entry's preferred one first: the rows of the vector matrix."""
    return [text for e in entries for text in (e.preferred, *e.alternatives)]


def prompt_texts(entries: Sequence[Entry], language: str) -> list[str]:
    """Each preferred label inside each of the language's PROMPTS, prompt by prompt."""
    return [prompt.format(e.preferred) for prompt in PROMPTS.get(language, ()) for e in entries]


def embedded_texts(entries: Sequence[Entry], language: str) -> list[str]:
    """Every text whose vector the hybrid ranker reads: the labels, then the prompts."""
    return label_texts(entries) + prompt_texts(entries, language)


def label_matrix(entries: Sequence[Entry], language: str, vectors: np.ndarray) -> np.ndarray:
    """The ranker's label rows from the vectors of `embedded_texts`, in that order: each
    preferred label's row is the unit mean of the bare label's vector and its prompts'."""
    count = sum(1 + len(e.alternatives) for e in entries)
    matrix = np.array(vectors[:count], dtype=np.float32)
    prompted = vectors[count:]
    if len(prompted):
        starts = np.array(label_starts(entries))
        merged = matrix[starts] + prompted.reshape(-1, len(entries), matrix.shape[1]).sum(axis=0)
        matrix[starts] = merged / np.linalg.norm(merged, axis=1, keepdims=True)
    return matrix


def rank(ranker, text: str, *, language: str, limit: int, min_score: float | None = None):
    """The `limit` best skills for `text` (fewer only if fewer share anything with it,
    or if `min_score` is given and fewer reach it), best first, ties by id."""
    ordered = ranker.top(ranker.scores(chunks(text, language)), limit)
    if min_score is not None:
        ordered = [(s, v) for s, v in ordered if v >= min_score]
    return Ranking(
        skills=[(s, round(v, 4)) for s, v in ordered],
        method=ranker.method,
        encoder=ranker.encoder,
        fallback=ranker.fallback,
    )
