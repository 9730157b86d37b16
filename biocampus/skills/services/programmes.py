"""What a programme teaches, expects beforehand and prepares for: written by the
operator's staff (or the campus), read by pathways, completions and the jobs gap."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.catalog.access import can_manage_programme
from biocampus.catalog.models import Programme
from biocampus.common.audit import audit
from biocampus.common.errors import DomainError, Forbidden
from biocampus.skills.models import (
    Occupation,
    OccupationKind,
    ProgrammeOccupation,
    ProgrammeSkill,
    Skill,
    SkillKind,
    SkillRole,
)
from biocampus.skills.queries import programme_skills

MAX_SKILLS = 60


def _check(actor, programme) -> None:
    if not can_manage_programme(actor, programme):
        raise Forbidden(_("Only the operator's staff may change this programme."))


@transaction.atomic
def programme_skills_set(
    *,
    actor: User,
    programme: Programme,
    teaches: Iterable[int],
    requires: Iterable[int] = (),
    occupations: Iterable[int] = (),
) -> None:
    """Replace what the programme teaches, requires and prepares for."""
    _check(actor, programme)
    teaches, requires, occupations = set(teaches), set(requires), set(occupations)
    if teaches & requires:
        raise DomainError(
            _("A programme cannot both teach and require the same skill."), code="teach_and_require"
        )
    if len(teaches) + len(requires) > MAX_SKILLS:
        raise DomainError(_("A programme lists at most 60 skills."), code="too_many_skills")
    known = set(
        Skill.objects.filter(pk__in=teaches | requires)
        .exclude(kind=SkillKind.GROUP)
        .values_list("pk", flat=True)
    )
    if known != teaches | requires:
        raise DomainError(_("Unknown skill(s) in the list."), code="unknown_skill")
    jobs = set(
        Occupation.objects.filter(pk__in=occupations, kind=OccupationKind.OCCUPATION).values_list(
            "pk", flat=True
        )
    )
    if jobs != occupations:
        raise DomainError(_("Unknown occupation."), code="unknown_occupation")
    ProgrammeSkill.objects.filter(programme=programme).delete()
    ProgrammeSkill.objects.bulk_create(
        [ProgrammeSkill(programme=programme, skill_id=s, role=SkillRole.TEACHES) for s in teaches]
        + [
            ProgrammeSkill(programme=programme, skill_id=s, role=SkillRole.REQUIRES)
            for s in requires
        ]
    )
    ProgrammeOccupation.objects.filter(programme=programme).delete()
    ProgrammeOccupation.objects.bulk_create(
        ProgrammeOccupation(programme=programme, occupation_id=o) for o in occupations
    )
    audit(
        actor,
        "programme.skills",
        programme,
        teaches=sorted(teaches),
        requires=sorted(requires),
        occupations=sorted(occupations),
    )


def programme_skill_change(
    *, actor: User, programme: Programme, skill_id: int, role: str | None
) -> None:
    """Add a skill as taught or required (`role`), or remove it (`role` None)."""
    teaches, requires, occupations = programme_skills(programme)
    teaches = [s for s in teaches if s != skill_id]
    requires = [s for s in requires if s != skill_id]
    if role == SkillRole.TEACHES:
        teaches.append(skill_id)
    elif role == SkillRole.REQUIRES:
        requires.append(skill_id)
    elif role is not None:
        raise DomainError(_("Unknown role."), code="invalid_role")
    programme_skills_set(
        actor=actor,
        programme=programme,
        teaches=teaches,
        requires=requires,
        occupations=occupations,
    )


def programme_occupation_change(
    *, actor: User, programme: Programme, occupation_id: int, add: bool
) -> None:
    teaches, requires, occupations = programme_skills(programme)
    occupations = [o for o in occupations if o != occupation_id] + ([occupation_id] if add else [])
    programme_skills_set(
        actor=actor,
        programme=programme,
        teaches=teaches,
        requires=requires,
        occupations=occupations,
    )
