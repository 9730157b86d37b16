import numpy as np
import pytest

from biocampus.skills.extraction import ALT_LABEL_WEIGHT, Entry, LexicalIndex
from biocampus.skills.queries.suggestions import framework_entries, suggest
from biocampus.skills.ranking import (
    CHUNK_WORDS,
    PROMPTS,
    WINDOW_SIZES,
    LexicalRanker,
    chunks,
    embedded_texts,
    label_matrix,
    rank,
    window_shares,
    window_starts,
    window_vectors,
)
from biocampus.skills.services.campus_framework import campus_framework_load

pytestmark = pytest.mark.django_db

QC_AD = (
    "Wanted: QC technician. HPLC and SDS-PAGE daily; GMP documentation; "
    "some Python for process data is a plus.\nTravail en salle blanche."
)


def test_lexical_index_prefers_fully_matched_rare_labels():
    index = LexicalIndex(
        [
            Entry(1, "Java (computer programming)", ("Java",)),
            Entry(2, "JavaScript"),
            Entry(3, "manage staff", ("supervise staff",)),
            Entry(4, "chromatography techniques", ("liquid chromatography",)),
            Entry(5, "liquid chromatography"),
        ]
    )
    assert index.ranked("we use java and javascript daily")[:2] in ([1, 2], [2, 1])
    assert index.ranked("you will supervise the lab staff")[0] == 3
    assert index.ranked("Liquid chromatographies")[0] == 5  # stemmed
    assert index.ranked("nothing relevant here") == []
    scores = index.scores("liquid chromatography")
    assert scores[4] == pytest.approx(ALT_LABEL_WEIGHT * scores[5])  # an alternative label


def test_windows_cover_the_chunk_with_overlapping_runs():
    assert window_starts(4, 4) == []  # short enough already
    assert window_starts(6, 4) == [0, 2]
    # An odd length: the last pieces get a window of their own.
    assert window_starts(7, 4) == [0, 2, 3]
    assert window_starts(10, 4) == [0, 2, 4, 6]
    assert window_starts(3, 2) == [0, 1]
    assert window_starts(9, 8) == [0, 1]


def test_window_vectors_are_unit_means_of_each_size_in_turn():
    pieces = np.arange(1, 19, dtype=np.float32).reshape(9, 2)  # 9 pieces of 2 dimensions
    found = window_vectors(pieces)
    starts = [(size, b) for size in WINDOW_SIZES for b in window_starts(9, size)]
    assert len(found) == len(starts) == 5 + 4 + 2
    for row, (size, begin) in zip(found, starts, strict=True):
        mean = pieces[begin : begin + size].mean(axis=0)
        assert row == pytest.approx(mean / np.linalg.norm(mean), abs=1e-6)
    assert window_vectors(pieces[:2]).shape == (0, 2)  # no window longer than the chunk


def test_a_preferred_labels_row_is_read_in_its_prompts_too():
    entries = [Entry(1, "aseptic processing", ("aseptic technique",)), Entry(2, "HPLC", ())]
    texts = embedded_texts(entries, "en")
    prompts = PROMPTS["en"]
    assert texts[:3] == ["aseptic processing", "aseptic technique", "HPLC"]
    assert texts[3:5] == [prompts[0].format("aseptic processing"), prompts[0].format("HPLC")]
    assert len(texts) == 3 + 2 * len(prompts)
    vectors = np.random.default_rng(3).normal(size=(len(texts), 8)).astype(np.float32)
    rows = label_matrix(entries, "en", vectors)
    assert rows.shape == (3, 8)
    # An alternative label's row is its own vector; a preferred one's, the unit mean of
    # the bare label and its prompts.
    assert rows[1] == pytest.approx(vectors[1])
    for row, bare, own in ((0, 0, slice(3, None, 2)), (2, 2, slice(4, None, 2))):
        merged = vectors[bare] + vectors[own].sum(axis=0)
        assert rows[row] == pytest.approx(merged / np.linalg.norm(merged), abs=1e-6)
    # French has no prompts: its rows are the labels' own vectors.
    assert embedded_texts(entries, "fr") == texts[:3]
    assert label_matrix(entries, "fr", vectors[:3]) == pytest.approx(vectors[:3])


def test_window_shares_split_the_budget_evenly_and_pass_on_what_is_left():
    assert window_shares([5, 30, 30], 100) == [5, 30, 30]  # all of them fit
    assert window_shares([5, 30, 30], 41) == [5, 18, 18]
    assert window_shares([5, 30, 31], 40) == [5, 17, 18]
    assert window_shares([0, 12], 3) == [0, 3]
    assert window_shares([4, 4], 0) == [0, 0]


def test_a_chunk_longer_than_the_encoder_reads_is_cut_in_runs_of_words():
    skills = ", ".join(f"skill{i}" for i in range(CHUNK_WORDS + 10))
    found = chunks(f"Skills: {skills}\nHPLC", "en")
    assert [len(c.split()) for c in found] == [CHUNK_WORDS, 11, 1]
    assert " ".join(found[:2]) == f"Skills: {skills}"


