"""Skill extraction on the validation splits of the Decorte et al. benchmark (TECH, HOUSE),
and on BioCampus's own French set (bench/data/fr_validation.csv, campus framework):
each sentence goes through `ranking.rank`, the function the API and the pages call, with
the API's own parameters (its largest `limit`, 50, and no `min_score`). Prints RP@5,
RP@10 and MRR per split, and milliseconds per query at p50 and p95.

    .venv/bin/python bench/skill_extraction.py DATA ESCO_SKILLS_CSV [--encoder PATH]

DATA is the folder with {tech,house}_validation_annotations.csv; ESCO_SKILLS_CSV is the
label space, ESCO v1.1.0 skills_en.csv. Rankers: the lexical fallback, the encoder alone
on preferred labels (the published off-the-shelf reference: all-MiniLM-L6-v2 scores about
53.0 / 48.1 RP@5), and the product's hybrid ranker with the installed encoder, and with
`--encoder` (a folder `manage.py train_skill_model` wrote) beside it. Label vectors are
cached under bench/out/, one file per encoder.
"""

import argparse
import csv
import hashlib
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from _setup import ROOT, django_setup, percentile

SPLITS = ("tech", "house")
NOT_SKILLS = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}
LIMIT = 50  # the API's largest limit
FRENCH = ROOT / "bench" / "data" / "fr_validation.csv"


