import pytest

from biocampus.skills import embeddings
from biocampus.skills.extraction import Entry, LexicalIndex
from biocampus.skills.queries import suggestions
from biocampus.skills.queries.suggestions import suggest
from biocampus.skills.services.campus_framework import campus_framework_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_model(settings, tmp_path):
    """Whatever is installed, run as a campus without the embedding model."""
    settings.SKILL_EMBEDDING_MODEL = str(tmp_path / "no-model-here")
    settings.CACHE_DIR = tmp_path
    embeddings.load_embedder.cache_clear()
    suggestions._rankers.clear()
    yield
    embeddings.load_embedder.cache_clear()
    suggestions._rankers.clear()


def test_lexical_index_prefers_fully_matched_rare_labels():
    index = LexicalIndex(
        [
            Entry(1, "Java (computer programming)", ("Java",)),
            Entry(2, "JavaScript"),
            Entry(3, "manage staff", ("supervise staff",)),
            Entry(4, "chromatography techniques", ("liquid chromatography",)),
        ]
    )
    assert index.ranked("we use java and javascript daily")[:2] in ([1, 2], [2, 1])
    assert index.ranked("you will supervise the lab staff")[0] == 3
    assert index.ranked("Liquid chromatographies")[0] == 4  # stemmed
    assert index.ranked("nothing relevant here") == []
    assert index.coverages("liquid chromatography")[4] == pytest.approx(0.9)  # alt label


def test_suggestions_without_the_model_are_lexical(no_model):
    campus_framework_load()
    found, method = suggest(
        "Wanted: QC technician. HPLC and SDS-PAGE daily; GMP documentation; "
        "some Python for process data is a plus.\nTravail en salle blanche.",
        limit=10,
    )
    assert method == "lexical"
    codes = [s.skill.code for s in found]
    for code in ("hplc", "electrophoresis", "gmp-documentation", "python-process-data"):
        assert code in codes
    assert all(0 < s.score <= 1 for s in found)
    french, _method = suggest("Expérience en électrophorèse capillaire", language="fr")
    assert french[0].skill.code == "electrophoresis"


def test_extract_api_errors(api_as, learner, no_model):
    campus_framework_load()
    api = api_as(learner)
    response = api.post(
        "/api/v1/skills/extract", {"text": "Aseptic technique and cleanroom gowning"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["method"] == "lexical"
    assert {"aseptic-processing", "cleanroom-gowning"} <= {
        s["uri"].rsplit(":", 1)[1] for s in body["skills"]
    }
    assert api.post("/api/v1/skills/extract", {"text": "  "}).json()["code"] == "empty_text"
    unknown = api.post("/api/v1/skills/extract", {"text": "GMP", "framework": "nope"})
    assert (unknown.status_code, unknown.json()["code"]) == (400, "unknown_framework")
    assert api.post("/api/v1/skills/extract", {"text": "x" * 20001}).status_code == 422


@pytest.mark.embeddings
def test_suggestions_with_the_model_find_paraphrases(settings, tmp_path):
    settings.CACHE_DIR = tmp_path
    settings.SKILL_EMBEDDING_MODEL = ""
    embeddings.load_embedder.cache_clear()
    suggestions._rankers.clear()
    campus_framework_load()
    found, method = suggest(
        "You will keep our filling suites sterile and dress in full "
        "protective suits before entering the grade A area."
    )
    assert method == "hybrid"
    codes = [s.skill.code for s in found]
    assert "cleanroom-gowning" in codes[:5]
    # The vectors were cached for the next process.
    assert list((tmp_path / "skill-vectors").glob("biocampus-*-en-*.npz"))


def test_suggested_skills_stay_after_one_is_added(client, staff_a, operator_a, no_model):
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
    response = client.post(
        f"{page}skill/", {"skill": offered[0], "role": "teaches", "suggest": "1"}, follow=True
    )
    assert response.redirect_chain[-1][0].endswith("?suggest=1#suggestions")
    left = [s.skill.pk for s in response.context["suggestions"]]
    assert left == offered[1:]
    assert [s.pk for s in response.context["teaches"]] == [offered[0]]
