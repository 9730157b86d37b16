"""The campus's own competence framework, shipped with the product (skills/data/*.csv).

About 120 skills across the four pillars and the job profiles the region hires for, in
English and French. Skills and profiles name ESCO concepts by URI (`exact:`/`close:`);
those become crosswalk links once ESCO is imported. Loading is idempotent.
"""

import csv
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from biocampus.catalog.models import Pillar
from biocampus.skills.models import (
    CAMPUS_FRAMEWORK,
    Framework,
    LinkKind,
    Occupation,
    OccupationKind,
    OccupationSkill,
    Relation,
    Skill,
    SkillKind,
)
from biocampus.skills.services.crosswalk import crosswalk_link
from biocampus.skills.text import search_text

DATA = Path(__file__).parent.parent / "data"
SLUG = CAMPUS_FRAMEWORK
VERSION = "2026.1"
SKILL_URI = "urn:biocampus:skill:"
JOB_URI = "urn:biocampus:job:"
_MATCH = {"exact": LinkKind.EXACT_MATCH, "close": LinkKind.CLOSE_MATCH}


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _mappings(value: str) -> list[dict[str, str]]:
    mappings = []
    for ref in value.split():
        match, _sep, uri = ref.partition(":")
        mappings.append({"uri": uri, "kind": _MATCH[match]})
    return mappings


@transaction.atomic
def campus_framework_load() -> Framework:
    framework, _created = Framework.objects.update_or_create(
        slug=SLUG,
        defaults={
            "name": "BioCampus biomanufacturing and digital competence framework",
            "version": VERSION,
            "publisher": "BioCampus",
            "languages": ["en", "fr"],
            "imported_at": timezone.now(),
        },
    )
    pillars = {p.slug: p for p in Pillar.objects.all()}
    skills = []
    for row in _rows("campus_skills.csv"):
        labels = {"en": row["label_en"], "fr": row["label_fr"]}
        alts = {
            lang: [a.strip() for a in row[f"alt_{lang}"].split(";") if a.strip()]
            for lang in ("en", "fr")
        }
        skills.append(
            Skill(
                framework=framework,
                uri=SKILL_URI + row["id"],
                code=row["id"],
                kind=SkillKind(row["kind"]),
                labels=labels,
                alt_labels={k: v for k, v in alts.items() if v},
                pillar=pillars[row["pillar"]],
                mappings=_mappings(row["esco"]),
                search_text=search_text(labels, alts),
                status="released",
            )
        )
    fields = ["code", "kind", "labels", "alt_labels", "pillar", "mappings", "search_text", "status"]
    Skill.objects.bulk_create(
        skills, update_conflicts=True, unique_fields=["framework", "uri"], update_fields=fields
    )
    skill_ids = dict(Skill.objects.filter(framework=framework).values_list("code", "id"))

    profiles, relations = [], []
    for row in _rows("campus_job_profiles.csv"):
        labels = {"en": row["label_en"], "fr": row["label_fr"]}
        profiles.append(
            Occupation(
                framework=framework,
                uri=JOB_URI + row["id"],
                code=row["id"],
                kind=OccupationKind.OCCUPATION,
                isco_code=row["isco"],
                labels=labels,
                pillar=pillars[row["pillar"]],
                mappings=_mappings(row["esco"]),
                search_text=search_text(labels, {}),
                status="released",
            )
        )
        for relation in (Relation.ESSENTIAL, Relation.OPTIONAL):
            relations += [(row["id"], code, relation) for code in row[relation].split("|")]
    fields = ["code", "kind", "isco_code", "labels", "pillar", "mappings", "search_text", "status"]
    Occupation.objects.bulk_create(
        profiles, update_conflicts=True, unique_fields=["framework", "uri"], update_fields=fields
    )
    job_ids = dict(Occupation.objects.filter(framework=framework).values_list("code", "id"))
    OccupationSkill.objects.filter(occupation__framework=framework).delete()
    OccupationSkill.objects.bulk_create(
        OccupationSkill(occupation_id=job_ids[job], skill_id=skill_ids[skill], relation=rel)
        for job, skill, rel in relations
    )
    crosswalk_link()
    return framework
