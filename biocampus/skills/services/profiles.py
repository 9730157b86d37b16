"""Every write to a learner's skills profile and consent."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.common.audit import audit
from biocampus.common.errors import DomainError, NotFound
from biocampus.enrolment.models import Enrolment
from biocampus.skills.models import (
    LearnerProfile,
    LearnerSkill,
    Occupation,
    ProgrammeSkill,
    Skill,
    SkillKind,
    SkillRole,
    SkillSource,
)

MAX_DECLARED = 300


def _profile(learner: User) -> LearnerProfile:
    """The learner's profile row, created on their first change, locked for it."""
    profile, _created = LearnerProfile.objects.select_for_update().get_or_create(learner=learner)
    return profile


def _skills(skill_ids) -> list[Skill]:
    ids = {int(i) for i in skill_ids}
    found = list(Skill.objects.filter(pk__in=ids).exclude(kind=SkillKind.GROUP))
    missing = ids - {s.pk for s in found}
    if missing:
        raise DomainError(
            _("Unknown skill(s): %(ids)s") % {"ids": ", ".join(map(str, sorted(missing)))},
            code="unknown_skill",
        )
    return found


@transaction.atomic
def skills_declare(*, actor: User, skill_ids: Iterable[int]) -> list[LearnerSkill]:
    """Add self-declared skills; a skill already verified stays verified."""
    skills = _skills(skill_ids)
    if LearnerSkill.objects.filter(learner=actor).count() + len(skills) > MAX_DECLARED:
        raise DomainError(_("A profile holds at most 300 skills."), code="too_many_skills")
    LearnerSkill.objects.bulk_create(
        [LearnerSkill(learner=actor, skill=s, source=SkillSource.DECLARED) for s in skills],
        ignore_conflicts=True,
    )
    if skills:
        audit(actor, "skills.declare", actor, skills=[s.pk for s in skills])
    return list(LearnerSkill.objects.filter(learner=actor, skill__in=skills))


@transaction.atomic
def skills_replace_declared(*, actor: User, skill_ids: Iterable[int]) -> None:
    """Make the declared skills exactly `skill_ids` (verified skills are never touched)."""
    skills = _skills(skill_ids)
    if len(skills) > MAX_DECLARED:
        raise DomainError(_("A profile holds at most 300 skills."), code="too_many_skills")
    LearnerSkill.objects.filter(learner=actor, source=SkillSource.DECLARED).exclude(
        skill__in=skills
    ).delete()
    LearnerSkill.objects.bulk_create(
        [LearnerSkill(learner=actor, skill=s, source=SkillSource.DECLARED) for s in skills],
        ignore_conflicts=True,
    )
    audit(actor, "skills.replace_declared", actor, skills=sorted(s.pk for s in skills))


@transaction.atomic
def skill_remove(*, actor: User, skill_id: int) -> None:
    """Remove a declared skill. Verified skills come from training records and stay."""
    entry = LearnerSkill.objects.filter(learner=actor, skill_id=skill_id).first()
    if entry is None:
        raise NotFound(_("This skill is not on your profile."))
    if entry.source == SkillSource.VERIFIED:
        raise DomainError(
            _("A skill verified by completed training cannot be removed."), code="verified"
        )
    entry.delete()
    audit(actor, "skills.remove", actor, skill=skill_id)


def skills_credit_completion(*, enrolment: Enrolment) -> int:
    """Completing a session verifies the skills its programme teaches. Call inside the
    transaction that records the outcome; returns how many skills were credited."""
    taught = list(
        ProgrammeSkill.objects.filter(
            programme_id=enrolment.session.programme_id, role=SkillRole.TEACHES
        ).values_list("skill_id", flat=True)
    )
    if not taught:
        return 0
    learner_id = enrolment.learner_id
    upgraded = LearnerSkill.objects.filter(
        learner_id=learner_id, skill_id__in=taught, source=SkillSource.DECLARED
    ).update(source=SkillSource.VERIFIED, evidence=enrolment)
    LearnerSkill.objects.bulk_create(
        [
            LearnerSkill(
                learner_id=learner_id, skill_id=s, source=SkillSource.VERIFIED, evidence=enrolment
            )
            for s in taught
        ],
        ignore_conflicts=True,
    )
    return upgraded + len(taught)


@transaction.atomic
def consent_set(*, actor: User, findable: bool) -> LearnerProfile:
    """Whether employers may find this learner; the change is time-stamped and audited."""
    profile = LearnerProfile.objects.select_for_update().filter(learner=actor).first()
    if profile is None:
        try:
            with transaction.atomic():
                profile = LearnerProfile.objects.create(learner=actor)
        except IntegrityError:
            profile = LearnerProfile.objects.select_for_update().get(learner=actor)
    if profile.findable != bool(findable) or profile.consent_changed_at is None:
        profile.findable = bool(findable)
        profile.consent_changed_at = timezone.now()
        profile.save(update_fields=["findable", "consent_changed_at"])
        audit(actor, "consent.grant" if findable else "consent.revoke", profile)
    return profile


@transaction.atomic
def target_set(*, actor: User, occupation_id: int | None) -> LearnerProfile:
    profile = _profile(actor)
    if occupation_id is not None and not Occupation.objects.filter(pk=occupation_id).exists():
        raise NotFound(_("Unknown occupation."))
    profile.target_occupation_id = occupation_id
    profile.save(update_fields=["target_occupation"])
    return profile
