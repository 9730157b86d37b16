"""Skill extraction on the validation splits of the Decorte et al. benchmark (TECH, HOUSE):
for each sentence, rank every ESCO skill and print R-Precision@5 and MRR per split.

    .venv/bin/python bench/skill_extraction.py DATA ESCO_SKILLS_CSV

DATA is the folder with {tech,house}_validation_annotations.csv; ESCO_SKILLS_CSV is the
label space, ESCO v1.1.0 skills_en.csv. Rankers: the product's lexical ranking, the
embedding model alone on preferred labels (the published off-the-shelf reference, about
53.0 / 48.1 RP@5), and the product's hybrid. The embedding runs need `make embeddings`.
Label vectors are cached under bench/out/.
"""

import argparse
import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

from _setup import ROOT, django_setup

SPLITS = ("tech", "house")
NOT_SKILLS = {"LABEL NOT PRESENT", "UNDERSPECIFIED"}


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


def evaluate(rank, gold: dict[str, set[int]]) -> tuple[float, float, float]:
    rp, rr, started = [], [], time.perf_counter()
    for sentence, expected in gold.items():
        ranked = rank(sentence)
        rp.append(len(set(ranked[:5]) & expected) / min(5, len(expected)))
        rr.append(next((1 / (k + 1) for k, s in enumerate(ranked) if s in expected), 0.0))
    ms = (time.perf_counter() - started) * 1000 / len(gold)
    return 100 * sum(rp) / len(rp), 100 * sum(rr) / len(rr), ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path)
    parser.add_argument("skills_csv", type=Path)
    args = parser.parse_args()
    django_setup()
    from biocampus.skills.embeddings import load_embedder
    from biocampus.skills.extraction import HybridRanker, LexicalIndex

    entries = read_skills(args.skills_csv)
    index = {e.preferred: e.skill_id for e in entries}
    golds = {s: read_gold(args.data / f"{s}_validation_annotations.csv", index) for s in SPLITS}
    print(
        f"label space: {len(entries):,} ESCO skills; queries: "
        + ", ".join(f"{s.upper()} {len(g)}" for s, g in golds.items())
    )

    t0 = time.perf_counter()
    lexical = LexicalIndex(entries)
    print(f"lexical index built in {time.perf_counter() - t0:.1f} s")
    rankers = {"lexical (product, no model)": lambda s: lexical.ranked(s)}

    embedder = load_embedder()
    if embedder is None:
        print("no embedding model installed (make embeddings): lexical figures only")
    else:
        cache = ROOT / "bench" / "out"
        cache.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        hybrid = HybridRanker(
            entries, embedder, lexical=lexical, cache=cache / f"esco-v1.1.0-{embedder.name}.npz"
        )
        print(f"label vectors ready in {time.perf_counter() - t0:.1f} s ({embedder.name})")
        rankers["embedding, preferred labels (reference)"] = hybrid.ranked_by_preferred
        rankers["hybrid (product)"] = hybrid.ranked

    print(
        f"{'ranker':44s}"
        + "".join(f"{s.upper() + ' RP@5':>11s}{'MRR':>7s}" for s in SPLITS)
        + f"{'ms/query':>10s}"
    )
    for name, rank in rankers.items():
        cells, times = "", []
        for split in SPLITS:
            rp5, mrr, ms = evaluate(rank, golds[split])
            cells += f"{rp5:11.1f}{mrr:7.1f}"
            times.append(ms)
        print(f"{name:44s}{cells}{sum(times) / len(times):10.1f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
