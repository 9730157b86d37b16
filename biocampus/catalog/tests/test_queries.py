from biocampus.catalog.queries import CatalogueFilters, programme_list
from biocampus.catalog.services import programme_update


def titles(**filters) -> list[str]:
    return [p.title for p in programme_list(CatalogueFilters(**filters))]


def test_text_search_matches_every_word(programme_a, programme_b):
    assert titles(q="aseptic cleanroom") == ["Aseptic processing fundamentals"]
    assert titles(q="aseptic pandas") == []


def test_text_search_follows_an_edited_programme(staff_a, programme_a):
    programme_update(actor=staff_a, programme=programme_a, summary="Lyophilisation cycles")
    assert titles(q="lyophilisation") == ["Aseptic processing fundamentals"]


def test_search_combines_with_pillar(programme_a, programme_b):
    assert titles(q="data", pillar="biomanufacturing") == []
    assert titles(q="data", pillar="data-digital") == ["Python for process data"]
