"""Matching: consenting candidates for a vacancy, and open vacancies for a learner.

Scored like the gap analysis (essential weighs three times optional, declared half of
verified, crosswalk equivalents count), ranked deterministically, and explained skill by
skill. A learner who has not consented never appears, whoever asks.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User, Verification
from biocampus.common.errors import NotFound
from biocampus.skills.models import LearnerSkill, Relation, Vacancy, VacancySkill, VacancyStatus
from biocampus.skills.queries.gap import (
    RELATION_WEIGHT,
    SOURCE_WEIGHT,
    Assessment,
    assess,
    equivalents,
    essential_first,
    held_skills,
)


@dataclass
class Match:
    assessment: Assessment
    learner: User | None = None
    vacancy: Vacancy | None = None

    @property
    def readiness(self) -> int:
        return self.assessment.readiness


def requirements(vacancy: Vacancy) -> list[tuple[int, str]]:
    rows = VacancySkill.objects.filter(vacancy=vacancy).values_list("skill_id", "relation")
    return essential_first(rows)


def rank_candidates(vacancy: Vacancy) -> list[tuple[int, float]]:
    """(learner id, score) for every consenting learner holding at least one of the
    vacancy's skills, best first: score, then verified essential skills, then id.

    The same weights as `assess`, computed without building an explanation for each of
    possibly tens of thousands of learners; pages explain only the candidates they show.
    """
    required = requirements(vacancy)
    eq = equivalents([s for s, _r in required])
    slots: dict[int, list[int]] = defaultdict(list)  # held skill -> required positions
    for position, (skill_id, _relation) in enumerate(required):
        for other in {skill_id, *eq.get(skill_id, ())}:
            slots[other].append(position)
    weight = [RELATION_WEIGHT[r] for _s, r in required]
    essential = [r == Relation.ESSENTIAL for _s, r in required]
    best: dict[int, dict[int, float]] = defaultdict(dict)
    rows = LearnerSkill.objects.filter(
        skill_id__in=slots.keys(),
        learner__is_active=True,
        learner__skills_profile__findable=True,
    ).values_list("learner_id", "skill_id", "source")
    for learner_id, skill_id, source in rows.iterator(chunk_size=20000):
        value = SOURCE_WEIGHT[source]
        found = best[learner_id]
        for position in slots[skill_id]:
            if value > found.get(position, 0.0):
                found[position] = value
    ranked = []
    for learner_id, found in best.items():
        score = sum(weight[p] * v for p, v in found.items())
        verified_essential = sum(1 for p, v in found.items() if essential[p] and v == 1.0)
        ranked.append((-score, -verified_essential, learner_id))
    ranked.sort()
    return [(learner_id, -score) for score, _v, learner_id in ranked]


def candidate_count(vacancy: Vacancy) -> int:
    """How many consenting learners `rank_candidates` would list, counted in the database
    (the home page shows the number, not the ranking)."""
    required = [skill_id for skill_id, _relation in requirements(vacancy)]
    eq = equivalents(required)
    skills = set(required).union(*eq.values()) if eq else set(required)
    return (
        LearnerSkill.objects.filter(
            skill_id__in=skills,
            learner__is_active=True,
            learner__skills_profile__findable=True,
        )
        .values("learner_id")
        .distinct()
        .count()
    )


def candidates_for(
    vacancy: Vacancy, *, offset: int = 0, limit: int = 20
) -> tuple[list[Match], int]:
    ranked = rank_candidates(vacancy)
    page = [learner_id for learner_id, _score in ranked[offset : offset + limit]]
    users = User.objects.in_bulk(page)
    required = requirements(vacancy)
    eq = equivalents([s for s, _r in required])
    held: dict[int, dict[int, str]] = defaultdict(dict)
    for learner_id, skill_id, source in LearnerSkill.objects.filter(
        learner_id__in=page
    ).values_list("learner_id", "skill_id", "source"):
        held[learner_id][skill_id] = source
    return [Match(assessment=assess(required, held[i], eq), learner=users[i]) for i in page], len(
        ranked
    )


def candidate(vacancy: Vacancy, learner_id: int) -> Match:
    """One candidate's match, only if they consented (otherwise: not found)."""
    learner = User.objects.filter(
        pk=learner_id, is_active=True, skills_profile__findable=True
    ).first()
    if learner is None:
        raise NotFound(_("Not found."))
    required = requirements(vacancy)
    eq = equivalents([s for s, _r in required])
    return Match(assessment=assess(required, held_skills(learner), eq), learner=learner)


def open_vacancies() -> QuerySet[Vacancy]:
    """Open vacancies of verified employers (a suspended company's leave the lists)."""
    return (
        Vacancy.objects.filter(
            status=VacancyStatus.OPEN,
            closes_on__gte=timezone.localdate(),
            employer__verification=Verification.VERIFIED,
        )
        .select_related("employer", "occupation__framework", "occupation__pillar")
        .prefetch_related("skill_links")
    )


def vacancies_for(learner: User, *, offset: int = 0, limit: int = 20) -> tuple[list[Match], int]:
    """Open vacancies ranked for `learner`, best first (readiness, then closing soonest)."""
    vacancies = list(open_vacancies())
    required: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for vacancy_id, skill_id, relation in VacancySkill.objects.filter(
        vacancy__in=vacancies
    ).values_list("vacancy_id", "skill_id", "relation"):
        required[vacancy_id].append((skill_id, relation))
    eq = equivalents({s for reqs in required.values() for s, _r in reqs})
    held = held_skills(learner)
    matches = [
        Match(
            assessment=assess(essential_first(required[v.pk]), held, eq),
            vacancy=v,
        )
        for v in vacancies
    ]
    matches.sort(key=lambda m: (-m.assessment.score, m.vacancy.closes_on, m.vacancy.pk))
    return matches[offset : offset + limit], len(matches)
