"""Import (or re-import) the ESCO classification into the `esco` framework.

Idempotent: concepts are upserted by URI, relations replaced, so importing the same bundle
twice changes nothing and a newer version updates in place. Concepts the new bundle no
longer has are kept (profiles may point at them) but marked withdrawn. All of it runs in
one transaction: a malformed file leaves the database as it was.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from biocampus.common.progress import QUIET, Steps
from biocampus.skills.esco_files import LABELLED, EscoBundle, EscoFormatError, split_labels
from biocampus.skills.models import (
    Framework,
    LinkKind,
    Occupation,
    OccupationKind,
    OccupationLink,
    OccupationSkill,
    Relation,
    Skill,
    SkillKind,
    SkillLink,
)
from biocampus.skills.services.crosswalk import crosswalk_link
from biocampus.skills.text import search_text

ESCO_SLUG = "esco"
ATTRIBUTION = (
    "ESCO, © European Union, https://esco.ec.europa.eu — the European Skills, "
    "Competences, Qualifications and Occupations classification (version %(version)s)."
)
BATCH = 5000


@dataclass
class ConceptData:
    kind: str
    code: str = ""
    isco_code: str = ""
    reuse_level: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    alt_labels: dict[str, list[str]] = field(default_factory=dict)
    hidden: list[str] = field(default_factory=list)
    descriptions: dict[str, str] = field(default_factory=dict)

    def search_text(self) -> str:
        return search_text(self.labels, self.alt_labels, self.hidden)


@dataclass
class ImportReport:
    version: str
    layout: str
    languages: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


_SKILL_KINDS = {"knowledge": SkillKind.KNOWLEDGE, "skill/competence": SkillKind.SKILL, "": ""}
_CONCEPT_FILES = {
    # file kind: (concept family, kind of concept)
    "skills": ("skill", None),
    "skillGroups": ("skill", SkillKind.GROUP),
    "occupations": ("occupation", OccupationKind.OCCUPATION),
    "ISCOGroups": ("occupation", OccupationKind.GROUP),
}


def esco_import(
    *,
    path: str | Path,
    version: str = "",
    languages: list[str] | None = None,
    progress: Steps = QUIET,
) -> ImportReport:
    started = time.perf_counter()
    bundle = EscoBundle(path)
    try:
        version = version or bundle.guess_version()
        if not version:
            raise EscoFormatError(
                str(bundle.path),
                _("the version is not in the name; give it (for example --esco-version 1.1.1)"),
            )
        layout = bundle.layout
        found = bundle.languages()
        if "en" not in found:
            raise EscoFormatError(str(bundle.path), _("no English files (skills_en.csv...)"))
        chosen = [lang for lang in found if languages is None or lang in languages or lang == "en"]
        report = ImportReport(version=version, layout=layout, languages=chosen)
        concepts = _read_concepts(bundle, chosen, report, progress)
        with transaction.atomic():
            framework = _framework(version, chosen)
            ids = _upsert_concepts(framework, concepts, report, progress)
            _replace_relations(bundle, framework, ids, report, progress)
            report.counts["crosswalk links"] = crosswalk_link()
    finally:
        bundle.close()
    report.seconds = time.perf_counter() - started
    return report


def _read_concepts(bundle, languages, report, progress) -> dict[str, dict[str, ConceptData]]:
    concepts: dict[str, dict[str, ConceptData]] = {"skill": {}, "occupation": {}}
    for language in languages:
        for kind in LABELLED:
            name = bundle.file_name(kind, language)
            if name is None:
                if language == "en" and kind in ("skills", "occupations"):
                    raise EscoFormatError(f"{kind}_en.csv", _("missing from the bundle"))
                continue
            t0 = time.perf_counter()
            family, fixed_kind = _CONCEPT_FILES[kind]
            table = concepts[family]
            read = skipped = 0
            for line, row in progress.rows(bundle.rows(name), name):
                uri = row["conceptUri"].strip()
                if not uri.startswith("http"):
                    raise EscoFormatError(name, _("conceptUri is not a URI: %r") % uri, line)
                concept = table.get(uri)
                if concept is None:
                    if language != "en":
                        skipped += 1  # a label for a concept the English files do not have
                        continue
                    concept = table[uri] = _new_concept(name, line, row, kind, fixed_kind)
                label = row["preferredLabel"].strip()
                if not label:
                    raise EscoFormatError(name, _("preferredLabel is empty"), line)
                concept.labels[language] = label
                alts = split_labels(row.get("altLabels", ""))
                if alts:
                    concept.alt_labels[language] = alts
                concept.hidden += split_labels(row.get("hiddenLabels", ""))
                if description := row.get("description", "").strip():
                    concept.descriptions[language] = description
                read += 1
            report.counts[name] = read
            if skipped:
                report.skipped[name] = skipped
            progress.done(f"{name}: {read:,} read ({time.perf_counter() - t0:.1f} s)")
    return concepts


def _new_concept(name, line, row, kind, fixed_kind) -> ConceptData:
    if kind == "skills":
        skill_type = row["skillType"].strip()
        if skill_type not in _SKILL_KINDS:
            raise EscoFormatError(name, _("unknown skillType %r") % skill_type, line)
        # Six v1.1.1 skills have no type; "skill" is the safer reading for matching.
        return ConceptData(
            kind=_SKILL_KINDS[skill_type] or SkillKind.SKILL,
            reuse_level=row["reuseLevel"].strip(),
        )
    if kind == "occupations":
        return ConceptData(
            kind=fixed_kind, code=row["code"].strip(), isco_code=row["iscoGroup"].strip()
        )
    return ConceptData(kind=fixed_kind, code=row.get("code", "").strip())


def _framework(version: str, languages: list[str]) -> Framework:
    framework, _created = Framework.objects.update_or_create(
        slug=ESCO_SLUG,
        defaults={
            "name": "ESCO",
            "version": version,
            "publisher": "European Commission",
            "url": "https://esco.ec.europa.eu",
            "attribution": ATTRIBUTION % {"version": version},
            "imported_at": timezone.now(),
        },
    )
    framework.languages = sorted(set(framework.languages) | set(languages))
    framework.save(update_fields=["languages"])
    return framework


def _upsert_concepts(framework, concepts, report, progress) -> dict[str, dict[str, int]]:
    ids = {}
    for family, model in (("skill", Skill), ("occupation", Occupation)):
        t0 = time.perf_counter()
        # Whatever this bundle has is set back to released by the upsert below.
        model.objects.filter(framework=framework).update(status="withdrawn")
        rows = []
        for uri, c in concepts[family].items():
            extra = {"reuse_level": c.reuse_level} if model is Skill else {"isco_code": c.isco_code}
            rows.append(
                model(
                    framework=framework,
                    uri=uri,
                    kind=c.kind,
                    code=c.code,
                    labels=c.labels,
                    alt_labels=c.alt_labels,
                    descriptions=c.descriptions,
                    status="released",
                    search_text=c.search_text(),
                    **extra,
                )
            )
        update = ["kind", "code", "labels", "alt_labels", "descriptions", "status", "search_text"]
        update.append("reuse_level" if model is Skill else "isco_code")
        model.objects.bulk_create(
            rows,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["framework", "uri"],
            update_fields=update,
        )
        ids[family] = dict(model.objects.filter(framework=framework).values_list("uri", "id"))
        report.counts[f"{family}s"] = len(rows)
        progress.done(f"{len(rows):,} {family}s saved ({time.perf_counter() - t0:.1f} s)")
    return ids


def _replace_relations(bundle, framework, ids, report, progress) -> None:
    skills, occupations = ids["skill"], ids["occupation"]
    OccupationSkill.objects.filter(occupation__framework=framework).delete()
    own = {"source__framework": framework, "target__framework": framework}
    SkillLink.objects.filter(
        kind__in=[LinkKind.BROADER, LinkKind.ESSENTIAL, LinkKind.OPTIONAL], **own
    ).delete()
    OccupationLink.objects.filter(kind=LinkKind.BROADER, **own).delete()

    def relation(name, line, value):
        if value not in Relation.values:
            raise EscoFormatError(name, _("unknown relationType %r") % value, line)
        return value

    specs = [
        (
            "occupationSkillRelations",
            OccupationSkill,
            ("occupationUri", occupations, "skillUri", skills),
            lambda n, ln, row, a, b: OccupationSkill(
                occupation_id=a, skill_id=b, relation=relation(n, ln, row["relationType"].strip())
            ),
        ),
        (
            "broaderRelationsSkillPillar",
            SkillLink,
            ("conceptUri", skills, "broaderUri", skills),
            lambda n, ln, row, a, b: SkillLink(source_id=a, target_id=b, kind=LinkKind.BROADER),
        ),
        (
            "skillSkillRelations",
            SkillLink,
            ("originalSkillUri", skills, "relatedSkillUri", skills),
            lambda n, ln, row, a, b: SkillLink(
                source_id=a, target_id=b, kind=relation(n, ln, row["relationType"].strip())
            ),
        ),
        (
            "broaderRelationsOccPillar",
            OccupationLink,
            ("conceptUri", occupations, "broaderUri", occupations),
            lambda n, ln, row, a, b: OccupationLink(
                source_id=a, target_id=b, kind=LinkKind.BROADER
            ),
        ),
    ]
    for kind, model, (col_a, ids_a, col_b, ids_b), build in specs:
        name = bundle.file_name(kind)
        if name is None:
            if kind == "occupationSkillRelations":
                raise EscoFormatError(f"{kind}.csv", _("missing from the bundle"))
            continue
        t0 = time.perf_counter()
        rows, seen, skipped = [], set(), 0
        for line, row in progress.rows(bundle.rows(name), name):
            a, b = ids_a.get(row[col_a].strip()), ids_b.get(row[col_b].strip())
            if a is None or b is None:
                skipped += 1  # v1.1.1 relates 67 rows to an occupation it does not publish
                continue
            if ids_a is ids_b and a == b:
                skipped += 1  # a concept linked to itself says nothing
                continue
            obj = build(name, line, row, a, b)
            key = (a, b) if model is OccupationSkill else (a, b, obj.kind)
            if key in seen:
                continue
            seen.add(key)
            rows.append(obj)
        model.objects.bulk_create(rows, batch_size=BATCH)
        report.counts[name] = len(rows)
        if skipped:
            report.skipped[name] = skipped
        note = f", {skipped:,} skipped (unknown concept)" if skipped else ""
        progress.done(f"{name}: {len(rows):,} saved{note} ({time.perf_counter() - t0:.1f} s)")
