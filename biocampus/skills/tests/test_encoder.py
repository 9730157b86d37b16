"""Skill extraction with the sentence encoder: the window scoring, the incremental label
vector cache, the hybrid answer of the API, and the trained encoder. Loads PyTorch: these
run in their own CI step (`make test-embeddings`)."""

import numpy as np
import pytest
from django.core.management import call_command

from biocampus.skills import embeddings, ranking
from biocampus.skills.models import LabelVector, Skill
from biocampus.skills.queries.suggestions import framework_entries, suggest
from biocampus.skills.ranking import HybridRanker, embedded_texts, label_matrix, label_texts, rank
from biocampus.skills.services.campus_framework import campus_framework_load
from biocampus.skills.services.vectors import framework_vectors_update
from biocampus.skills.vectors import digest, label_vectors, label_vectors_update

pytestmark = [pytest.mark.embeddings, pytest.mark.django_db]

# One sentence, several skills: what a single sentence vector mostly misses.
LISTING = (
    "On a typical day you sample the bioreactor, run HPLC on the samples, "
    "fill in the electronic batch record and calibrate the pH probes"
)
TRAIN = ("train_skill_model", "biocampus", "--max-pairs", "48", "--batch-size", "16")
PARAPHRASED = (
    "Each shift you draw samples from the fermenter, check them on the liquid "
    "chromatograph, sign the batch record on the tablet and verify the pH sensors read true"
)
LISTED = {"bioreactor-operation", "hplc", "electronic-batch-records", "instrumentation"}


@pytest.fixture
def encoder(settings):
    settings.SKILL_EMBEDDING_MODEL = ""
    found = embeddings.load_embedder()
    assert found is not None, "the encoder is part of the standard install"
    return found


def test_label_vectors_are_computed_once_and_again_only_for_changed_labels(encoder):
    framework = campus_framework_load()
    texts = sorted(set(embedded_texts(framework_entries(framework, "en"), "en")))
    first = framework_vectors_update(framework, languages=["en"])
    assert (first.labels, first.computed) == (len(texts), len(texts))
    assert LabelVector.objects.filter(encoder=encoder.name).count() == len(texts)
    assert framework_vectors_update(framework, languages=["en"]).computed == 0

    hplc = Skill.objects.get(framework=framework, code="hplc")
    hplc.labels = {**hplc.labels, "en": "High-performance liquid chromatography"}
    hplc.save()
    # The new label, and the new label in each of the prompts.
    computed = framework_vectors_update(framework, languages=["en"]).computed
    assert computed == 1 + len(ranking.PROMPTS["en"])
    # Read back in order, the very vectors the encoder gives (stored in half precision).
    matrix = label_vectors(texts[:5], encoder.name)
    assert matrix.shape == (5, 384)
    assert abs(matrix - encoder.encode(texts[:5])).max() < 2e-3
    assert label_vectors(["a label nobody computed"], encoder.name) is None
    # Keyed by text: a label already known costs nothing in another framework either.
    assert label_vectors_update([texts[0], texts[1]], encoder) == 0
    assert LabelVector.objects.filter(digest=digest(texts[0])).count() == 1


def test_windows_find_the_several_skills_of_one_sentence(encoder, monkeypatch):
    framework = campus_framework_load()
    framework_vectors_update(framework, languages=["en"])
    entries = framework_entries(framework, "en")
    codes = dict(Skill.objects.filter(framework=framework).values_list("pk", "code"))
    vectors = label_matrix(
        entries, "en", label_vectors(embedded_texts(entries, "en"), encoder.name)
    )
    ranker = HybridRanker(entries, vectors, encoder, ranker_lexical(entries))

    def places(text: str) -> dict[str, int]:
        """Where each listed skill comes in the ranking (1 = first)."""
        result = rank(ranker, text, language="en", limit=50)
        order = [codes[s] for s, _ in result.skills]
        return {code: order.index(code) + 1 if code in order else 51 for code in LISTED}

    # Named outright, the four come in the first five; without windows the last but one
    # (the electronic batch record) falls behind skills the sentence does not name.
    # Paraphrased, the windows bring them nearer the top as a whole.
    with_windows = [places(LISTING), places(PARAPHRASED)]
    monkeypatch.setattr(ranking, "WINDOW_WEIGHT", 0.0)
    without = [places(LISTING), places(PARAPHRASED)]
    assert max(with_windows[0].values()) <= 5 < max(without[0].values())
    assert sum(with_windows[1].values()) < sum(without[1].values())


