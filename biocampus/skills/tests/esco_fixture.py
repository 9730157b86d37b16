"""A small ESCO-shaped bundle written from Python, in the v1.1 or v1.2 layout."""

import csv
import zipfile
from pathlib import Path

SKILL = "http://data.europa.eu/esco/skill/"
OCC = "http://data.europa.eu/esco/occupation/"
ISCO = "http://data.europa.eu/esco/isco/"

SKILLS = [
    # uri, type, reuse, label, alt labels
    (
        SKILL + "s-aseptic",
        "skill/competence",
        "sector-specific",
        "apply aseptic techniques",
        ["use aseptic technique", "work aseptically"],
    ),
    (SKILL + "s-gmp", "knowledge", "sector-specific", "good manufacturing practices", ["GMP"]),
    (SKILL + "s-chrom", "knowledge", "cross-sector", "chromatography", []),
    (SKILL + "s-python", "knowledge", "cross-sector", "Python (computer programming)", []),
    (SKILL + "s-team", "skill/competence", "transversal", "work in teams", ["teamwork"]),
]
GROUPS = [(SKILL + "g-lab", "laboratory techniques"), (SKILL + "g-ict", "ICT")]
OCCUPATIONS = [
    (OCC + "o-tech", "3141", "3141.1", "biotechnical technician", ["bioprocess technician"]),
    (OCC + "o-qc", "2131", "2131.2", "quality control analyst", []),
]
ISCO_GROUPS = [
    (ISCO + "C3141", "3141", "Life science technicians"),
    (ISCO + "C2131", "2131", "Biologists"),
]
RELATIONS = [
    (OCC + "o-tech", "essential", SKILL + "s-aseptic"),
    (OCC + "o-tech", "essential", SKILL + "s-gmp"),
    (OCC + "o-tech", "optional", SKILL + "s-team"),
    (OCC + "o-qc", "essential", SKILL + "s-chrom"),
    (OCC + "o-qc", "essential", SKILL + "s-gmp"),
    (OCC + "o-qc", "optional", SKILL + "s-python"),
    (OCC + "o-missing", "essential", SKILL + "s-gmp"),  # ESCO 1.1.1 has such rows
]
FRENCH = {
    OCC + "o-tech": (
        "technicien en biotechnologie/technicienne en biotechnologie",
        ["technicien de bioprocédé"],
    ),
    OCC + "o-qc": ("analyste contrôle qualité", []),
}


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_bundle(folder: Path, layout: str = "1.1", skills=None, relations=None) -> Path:
    skills = SKILLS if skills is None else skills
    relations = RELATIONS if relations is None else relations
    labels = {s[0]: s[3] for s in skills} | {o[0]: o[3] for o in OCCUPATIONS}
    write_csv(
        folder / "skills_en.csv",
        [
            "conceptType",
            "conceptUri",
            "skillType",
            "reuseLevel",
            "preferredLabel",
            "altLabels",
            "hiddenLabels",
            "status",
            "description",
        ],
        [
            [
                "KnowledgeSkillCompetence",
                uri,
                t,
                r,
                label,
                "\n".join(alts),
                "",
                "released",
                f"About {label}.",
            ]
            for uri, t, r, label, alts in skills
        ],
    )
    write_csv(
        folder / "skillGroups_en.csv",
        ["conceptType", "conceptUri", "preferredLabel", "altLabels", "code"],
        [["SkillGroup", uri, label, "", ""] for uri, label in GROUPS],
    )
    write_csv(
        folder / "occupations_en.csv",
        [
            "conceptType",
            "conceptUri",
            "iscoGroup",
            "preferredLabel",
            "altLabels",
            "hiddenLabels",
            "code",
            "description",
        ],
        [
            ["Occupation", uri, isco, label, "\n".join(alts), "", code, f"A {label}."]
            for uri, isco, code, label, alts in OCCUPATIONS
        ],
    )
    write_csv(
        folder / "ISCOGroups_en.csv",
        ["conceptType", "conceptUri", "code", "preferredLabel"],
        [["ISCOGroup", uri, code, label] for uri, code, label in ISCO_GROUPS],
    )
    write_csv(
        folder / "fr" / "occupations_fr.csv",
        ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "code"],
        [
            ["Occupation", uri, "", label, "\n".join(alts), ""]
            for uri, (label, alts) in FRENCH.items()
        ],
    )
    if layout == "1.1":
        write_csv(
            folder / "occupationSkillRelations.csv",
            ["occupationUri", "relationType", "skillType", "skillUri"],
            [[o, rel, "", s] for o, rel, s in relations],
        )
        suffix = ""
    else:
        write_csv(
            folder / "occupationSkillRelations_en.csv",
            [
                "occupationUri",
                "occupationLabel",
                "relationType",
                "skillType",
                "skillUri",
                "skillLabel",
            ],
            [[o, labels.get(o, ""), rel, "", s, labels.get(s, "")] for o, rel, s in relations],
        )
        suffix = "_en"
    write_csv(
        folder / f"broaderRelationsSkillPillar{suffix}.csv",
        ["conceptType", "conceptUri", "broaderType", "broaderUri"],
        [
            ["KnowledgeSkillCompetence", SKILL + "s-aseptic", "SkillGroup", SKILL + "g-lab"],
            ["KnowledgeSkillCompetence", SKILL + "s-chrom", "SkillGroup", SKILL + "g-lab"],
            ["KnowledgeSkillCompetence", SKILL + "s-python", "SkillGroup", SKILL + "g-ict"],
        ],
    )
    write_csv(
        folder / f"skillSkillRelations{suffix}.csv",
        [
            "originalSkillUri",
            "originalSkillType",
            "relationType",
            "relatedSkillType",
            "relatedSkillUri",
        ],
        [[SKILL + "s-aseptic", "", "essential", "", SKILL + "s-gmp"]],
    )
    write_csv(
        folder / f"broaderRelationsOccPillar{suffix}.csv",
        ["conceptType", "conceptUri", "broaderType", "broaderUri"],
        [
            ["Occupation", OCC + "o-tech", "ISCOGroup", ISCO + "C3141"],
            ["Occupation", OCC + "o-qc", "ISCOGroup", ISCO + "C2131"],
        ],
    )
    return folder


def zip_bundle(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for path in folder.rglob("*.csv"):
            archive.write(path, Path("ESCO dataset") / path.relative_to(folder))
    return target
