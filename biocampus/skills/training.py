"""Fine-tuning the sentence encoder on a framework the campus imported (ESCO), on the CPU.

The encoder learns that the ways a skill is written (its alternative labels, the first
sentence of its description, and short sentences built from templates around a label, as
a job ad or a CV would phrase it) sit next to its preferred label and away from the other
skills' labels: a contrastive loss over the batch (in-batch negatives), the approach of
Decorte et al. (2023) and ConTeXT-Match (2024) without a language model to write the
sentences. Seeded: the same framework, settings and seed give the same pairs and order.
BioCampus ships neither ESCO nor a model trained on it; each campus trains its own.
"""

import random
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

# How a job ad or a CV speaks of a skill; "{}" is a label, lower case.
TEMPLATES = (
    "{}",
    "experience in {}",
    "knowledge of {}",
    "you will {}",
    "ability to {}",
    "skilled in {}",
    "responsible for {}",
    "we are looking for someone who can {}",
    "proven track record to {}",
    "familiar with {}",
)
SCALE = 20.0  # cosine similarities times this are the logits of the in-batch softmax
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s")


@dataclass(frozen=True)
class Concept:
    """A skill as training sees it."""

    preferred: str
    alternatives: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class TrainingReport:
    pairs: int
    steps: int
    seconds: float
    final_loss: float
    output: Path


def training_pairs(concepts: Iterable[Concept], *, seed: int, limit: int) -> list[tuple[str, str]]:
    """(text, preferred label) pairs, shuffled and capped at `limit`, the same for a seed."""
    rng = random.Random(seed)
    pairs: list[tuple[str, str]] = []
    for concept in concepts:
        preferred = concept.preferred.strip()
        if not preferred:
            continue
        alternatives = [a.strip() for a in concept.alternatives if a.strip() != preferred]
        pairs += [(a, preferred) for a in alternatives if a]
        first = _FIRST_SENTENCE.split(concept.description.strip(), maxsplit=1)[0]
        if first:
            pairs.append((first[:300], preferred))
        for _ in range(2):
            label = rng.choice([preferred, *alternatives])
            pairs.append((rng.choice(TEMPLATES[1:]).format(label.lower()), preferred))
    rng.shuffle(pairs)
    return pairs[:limit]


def _batches(pairs: list[tuple[str, str]], size: int) -> list[list[tuple[str, str]]]:
    """Batches with each preferred label at most once: a second pair of the same skill in a
    batch would be scored as a wrong answer to the first."""
    batches, current, seen = [], [], set()
    for pair in pairs:
        if pair[1] in seen:
            continue
        current.append(pair)
        seen.add(pair[1])
        if len(current) == size:
            batches.append(current)
            current, seen = [], set()
    if len(current) > 1:
        batches.append(current)
    return batches


def train_encoder(
    base: Path,
    pairs: list[tuple[str, str]],
    output: Path,
    *,
    seed: int,
    epochs: int = 1,
    batch_size: int = 64,
    learning_rate: float = 3e-5,
    max_tokens: int = 32,
    progress: Callable[[Iterable], Iterable] = lambda steps: steps,
) -> TrainingReport:
    import torch
    from sentence_transformers import SentenceTransformer

    random.seed(seed)
    torch.manual_seed(seed)
    started = time.perf_counter()
    model = SentenceTransformer(str(base), device="cpu", local_files_only=True)
    # Labels and template sentences are short; a long description would pad every text of
    # its batch to its length, for little more to learn.
    longest, model.max_seq_length = model.max_seq_length, max_tokens
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate)
    rng = random.Random(seed)
    plan = []
    for _ in range(epochs):
        shuffled = pairs[:]
        rng.shuffle(shuffled)
        plan += _batches(shuffled, batch_size)
    warmup = max(1, len(plan) // 10)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min(
            (step + 1) / warmup, max(0.0, (len(plan) - step) / max(1, len(plan) - warmup))
        ),
    )
    loss_value = float("nan")
    for batch in progress(plan):
        texts = [a for a, _ in batch] + [p for _, p in batch]
        features = model.preprocess(texts)
        vectors = model(features)["sentence_embedding"]
        vectors = torch.nn.functional.normalize(vectors, dim=-1)
        anchors, positives = vectors[: len(batch)], vectors[len(batch) :]
        logits = SCALE * anchors @ positives.T
        target = torch.arange(len(batch))
        # Both ways: a text finds its label among the labels, a label its text among texts.
        loss = (
            torch.nn.functional.cross_entropy(logits, target)
            + torch.nn.functional.cross_entropy(logits.T, target)
        ) / 2
        loss.backward()
        optimizer.step()
        schedule.step()
        optimizer.zero_grad()
        loss_value = loss.item()
    model.eval()
    model.max_seq_length = longest  # what the encoder reads of a query at run time
    output.mkdir(parents=True, exist_ok=True)
    model.save(str(output))
    return TrainingReport(
        pairs=len(pairs),
        steps=len(plan),
        seconds=time.perf_counter() - started,
        final_loss=loss_value,
        output=output,
    )
