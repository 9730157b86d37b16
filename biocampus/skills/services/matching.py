"""Matching: consenting candidates for a vacancy, and open vacancies for a learner.

Scored like the gap analysis (essential weighs three times optional, declared half of
verified, crosswalk equivalents count), ranked deterministically, and explained skill by
skill. A learner who has not consented never appears, whoever asks.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.common.errors import NotFound
from biocampus.skills.models import LearnerSkill, Vacancy, VacancySkill, VacancyStatus
from biocampus.skills.services.gap import Assessment, assess, equivalents, held_skills


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
    return sorted(rows, key=lambda r: (r[1] != "essential", r[0]))


def rank_candidates(vacancy: Vacancy) -> list[tuple[int, Assessment]]:
    """(learner id, assessment) for every consenting learner holding at least one of the
    vacancy's skills, best first."""
    required = requirements(vacancy)
    eq = equivalents([s for s, _r in required])
    relevant = {s for s, _r in required} | {o for s, _r in required for o in eq.get(s, ())}
    held: dict[int, dict[int, str]] = defaultdict(dict)
    rows = LearnerSkill.objects.filter(
        skill_id__in=relevant,
        learner__is_active=True,
        learner__skills_profile__findable=True,
    ).values_list("learner_id", "skill_id", "source")
    for learner_id, skill_id, source in rows.iterator(chunk_size=10000):
        held[learner_id][skill_id] = source
    ranked = [(learner_id, assess(required, skills, eq)) for learner_id, skills in held.items()]
    ranked.sort(key=lambda r: (-r[1].score, -len(r[1].of("essential", "verified")), r[0]))
    return ranked


def candidates_for(
    vacancy: Vacancy, *, offset: int = 0, limit: int = 20
) -> tuple[list[Match], int]:
    ranked = rank_candidates(vacancy)
    page = ranked[offset : offset + limit]
    users = User.objects.in_bulk([learner_id for learner_id, _a in page])
    return [Match(assessment=a, learner=users[i]) for i, a in page], len(ranked)


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


def open_vacancies():
    return Vacancy.objects.filter(
        status=VacancyStatus.OPEN, closes_on__gte=timezone.localdate()
    ).select_related("employer", "occupation")


def vacancies_for(learner, *, offset: int = 0, limit: int = 20) -> tuple[list[Match], int]:
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
            assessment=assess(
                sorted(required[v.pk], key=lambda r: (r[1] != "essential", r[0])), held, eq
            ),
            vacancy=v,
        )
        for v in vacancies
    ]
    matches.sort(key=lambda m: (-m.assessment.score, m.vacancy.closes_on, m.vacancy.pk))
    return matches[offset : offset + limit], len(matches)
