"""Skills objects as plain dicts, labelled in the active language (API and pages)."""

from django.utils import translation

from biocampus.skills.models import Occupation, Skill
from biocampus.skills.queries.gap import Assessment, SkillState


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


def states_out(items: list[SkillState], skills: dict[int, Skill]) -> list[dict]:
    return [
        {
            "skill": skill_ref(skills[i.skill_id]),
            "state": i.state,
            "via": skill_ref(skills[i.via_skill_id]) if i.via_skill_id else None,
        }
        for i in items
    ]


def assessment_out(assessment: Assessment, skills: dict[int, Skill]) -> dict:
    return {
        "readiness": assessment.readiness,
        "essential": states_out(assessment.of("essential"), skills),
        "optional": states_out(assessment.of("optional"), skills),
    }


def skills_for(assessments: list[Assessment]) -> dict[int, Skill]:
    """The skills an assessment names, fetched once for a page of them."""
    ids = {i.skill_id for a in assessments for i in a.items}
    ids |= {i.via_skill_id for a in assessments for i in a.items if i.via_skill_id}
    return Skill.objects.in_bulk(ids)