def test_windows_are_pooled_from_their_sentences_own_encoding(encoder, monkeypatch):
    framework = campus_framework_load()
    framework_vectors_update(framework, languages=["en"])
    entries = framework_entries(framework, "en")
    vectors = label_matrix(
        entries, "en", label_vectors(embedded_texts(entries, "en"), encoder.name)
    )
    ranker = HybridRanker(entries, vectors, encoder, ranker_lexical(entries))
    calls = []
    encode_in_context = encoder.encode_in_context

    def recording(texts, *args, **kwargs):
        calls.append(list(texts))
        return encode_in_context(texts, *args, **kwargs)

    encoder.encode_in_context = recording
    try:
        queries, spans = ranker.query_vectors([LISTING, PARAPHRASED])
    finally:
        del encoder.encode_in_context
    # Both sentences in one pass, and nothing encoded for their windows.
    assert calls == [[LISTING, PARAPHRASED]]
    for i, (text, (start, count)) in enumerate(zip([LISTING, PARAPHRASED], spans, strict=True)):
        # Row i is the sentence's own vector, as encode gives it.
        assert np.abs(queries[i] - encoder.encode([text])[0]).max() < 1e-4
        # Its windows: every run of 2, 4 and 8 word pieces, read in the sentence (the
        # transformer's output without [CLS] and [SEP]), averaged and made unit length.
        pieces = np.asarray(encoder.model.encode([text], output_value="token_embeddings")[0])
        pieces = pieces[1:-1]
        expected = [
            pieces[begin : begin + size].mean(axis=0)
            for size in ranking.WINDOW_SIZES
            for begin in ranking.window_starts(len(pieces), size)
        ]
        assert count == len(expected) >= 30
        for row, mean in zip(queries[start : start + count], expected, strict=True):
            assert np.abs(row - mean / np.linalg.norm(mean)).max() < 1e-4
    assert len(queries) == 2 + sum(count for _, count in spans)
    # The cosine similarities are the label vectors against those rows.
    together = ranker.similarities(queries)
    assert np.abs(together - vectors.astype(np.float32) @ queries.T).max() < 1e-3

    # Past the budget every chunk keeps its sentence vector and an equal share of its
    # windows (a short chunk passing what it does not need to the others), spread over
    # the chunk: the last line of a long text is read as closely as the first.
    late = "You gown up before entering the cleanroom"
    every = [
        ranking.window_vectors(pieces)
        for _, pieces in encoder.encode_in_context([LISTING, PARAPHRASED, late])
    ]
    monkeypatch.setattr(ranking, "MAX_QUERIES", 40)
    queries, spans = ranker.query_vectors([LISTING, PARAPHRASED, late])
    counts = [count for _, count in spans]
    assert len(queries) == 40
    assert counts == ranking.window_shares([len(w) for w in every], 37)
    assert counts[2] == len(every[2]) < counts[0] < len(every[0])
    kept = queries[spans[0][0] : spans[0][0] + counts[0]]
    # The shortest window at the start and the longest at the end are both kept.
    assert np.abs(kept[0] - every[0][0]).max() < 1e-4
    assert np.abs(kept[-1] - every[0][-1]).max() < 1e-4
    monkeypatch.setattr(ranking, "LEXICAL_WEIGHT", 0.0)
    codes = dict(Skill.objects.filter(framework=framework).values_list("pk", "code"))
    found = rank(ranker, "\n".join([LISTING, PARAPHRASED, late]), language="en", limit=10)
    assert "cleanroom-gowning" in [codes[s] for s, _ in found.skills]


