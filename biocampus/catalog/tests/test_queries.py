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


def test_each_programme_carries_only_its_next_session(staff_a, programme_a, programme_b):
    from biocampus.conftest import make_session

    later = make_session(staff_a, programme_a, days=30)
    first = make_session(staff_a, programme_a, days=10)
    make_session(staff_a, programme_a, days=20)
    rows = {p.pk: p.upcoming for p in programme_list(CatalogueFilters())}
    assert rows[programme_a.pk] == [first]
    assert later not in rows[programme_a.pk]
    assert rows[programme_b.pk] == []


def test_a_list_without_sessions_does_not_query_them(
    programme_a, session_a, django_assert_num_queries
):
    # Programmes, their languages and their audiences: no fourth query for sessions.
    with django_assert_num_queries(3):
        programmes = list(programme_list(CatalogueFilters(), next_session=False))
    assert [p.pk for p in programmes] == [programme_a.pk]
    assert not hasattr(programmes[0], "upcoming")
