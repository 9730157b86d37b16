import pytest

from biocampus.skills.models import Framework, Occupation, OccupationSkill, Skill, SkillLink
from biocampus.skills.services.campus_framework import SKILL_URI, campus_framework_load
from biocampus.skills.services.crosswalk import crosswalk_link

pytestmark = pytest.mark.django_db


def test_the_shipped_framework_loads_with_every_pillar_and_both_languages():
    framework = campus_framework_load()
    skills = Skill.objects.filter(framework=framework)
    assert 110 <= skills.count() <= 140
    assert set(skills.values_list("pillar__slug", flat=True)) == {
        "stem-immersion",
        "biomanufacturing",
        "data-digital",
        "soft-skills",
    }
    assert all(s.labels.get("en") and s.labels.get("fr") for s in skills)
    jobs = Occupation.objects.filter(framework=framework)
    assert 18 <= jobs.count() <= 25
    for job in jobs:
        essential = job.skill_relations.filter(relation="essential").count()
        assert essential >= 5, job
    qc = jobs.get(code="qc-analyst")
    assert qc.label("fr") == "Analyste contrôle qualité"
    assert qc.skill_relations.filter(skill__code="hplc", relation="essential").exists()
    assert "bonnes pratiques de fabrication (bpf)" in Skill.objects.get(code="gmp").search_text


def test_loading_twice_changes_nothing():
    campus_framework_load()
    before = (
        sorted(Skill.objects.values_list("id", "uri", "labels")),
        sorted(OccupationSkill.objects.values_list("occupation__uri", "skill__uri", "relation")),
    )
    campus_framework_load()
    after = (
        sorted(Skill.objects.values_list("id", "uri", "labels")),
        sorted(OccupationSkill.objects.values_list("occupation__uri", "skill__uri", "relation")),
    )
    assert after == before
    assert Framework.objects.filter(slug="biocampus").count() == 1


def test_esco_mappings_become_links_once_esco_is_there_and_go_when_dropped():
    campus_framework_load()
    gmp = Skill.objects.get(uri=SKILL_URI + "gmp")
    target_uri = gmp.mappings[0]["uri"]
    assert not SkillLink.objects.filter(source=gmp).exists()  # no ESCO yet

    esco = Framework.objects.create(slug="esco", name="ESCO", version="1.1.1")
    esco_gmp = Skill.objects.create(
        framework=esco, uri=target_uri, kind="knowledge", labels={"en": "GMP"}
    )
    crosswalk_link()
    link = SkillLink.objects.get(source=gmp)
    assert (link.target, link.kind) == (esco_gmp, gmp.mappings[0]["kind"])

    Skill.objects.filter(pk=gmp.pk).update(mappings=[])
    crosswalk_link()
    assert not SkillLink.objects.filter(source=gmp).exists()