def ranker_lexical(entries):
    from biocampus.skills.extraction import LexicalIndex

    return LexicalIndex(entries, "en")


def test_the_demo_ships_ready_and_the_api_answers_hybrid(encoder, api_as, learner):
    call_command("load_campus_framework", verbosity=0)
    assert LabelVector.objects.filter(encoder=encoder.name).exists()
    api = api_as(learner)
    body = api.post(
        "/api/v1/skills/extract",
        {
            "text": "You will keep our filling suites sterile and dress in full protective "
            "suits before entering the grade A area.",
            "limit": 12,
        },
    ).json()
    assert (body["method"], body["encoder"], body["fallback"]) == (
        "hybrid",
        "all-MiniLM-L6-v2",
        None,
    )
    assert len(body["skills"]) == 12  # no hidden cut-off: the limit is what comes back
    codes = [s["uri"].rsplit(":", 1)[1] for s in body["skills"]]
    assert "cleanroom-gowning" in codes[:5]
    french = suggest("Habillage et comportement en salle blanche", language="fr", limit=5)
    assert french.method == "hybrid"
    assert "cleanroom-gowning" in [s.skill.code for s in french.suggestions]


def test_a_large_framework_without_vectors_falls_back_and_says_so(encoder, monkeypatch):
    from biocampus.skills.queries import suggestions

    campus_framework_load()
    monkeypatch.setattr(suggestions, "EMBED_ON_DEMAND", 10)  # as if it were ESCO
    found = suggest("HPLC and GMP documentation")
    assert (found.method, found.fallback) == ("lexical", "no_vectors")
    suggestions._rankers.clear()
    call_command("embed_skills", "biocampus", verbosity=0)
    assert suggest("HPLC and GMP documentation").method == "hybrid"


def test_vectors_from_before_the_prompts_still_rank_hybrid_until_they_are_added(
    encoder, monkeypatch
):
    from biocampus.skills.queries import suggestions

    framework = campus_framework_load()
    monkeypatch.setattr(suggestions, "EMBED_ON_DEMAND", 10)  # as if it were ESCO
    entries = framework_entries(framework, "en")
    label_vectors_update(label_texts(entries), encoder)  # an install upgraded in place
    suggestions._rankers.clear()
    found = suggest("HPLC and GMP documentation")
    assert (found.method, found.fallback) == ("hybrid", None)
    assert not suggestions.ranker_for(framework, "en").complete  # looked for again later
    call_command("embed_skills", "biocampus", verbosity=0)
    suggestions._rankers.clear()
    assert suggestions.ranker_for(framework, "en").complete


def test_train_skill_model_is_seeded_used_and_revertible(encoder, settings, tmp_path):
    settings.SKILL_MODELS_DIR = tmp_path
    framework = campus_framework_load()
    names = []
    for _run in range(2):
        call_command(
            "train_skill_model", "biocampus", "--max-pairs", "48", "--batch-size", "16", verbosity=0
        )
        names.append((tmp_path / embeddings.CURRENT).read_text().strip())
    # The name is a digest of the weights: the same seed trained the same model.
    assert names[0] == names[1]
    assert names[0].startswith("biocampus-en-")
    trained = embeddings.load_embedder()
    assert trained.name == names[0]
    assert trained.trained
    # Its vectors were computed before it was switched on.
    texts = embedded_texts(framework_entries(framework, "en"), "en")
    assert label_vectors(texts, trained.name) is not None
    assert suggest("HPLC analysis of the samples").encoder == names[0]
    other = call_command(
        "train_skill_model",
        "biocampus",
        "--max-pairs",
        "48",
        "--batch-size",
        "16",
        "--seed",
        "7",
        verbosity=0,
    )
    assert other is None
    assert (tmp_path / embeddings.CURRENT).read_text().strip() != names[0]
    call_command("train_skill_model", "--revert", verbosity=0)
    assert embeddings.load_embedder().name == "all-MiniLM-L6-v2"
