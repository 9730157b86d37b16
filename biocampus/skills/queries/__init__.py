"""Reads for pages and the API: autocomplete over skills and occupations, a learner's
skills, a programme's skills and jobs, an employer's vacancies and forecasts. Candidates
for a vacancy and vacancies for a learner, ranked and explained, are in matching.py."""

from collections.abc import Iterable

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.db.models.functions import Length

from biocampus.accounts.models import Organisation, OrganisationKind, User
from biocampus.accounts.roles import employer_org_ids, is_campus_admin
from biocampus.catalog.models import Programme
from biocampus.skills.models import (
    CAMPUS_FRAMEWORK,
    ContactRequest,
    HiringForecast,
    LearnerProfile,
    LearnerSkill,
    Occupation,
    OccupationKind,
    ProgrammeOccupation,
    ProgrammeSkill,
    Skill,
    SkillKind,
    SkillRole,
    Vacancy,
)
from biocampus.skills.queries.matching import open_vacancies
from biocampus.skills.queries.pathway import Pathway
from biocampus.skills.text import fold


def _autocomplete(qs: QuerySet, q: str, framework: str | None) -> QuerySet:
    """Every word of `q` appears in some label (any language, accents and case ignored);
    a match at the start of the English label ranks first, then at the start of any label."""
    qs = qs.filter(status="released")
    if framework:
        qs = qs.filter(framework__slug=framework)
    folded = fold(q)
    if not folded:
        return qs.order_by("framework__slug", "id")
    for word in folded.split(" "):
        qs = qs.filter(search_text__contains=word)
    rank = Case(
        When(search_text__startswith=folded, then=Value(0)),
        When(search_text__contains="\n" + folded, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return qs.annotate(rank=rank, size=Length("search_text")).order_by("rank", "size", "id")


def skill_search(q: str = "", framework: str | None = None, *, groups: bool = False) -> QuerySet:
    qs = Skill.objects.select_related("framework")
    if not groups:
        qs = qs.exclude(kind=SkillKind.GROUP)
    return _autocomplete(qs, q, framework)


def occupation_search(q: str = "", framework: str | None = None) -> QuerySet:
    qs = Occupation.objects.select_related("framework").filter(kind=OccupationKind.OCCUPATION)
    return _autocomplete(qs, q, framework)


def learner_skills(user: User) -> QuerySet[LearnerSkill]:
    """The learner's skills, verified ones first."""
    return (
        LearnerSkill.objects.filter(learner=user)
        .select_related("skill__framework", "evidence__session__programme")
        .order_by("-source", "skill_id")
    )


def learner_profile(user: User) -> LearnerProfile:
    """The learner's profile, or the default one (not findable, no target) not yet saved."""
    return LearnerProfile.objects.filter(learner=user).first() or LearnerProfile(learner=user)


def held_skill_ids(user: User) -> set[int]:
    return set(LearnerSkill.objects.filter(learner=user).values_list("skill_id", flat=True))


def skills_by_id(ids: Iterable[int]) -> dict[int, Skill]:
    return Skill.objects.select_related("framework").in_bulk(set(ids))


def occupations_by_id(ids: Iterable[int]) -> dict[int, Occupation]:
    return Occupation.objects.select_related("framework", "pillar").in_bulk(set(ids))


def programme_taught_skills(programme: Programme) -> QuerySet[Skill]:
    return Skill.objects.filter(
        programme_links__programme=programme, programme_links__role=SkillRole.TEACHES
    ).order_by("id")


def programme_skills(programme: Programme) -> tuple[list[int], list[int], list[int]]:
    """Ids of the skills a programme teaches, those it requires and the jobs it prepares for."""
    rows = ProgrammeSkill.objects.filter(programme=programme).values_list("skill_id", "role")
    teaches = sorted(s for s, r in rows if r == SkillRole.TEACHES)
    requires = sorted(s for s, r in rows if r == SkillRole.REQUIRES)
    occupations = sorted(
        ProgrammeOccupation.objects.filter(programme=programme).values_list(
            "occupation_id", flat=True
        )
    )
    return teaches, requires, occupations


def programme_occupations(programme: Programme) -> QuerySet[Occupation]:
    return Occupation.objects.filter(programme_links__programme=programme).order_by("id")


def campus_jobs(*, exclude: Iterable[int] = ()) -> QuerySet[Occupation]:
    """The job profiles of the campus framework (what operators prepare learners for)."""
    return (
        Occupation.objects.filter(kind=OccupationKind.OCCUPATION, framework__slug=CAMPUS_FRAMEWORK)
        .exclude(pk__in=list(exclude))
        .order_by("id")
    )


def employers_of(user: User) -> list[Organisation]:
    """The companies the user recruits for (every company for a campus admin)."""
    qs = Organisation.objects.filter(kind=OrganisationKind.COMPANY).order_by("name")
    if not is_campus_admin(user):
        qs = qs.filter(pk__in=employer_org_ids(user))
    return list(qs)


def employer_vacancies(user: User) -> QuerySet[Vacancy]:
    """Every vacancy, draft or closed too, of the companies the user recruits for."""
    qs = Vacancy.objects.select_related("employer", "occupation__framework", "occupation__pillar")
    if not is_campus_admin(user):
        qs = qs.filter(employer_id__in=employer_org_ids(user))
    return qs


def vacancy_list(user: User, *, mine: bool = False) -> QuerySet[Vacancy]:
    """Open vacancies, closing soonest first; `mine`: every vacancy of the companies the
    user recruits for."""
    qs = employer_vacancies(user) if mine else open_vacancies()
    return qs.prefetch_related("skill_links").order_by("closes_on", "id")


def employer_forecasts(user: User) -> QuerySet[HiringForecast]:
    qs = HiringForecast.objects.select_related(
        "employer", "occupation__framework", "occupation__pillar"
    )
    if not is_campus_admin(user):
        qs = qs.filter(employer_id__in=employer_org_ids(user))
    return qs.order_by("year", "occupation_id")


def vacancy_requirements(vacancy: Vacancy) -> QuerySet:
    """The vacancy's skills, essential ones first."""
    return vacancy.skill_links.select_related("skill").order_by("-relation", "skill_id")


def pathway_skills(plan: Pathway) -> tuple[dict[int, Skill], dict[int, list[Skill]]]:
    """The skills a pathway (and its alternative with seats) names, by id, and the skills
    each of its sessions covers."""
    plans = [p for p in (plan, plan.with_seats) if p is not None]
    ids = set()
    for p in plans:
        ids |= set(p.uncovered) | set(p.in_training) | set(p.covers)
    skills = skills_by_id(ids)
    teaches: dict[int, list[Skill]] = {}
    for p in plans:
        for skill_id, session_id in p.covers.items():
            if skills[skill_id] not in teaches.setdefault(session_id, []):
                teaches[session_id].append(skills[skill_id])
    return skills, teaches


def occupation_skills(occupation: Occupation) -> QuerySet:
    """The occupation's skill relations, essential ones first."""
    return occupation.skill_relations.select_related("skill").order_by("-relation", "id")


def contact_status_by_learner(employer_id: int, learner_ids: Iterable[int]) -> dict[int, str]:
    """Where an employer's contact requests to these learners stand (absent: not asked)."""
    return dict(
        ContactRequest.objects.filter(
            employer_id=employer_id, learner_id__in=list(learner_ids)
        ).values_list("learner_id", "status")
    )


def learner_contact_requests(user: User) -> QuerySet[ContactRequest]:
    """The employers that asked to contact the learner, waiting ones first."""
    return (
        ContactRequest.objects.filter(learner=user)
        .select_related("employer", "vacancy")
        .order_by("-status", "-created_at", "-id")
    )
