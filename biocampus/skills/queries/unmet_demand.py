"""Unmet training demand: the essential skills that learners aiming at a job still lack
and that no upcoming session on the campus teaches. Operators see it to plan new
programmes; it is what learners' pathways report as uncovered."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from biocampus.catalog.models import ProgrammeStatus, SessionStatus
from biocampus.common.disclosure import cell
from biocampus.skills.models import (
    LearnerProfile,
    LearnerSkill,
    OccupationSkill,
    ProgrammeSkill,
    Relation,
    Skill,
    SkillRole,
)
from biocampus.skills.queries.gap import equivalents


@dataclass
class UnmetSkill:
    skill: Skill
    learners: int = 0
    occupations: set = field(default_factory=set)


def unmet_demand(limit: int = 30) -> list[UnmetSkill]:
    now = timezone.now()
    targets = defaultdict(set)  # occupation -> learners aiming at it
    for learner_id, occupation_id in LearnerProfile.objects.filter(
        target_occupation__isnull=False, learner__is_active=True
    ).values_list("learner_id", "target_occupation_id"):
        targets[occupation_id].add(learner_id)
    if not targets:
        return []
    essential = defaultdict(set)
    for occupation_id, skill_id in OccupationSkill.objects.filter(
        occupation_id__in=targets, relation=Relation.ESSENTIAL
    ).values_list("occupation_id", "skill_id"):
        essential[occupation_id].add(skill_id)
    wanted = set().union(*essential.values()) if essential else set()
    eq = equivalents(wanted)
    taught = set(
        ProgrammeSkill.objects.filter(
            role=SkillRole.TEACHES,
            programme__status=ProgrammeStatus.PUBLISHED,
            programme__sessions__status=SessionStatus.SCHEDULED,
            programme__sessions__enrolment_deadline__gte=now,
        ).values_list("skill_id", flat=True)
    )
    untaught = {s for s in wanted if s not in taught and not (eq.get(s, set()) & taught)}
    if not untaught:
        return []
    learners = set().union(*targets.values())
    held = defaultdict(set)
    relevant = untaught | {o for s in untaught for o in eq.get(s, ())}
    for learner_id, skill_id in LearnerSkill.objects.filter(
        learner_id__in=learners, skill_id__in=relevant
    ).values_list("learner_id", "skill_id"):
        held[learner_id].add(skill_id)
    rows: dict[int, UnmetSkill] = {}
    skills = Skill.objects.in_bulk(untaught)
    for occupation_id, people in targets.items():
        for skill_id in essential[occupation_id] & untaught:
            covering = {skill_id} | eq.get(skill_id, set())
            lacking = sum(1 for p in people if not held[p] & covering)
            if lacking:
                row = rows.setdefault(skill_id, UnmetSkill(skills[skill_id]))
                row.learners += lacking
                row.occupations.add(occupation_id)
    return sorted(rows.values(), key=lambda r: (-r.learners, r.skill.pk))[:limit]


def public_unmet_demand() -> list[tuple[UnmetSkill, int | None]]:
    """As the public sees it: a count of 1 to 4 learners withheld, and the list ordered by
    what is shown (then by name), so the order tells nothing a hidden count would."""
    shown = [(u, cell(u.learners)) for u in unmet_demand()]
    return sorted(shown, key=lambda p: (p[1] is None, -(p[1] or 0), p[0].skill.label()))
