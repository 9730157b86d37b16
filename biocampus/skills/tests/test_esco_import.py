import pytest
from django.core.management import CommandError, call_command

from biocampus.skills.esco_files import EscoFormatError
from biocampus.skills.models import (
    Framework,
    Occupation,
    OccupationLink,
    OccupationSkill,
    Skill,
    SkillLink,
)
from biocampus.skills.services.esco import esco_import
from biocampus.skills.tests.esco_fixture import (
    OCC,
    SKILL,
    SKILLS,
    write_bundle,
    write_csv,
    zip_bundle,
)

pytestmark = pytest.mark.django_db


def quiet(path, **kwargs):
    return esco_import(path=path, **kwargs)


def snapshot() -> dict:
    return {
        "skills": sorted(Skill.objects.values_list("id", "uri", "labels", "status", "search_text")),
        "occupations": sorted(Occupation.objects.values_list("id", "uri", "labels", "isco_code")),
        "relations": sorted(
            OccupationSkill.objects.values_list("occupation__uri", "skill__uri", "relation")
        ),
        "skill links": sorted(SkillLink.objects.values_list("source__uri", "target__uri", "kind")),
        "occupation links": sorted(
            OccupationLink.objects.values_list("source__uri", "target__uri", "kind")
        ),
    }


def test_v11_folder_imports_concepts_relations_and_french_labels(tmp_path):
    report = quiet(write_bundle(tmp_path / "esco"), version="1.1.1")
    assert report.layout == "1.1"
    assert report.languages == ["en", "fr"]
    framework = Framework.objects.get(slug="esco")
    assert framework.version == "1.1.1"
    assert "© European Union" in framework.attribution
    assert framework.languages == ["en", "fr"]

    assert Skill.objects.filter(kind="group").count() == 2
    assert Skill.objects.exclude(kind="group").count() == len(SKILLS)
    gmp = Skill.objects.get(uri=SKILL + "s-gmp")
    assert gmp.kind == "knowledge"
    assert gmp.alt_labels == {"en": ["GMP"]}
    tech = Occupation.objects.get(uri=OCC + "o-tech")
    assert tech.labels["fr"].startswith("technicien en biotechnologie")
    assert tech.label("fr") == tech.labels["fr"]
    assert tech.label("de") == "biotechnical technician"  # falls back to English
    assert tech.isco_code == "3141"
    assert "technicien de bioprocede" in tech.search_text  # folded: no accents

    assert set(tech.skill_relations.values_list("skill__uri", "relation")) == {
        (SKILL + "s-aseptic", "essential"),
        (SKILL + "s-gmp", "essential"),
        (SKILL + "s-team", "optional"),
    }
    # The row naming an occupation the bundle does not publish is skipped, not fatal.
    assert report.skipped == {"occupationSkillRelations.csv": 1}
    assert OccupationSkill.objects.count() == 6
    assert SkillLink.objects.filter(kind="broader", target__uri=SKILL + "g-lab").count() == 2
    assert SkillLink.objects.filter(kind="essential").count() == 1
    assert OccupationLink.objects.filter(kind="broader").count() == 2


def test_v12_zip_layout_with_version_from_the_name(tmp_path):
    folder = write_bundle(tmp_path / "unzipped", layout="1.2")
    archive = zip_bundle(folder, tmp_path / "ESCO dataset - v1.2.0 - classification - en - csv.zip")
    report = quiet(archive)
    assert (report.version, report.layout) == ("1.2.0", "1.2")
    assert OccupationSkill.objects.count() == 6
    assert SkillLink.objects.filter(kind="broader").count() == 3


def test_reimport_changes_nothing_and_a_new_version_updates_in_place(tmp_path):
    folder = write_bundle(tmp_path / "esco")
    quiet(folder, version="1.1.1")
    before = snapshot()
    quiet(folder, version="1.1.1")
    assert snapshot() == before

    # The next version renames a skill, drops another and one relation.
    renamed = [
        (uri, t, r, "apply aseptic processing" if uri.endswith("s-aseptic") else label, alts)
        for uri, t, r, label, alts in SKILLS
        if not uri.endswith("s-python")
    ]
    folder2 = write_bundle(
        tmp_path / "esco2",
        skills=renamed,
        relations=[(OCC + "o-tech", "essential", SKILL + "s-aseptic")],
    )
    quiet(folder2, version="1.1.2")
    aseptic = Skill.objects.get(uri=SKILL + "s-aseptic")
    assert aseptic.labels["en"] == "apply aseptic processing"
    assert aseptic.id == {u: i for i, u, *_ in before["skills"]}[SKILL + "s-aseptic"]
    python = Skill.objects.get(uri=SKILL + "s-python")
    assert python.status == "withdrawn"  # kept: profiles may point at it
    assert OccupationSkill.objects.count() == 1
    assert Framework.objects.get(slug="esco").version == "1.1.2"


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (
            lambda f: write_csv(
                f / "skills_en.csv",
                ["conceptType", "conceptUri", "preferredLabel"],
                [["x", "y", "z"]],
            ),
            "skills_en.csv, line 1: missing column(s): altLabels, reuseLevel, skillType",
        ),
        (
            lambda f: write_csv(
                f / "occupationSkillRelations.csv",
                ["occupationUri", "relationType", "skillType", "skillUri"],
                [
                    [OCC + "o-tech", "essential", "", SKILL + "s-gmp"],
                    [OCC + "o-tech", "mandatory", "", SKILL + "s-chrom"],
                ],
            ),
            "occupationSkillRelations.csv, line 3: unknown relationType 'mandatory'",
        ),
        (
            lambda f: (f / "broaderRelationsOccPillar.csv").write_text(
                "conceptType,conceptUri,broaderType,broaderUri\r\nOccupation,a,b\r\n"
            ),
            "broaderRelationsOccPillar.csv, line 2: expected 4 fields, found 3",
        ),
        (
            lambda f: (f / "skillGroups_en.csv").write_bytes(
                b"conceptType,conceptUri,preferredLabel\r\nSkillGroup,http://x,caf\xe9\r\n"
            ),
            "skillGroups_en.csv",
        ),
    ],
)
def test_a_malformed_file_is_refused_by_name_and_line_and_nothing_changes(
    tmp_path, damage, expected
):
    quiet(write_bundle(tmp_path / "good"), version="1.1.1")
    before = snapshot()
    folder = write_bundle(tmp_path / "bad")
    damage(folder)
    with pytest.raises(EscoFormatError) as exc:
        quiet(folder, version="1.1.2")
    assert expected in str(exc.value)
    assert snapshot() == before
    assert Framework.objects.get(slug="esco").version == "1.1.1"


def test_command_reports_progress_and_refuses_clearly(tmp_path, capsys):
    folder = write_bundle(tmp_path / "esco")
    call_command("import_esco", str(folder), "--esco-version", "1.1.1")
    out = capsys.readouterr().out
    assert "skills_en.csv: 5 read" in out
    assert "occupationSkillRelations.csv: 6 saved, 1 skipped" in out
    assert "ESCO 1.1.1 (v1.1 layout, languages en, fr)" in out

    with pytest.raises(CommandError, match="the version is not in the name"):
        call_command("import_esco", str(folder))
    with pytest.raises(CommandError, match="no such file or folder"):
        call_command("import_esco", str(tmp_path / "nowhere"), "--esco-version", "1")
