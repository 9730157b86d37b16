"""Gap analysis: which of an occupation's skills a learner has (verified or declared) and
which are missing, with a readiness score. The same scoring ranks candidates and jobs.

A required skill counts as held when the learner holds it or a skill linked to it as the
same or a close match in another framework (the campus framework's "GMP" covers ESCO's
"good manufacturing practices").
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from biocampus.skills.models import (
    LearnerSkill,
    LinkKind,
    Occupation,
    Relation,
    Skill,
    SkillLink,
    SkillSource,
)

# Essential skills weigh three times optional ones; a declared skill counts half of a
# verified one. Stated here once: gap, matching and the jobs-gap view all use them.
RELATION_WEIGHT = {Relation.ESSENTIAL: 3.0, Relation.OPTIONAL: 1.0}
SOURCE_WEIGHT = {SkillSource.VERIFIED: 1.0, SkillSource.DECLARED: 0.5}
MISSING, VERIFIED, DECLARED = "missing", SkillSource.VERIFIED.value, SkillSource.DECLARED.value
EQUIVALENT_KINDS = (LinkKind.EXACT_MATCH, LinkKind.CLOSE_MATCH)


@dataclass(frozen=True)
class SkillState:
    skill_id: int
    relation: str
    state: str  # verified, declared or missing
    via_skill_id: int | None = None  # the equivalent skill that covers it, if not itself


@dataclass
class Assessment:
    items: list[SkillState]
    readiness: int  # 0..100
    score: float  # the weighted points behind readiness

    def of(self, relation: str, state: str | None = None) -> list[SkillState]:
        return [
            i for i in self.items if i.relation == relation and (state is None or i.state == state)
        ]

    @property
    def essential_items(self) -> list[SkillState]:
        return self.of(Relation.ESSENTIAL)

    @property
    def optional_items(self) -> list[SkillState]:
        return self.of(Relation.OPTIONAL)

    @property
    def missing_essential(self) -> list[int]:
        return [i.skill_id for i in self.of(Relation.ESSENTIAL, MISSING)]


@dataclass
class Gap:
    occupation: Occupation
    assessment: Assessment
    skills: dict[int, Skill] = field(default_factory=dict)


def equivalents(skill_ids) -> dict[int, set[int]]:
    """For each skill, the skills of other frameworks linked to it as the same or close."""
    ids = set(skill_ids)
    result: dict[int, set[int]] = defaultdict(set)
    if not ids:
        return result
    links = SkillLink.objects.filter(kind__in=EQUIVALENT_KINDS).filter(
        Q(source_id__in=ids) | Q(target_id__in=ids)
    )
    for source, target in links.values_list("source_id", "target_id"):
        result[source].add(target)
        result[target].add(source)
    return result


def assess(
    required: list[tuple[int, str]], held: dict[int, str], equivalent: dict[int, set[int]]
) -> Assessment:
    """Score `held` ({skill: verified|declared}) against `required` ([(skill, relation)])."""
    items, score, total = [], 0.0, 0.0
    for skill_id, relation in required:
        state, via = MISSING, None
        # The skill itself or an equivalent; the strongest evidence wins, then the skill
        # itself, then the lowest id, so the answer is deterministic.
        for other in [skill_id, *sorted(equivalent.get(skill_id, ()))]:
            source = held.get(other)
            if source is not None and (state == MISSING or (source == VERIFIED != state)):
                state, via = source, (None if other == skill_id else other)
        weight = RELATION_WEIGHT[relation]
        total += weight
        if state != MISSING:
            score += weight * SOURCE_WEIGHT[state]
        items.append(SkillState(skill_id, relation, state, via))
    readiness = round(100 * score / total) if total else 0
    return Assessment(items=items, readiness=readiness, score=score)


def essential_first(required) -> list[tuple[int, str]]:
    """Requirements in the order pages and API answers show them: essential, then by id."""
    return sorted(required, key=lambda r: (r[1] != Relation.ESSENTIAL, r[0]))


def held_skills(learner) -> dict[int, str]:
    return dict(LearnerSkill.objects.filter(learner=learner).values_list("skill_id", "source"))


def occupation_requirements(occupation: Occupation) -> list[tuple[int, str]]:
    return essential_first(occupation.skill_relations.values_list("skill_id", "relation"))


def gap_for(learner, occupation: Occupation) -> Gap:
    required = occupation_requirements(occupation)
    held = held_skills(learner)
    assessment = assess(required, held, equivalents([s for s, _r in required]))
    ids = {i.skill_id for i in assessment.items} | {
        i.via_skill_id for i in assessment.items if i.via_skill_id
    }
    skills = {s.pk: s for s in Skill.objects.filter(pk__in=ids).select_related("framework")}
    return Gap(occupation=occupation, assessment=assessment, skills=skills)