def read_skills(path: Path):
    from biocampus.skills.extraction import Entry

    entries = []
    with open(path, encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            alts = tuple(a.strip() for a in row["altLabels"].splitlines() if a.strip())
            entries.append(Entry(i, row["preferredLabel"].strip(), alts))
    return entries


def read_gold(path: Path, index: dict[str, int]) -> dict[str, set[int]]:
    gold: dict[str, set[int]] = defaultdict(set)
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            label = row["label"].strip()
            if label not in NOT_SKILLS:
                gold[row["sentence"]].add(index[label])
    return gold


def campus_entries(language: str):
    """The campus framework as the product loads it, from the CSV it ships, and the
    skill codes in the same order."""
    from biocampus.skills.extraction import Entry

    entries, codes = [], []
    path = ROOT / "biocampus" / "skills" / "data" / "campus_skills.csv"
    with open(path, encoding="utf-8", newline="") as f:
        for i, row in enumerate(csv.DictReader(f)):
            alts = tuple(a.strip() for a in row[f"alt_{language}"].split(";") if a.strip())
            entries.append(Entry(i, row[f"label_{language}"].strip(), alts))
            codes.append(row["id"])
    return entries, codes


def read_french_gold(codes: list[str]) -> dict[str, set[int]]:
    """bench/data/fr_validation.csv: sentence, campus skill code (one row per skill)."""
    index = {code: i for i, code in enumerate(codes)}
    gold: dict[str, set[int]] = defaultdict(set)
    with open(FRENCH, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            gold[row["sentence"]].add(index[row["skill"]])
    return gold


def evaluate(rank, gold: dict[str, set[int]]) -> dict[str, float]:
    rp5, rp10, rr, times = [], [], [], []
    for sentence, expected in gold.items():
        started = time.perf_counter()
        ranked = rank(sentence)
        times.append((time.perf_counter() - started) * 1000)
        rp5.append(len(set(ranked[:5]) & expected) / min(5, len(expected)))
        rp10.append(len(set(ranked[:10]) & expected) / min(10, len(expected)))
        rr.append(next((1 / (k + 1) for k, s in enumerate(ranked) if s in expected), 0.0))
    return {
        "rp5": 100 * sum(rp5) / len(rp5),
        "rp10": 100 * sum(rp10) / len(rp10),
        "mrr": 100 * sum(rr) / len(rr),
        "times": times,
    }


def through_rank(ranker, language: str = "en"):
    """What the API answers for a sentence: `rank` with its parameters, as skill ids."""
    from biocampus.skills.ranking import rank

    def ranked(sentence: str) -> list[int]:
        result = rank(ranker, sentence, language=language, limit=LIMIT)
        return [skill_id for skill_id, _score in result.skills]

    return ranked


def cached_vectors(texts: list[str], embedder, name: str) -> np.ndarray:
    """The texts' vectors, from bench/out/ if that file holds these very texts."""
    folder = ROOT / "bench" / "out"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}-{embedder.name}.npz"
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()
    if path.exists():
        stored = np.load(path)
        if "texts" in stored and str(stored["texts"]) == key:
            return stored["vectors"].astype(np.float32)
    started = time.perf_counter()
    vectors = embedder.encode(texts).astype(np.float16)
    print(
        f"  {len(texts):,} label vectors ({embedder.name}) in {time.perf_counter() - started:.0f} s"
    )
    np.savez(path, texts=key, vectors=vectors)
    return vectors.astype(np.float32)


def framework_vectors(
    entries: list, embedder, name: str, language: str
) -> tuple[np.ndarray, np.ndarray]:
    """The bare labels' vectors, and the ranker's label rows (`ranking.label_matrix`)."""
    from biocampus.skills.ranking import label_matrix, label_texts, prompt_texts

    bare = cached_vectors(label_texts(entries), embedder, name)
    prompts = prompt_texts(entries, language)
    if prompts:
        prompted = cached_vectors(prompts, embedder, f"{name}-prompts")
        bare_and_prompts = np.vstack([bare, prompted])
    else:
        bare_and_prompts = bare
    return bare, label_matrix(entries, language, bare_and_prompts)


def by_preferred(entries, vectors, embedder):
    """The encoder alone on preferred labels: the off-the-shelf reference."""
    from biocampus.skills.ranking import label_starts

    preferred = vectors[np.array(label_starts(entries))]
    ids = np.array([e.skill_id for e in entries])

    def ranked(sentence: str) -> list[int]:
        query = embedder.encode([sentence])[0]
        return ids[np.argsort(-(preferred @ query), kind="stable")[:LIMIT]].tolist()

    return ranked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("skills_csv", type=Path)
    parser.add_argument("--encoder", type=Path, help="a trained encoder's folder, compared too")
    args = parser.parse_args()
    django_setup()
    from biocampus.skills.embeddings import Embedder, load_embedder
    from biocampus.skills.extraction import LexicalIndex
    from biocampus.skills.ranking import HybridRanker, LexicalRanker

    entries = read_skills(args.skills_csv)
    index = {e.preferred: e.skill_id for e in entries}
    golds = {s: read_gold(args.data / f"{s}_validation_annotations.csv", index) for s in SPLITS}
    french_entries, codes = campus_entries("fr")
    golds["fr"] = read_french_gold(codes)
    print(
        f"label space: {len(entries):,} ESCO skills (TECH, HOUSE), {len(french_entries)} campus "
        "skills in French (FR); queries: "
        + ", ".join(f"{s.upper()} {len(g)}" for s, g in golds.items())
    )
    t0 = time.perf_counter()
    lexical = LexicalIndex(entries)
    french_lexical = LexicalIndex(french_entries, "fr")
    print(f"lexical indexes built in {time.perf_counter() - t0:.1f} s")
    rankers = {
        "lexical (fallback)": (
            through_rank(LexicalRanker(lexical)),
            through_rank(LexicalRanker(french_lexical), "fr"),
        )
    }
    encoders = [load_embedder()]
    if args.encoder:
        encoders.append(Embedder(args.encoder))
    for embedder in encoders:
        if embedder is None:
            print("no sentence encoder installed (make install): lexical figures only")
            continue
        bare, rows = framework_vectors(entries, embedder, "esco-v1.1.0", "en")
        french_bare, french_rows = framework_vectors(french_entries, embedder, "campus-fr", "fr")
        if embedder is encoders[0]:
            rankers[f"{embedder.name} alone, preferred labels"] = (
                by_preferred(entries, bare, embedder),
                by_preferred(french_entries, french_bare, embedder),
            )
        rankers[f"hybrid, {embedder.name}"] = (
            through_rank(HybridRanker(entries, rows, embedder, lexical)),
            through_rank(HybridRanker(french_entries, french_rows, embedder, french_lexical), "fr"),
        )

    header = "".join(f"{s.upper():>8s}{'RP@5':>6s}{'RP@10':>6s}{'MRR':>6s}" for s in golds)
    print(f"{'ranker':36s}{header}{'p50 ms':>8s}{'p95 ms':>8s}")
    for name, (english, french_rank) in rankers.items():
        cells, times = "", []
        for split, gold in golds.items():
            result = evaluate(french_rank if split == "fr" else english, gold)
            cells += f"{'':>8s}{result['rp5']:6.1f}{result['rp10']:6.1f}{result['mrr']:6.1f}"
            if split != "fr":
                times += result["times"]
        print(f"{name[:36]:36s}{cells}{percentile(times, 50):8.0f}{percentile(times, 95):8.0f}")
    print("(p50 and p95 over the TECH and HOUSE queries, against the full ESCO label space)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
