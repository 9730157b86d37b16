"""Skills objects as plain dicts, labelled in the active language (API and pages)."""

import uuid

from django.utils import translation

from biocampus.skills.models import Occupation, Skill
from biocampus.skills.queries.gap import MISSING, Assessment, SkillState


def skill_ref(skill: Skill) -> dict:
    return {"id": skill.pk, "uri": skill.uri, "label": skill.label()}


def skill_out(skill: Skill) -> dict:
    alts = skill.alt_labels
    language = (translation.get_language() or "en")[:2]
    return {
        **skill_ref(skill),
        "kind": skill.kind,
        "framework": skill.framework.slug,
        "alt_labels": alts.get(language, alts.get("en", [])),
    }


def occupation_out(occupation: Occupation) -> dict:
    return {
        "id": occupation.pk,
        "uri": occupation.uri,
        "label": occupation.label(),
        "framework": occupation.framework.slug,
        "code": occupation.code,
        "pillar": occupation.pillar.slug if occupation.pillar_id else None,
    }


def states_out(
    items: list[SkillState],
    skills: dict[int, Skill],
    credentials: dict[int, uuid.UUID] | None = None,
) -> list[dict]:
    """Each skill's state; with `credentials` (a candidate's, for an employer), also the
    valid credential that backs it, or None."""
    out = [
        {
            "skill": skill_ref(skills[i.skill_id]),
            "state": i.state,
            "via": skill_ref(skills[i.via_skill_id]) if i.via_skill_id else None,
        }
        for i in items
    ]
    if credentials is not None:
        for row, item in zip(out, items, strict=True):
            found = credentials.get(item.skill_id)
            row["credential"] = str(found) if found else None
    return out


def assessment_out(
    assessment: Assessment,
    skills: dict[int, Skill],
    credentials: dict[int, uuid.UUID] | None = None,
) -> dict:
    return {
        "readiness": assessment.readiness,
        "essential": states_out(assessment.of("essential"), skills, credentials),
        "optional": states_out(assessment.of("optional"), skills, credentials),
    }


def credentials_shown(assessment: Assessment, backed: dict[int, uuid.UUID]) -> dict[int, uuid.UUID]:
    """{required skill: credential} from the skills a valid credential backs
    (`credentials.backing`): a requirement the candidate meets is backed when the skill
    that meets it is (the skill itself, or the equivalent named in `via`)."""
    return {
        i.skill_id: backed[i.via_skill_id or i.skill_id]
        for i in assessment.items
        if i.state != MISSING and (i.via_skill_id or i.skill_id) in backed
    }


def skills_for(assessments: list[Assessment]) -> dict[int, Skill]:
    """The skills an assessment names, fetched once for a page of them."""
    ids = {i.skill_id for a in assessments for i in a.items}
    ids |= {i.via_skill_id for a in assessments for i in a.items if i.via_skill_id}
    return Skill.objects.in_bulk(ids)