def test_chunks_split_lines_items_and_sentences():
    text = "HPLC daily. SDS-PAGE too!\n• GMP documentation; cleanroom\n\n"
    assert chunks(text, "en") == ["HPLC daily.", "SDS-PAGE too!", "GMP documentation", "cleanroom"]
    assert chunks("...", "en") == ["..."]  # nothing to split: the text itself


def test_suggestions_without_the_model_are_lexical_and_say_why():
    campus_framework_load()
    found = suggest(QC_AD, limit=10)
    assert (found.method, found.fallback, found.encoder) == ("lexical", "no_model", None)
    codes = [s.skill.code for s in found.suggestions]
    for code in ("hplc", "electrophoresis", "gmp-documentation", "python-process-data"):
        assert code in codes
    scores = [s.score for s in found.suggestions]
    assert scores == sorted(scores, reverse=True)
    assert scores[-1] > 0
    french = suggest("Expérience en électrophorèse capillaire", language="fr")
    assert french.suggestions[0].skill.code == "electrophoresis"


def test_limit_returns_that_many_and_min_score_is_off_by_default():
    framework = campus_framework_load()
    for limit in (1, 3, 10, 25):
        found = suggest(QC_AD, limit=limit)
        assert len(found.suggestions) == limit
    # The same order whatever the limit: a longer list only adds to the end.
    short = [s.skill.pk for s in suggest(QC_AD, limit=5).suggestions]
    longer = [s.skill.pk for s in suggest(QC_AD, limit=25).suggestions]
    assert longer[:5] == short
    # Only skills sharing something with the text are ranked lexically: fewer than asked.
    entries = framework_entries(framework, "en")
    assert len(suggest("HPLC", limit=50).suggestions) < len(entries)
    cut = suggest(QC_AD, limit=25, min_score=1.0).suggestions
    assert cut
    assert all(s.score >= 1.0 for s in cut)
    assert len(cut) < 25


def test_the_ranking_is_the_one_the_benchmark_measures():
    """bench/skill_extraction.py calls `rank` on a ranker built from the same entries."""
    framework = campus_framework_load()
    entries = framework_entries(framework, "en")
    ranker = LexicalRanker(LexicalIndex(entries, "en"))
    direct = rank(ranker, QC_AD, language="en", limit=20)
    through = suggest(QC_AD, limit=20)
    assert [s.skill.pk for s in through.suggestions] == [s for s, _ in direct.skills]
    assert [s.score for s in through.suggestions] == [v for _, v in direct.skills]


def test_extract_api_limit_method_and_errors(api_as, learner):
    campus_framework_load()
    api = api_as(learner)
    response = api.post(
        "/api/v1/skills/extract", {"text": "Aseptic technique and cleanroom gowning"}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["method"], body["fallback"], body["encoder"]) == ("lexical", "no_model", None)
    assert {"aseptic-processing", "cleanroom-gowning"} <= {
        s["uri"].rsplit(":", 1)[1] for s in body["skills"]
    }
    seven = api.post("/api/v1/skills/extract", {"text": QC_AD, "limit": 7}).json()
    assert len(seven["skills"]) == 7
    assert len(api.post("/api/v1/skills/extract", {"text": QC_AD}).json()["skills"]) == 10
    floor = api.post("/api/v1/skills/extract", {"text": QC_AD, "limit": 30, "min_score": 1.0})
    assert all(s["score"] >= 1.0 for s in floor.json()["skills"])
    assert api.post("/api/v1/skills/extract", {"text": "  "}).json()["code"] == "empty_text"
    unknown = api.post("/api/v1/skills/extract", {"text": "GMP", "framework": "nope"})
    assert (unknown.status_code, unknown.json()["code"]) == (400, "unknown_framework")
    assert api.post("/api/v1/skills/extract", {"text": "x" * 20001}).status_code == 422
    for limit in (0, 51):
        too = api.post("/api/v1/skills/extract", {"text": "GMP", "limit": limit})
        assert too.status_code == 422
        assert too.json()["code"]


def test_suggested_skills_stay_after_one_is_added(client, staff_a, operator_a):
    from biocampus.conftest import make_programme

    campus_framework_load()
    programme = make_programme(
        staff_a,
        operator_a,
        title="QC lab practice",
        summary="HPLC and SDS-PAGE in a GMP lab.",
        description="GMP documentation; aseptic technique and cleanroom gowning.",
    )
    client.force_login(staff_a)
    page = f"/skills/programmes/{programme.pk}/"
    first = client.get(page, {"suggest": "1"})
    offered = [s.skill.pk for s in first.context["suggestions"]]
    assert len(offered) >= 3
    # Without the encoder the page says it ranks by wording only, and why.
    assert "Suggestions by wording only." in first.content.decode()
    assert "make install" in first.content.decode()
    response = client.post(
        f"{page}skill/", {"skill": offered[0], "role": "teaches", "suggest": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith("?suggest=1#suggestions")
    left = [s.skill.pk for s in response.context["suggestions"]]
    assert left[: len(offered) - 1] == offered[1:]
    assert [s.pk for s in response.context["teaches"]] == [offered[0]]
