"""The campus's own skill assessments: an issuer defines one (the skills it verifies, what
passing takes, how long the credential lasts) and records who passed it; each pass
verifies the skills on the learner's profile and earns a credential."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation, OrganisationKind, User
from biocampus.accounts.roles import is_campus_admin, managed_org_ids
from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, DomainError, Forbidden, NotFound
from biocampus.credentials.models import Assessment, Credential
from biocampus.credentials.services import may_issue_for, signed_assessment
from biocampus.outbox.queue import notify
from biocampus.skills.models import LearnerSkill, Skill, SkillSource

MAX_SKILLS = 30


def issuers_of(user: User) -> list[Organisation]:
    """The organisations the user may assess in the name of: the training providers they
    manage and, for the campus's admins, the campus."""
    found = Organisation.objects.filter(pk__in=managed_org_ids(user))
    if is_campus_admin(user):
        found = found | Organisation.objects.filter(kind=OrganisationKind.CAMPUS)
    return list(found.order_by("name"))


def assessments_of(user: User):
    ids = [o.pk for o in issuers_of(user)]
    return Assessment.objects.filter(issuer_id__in=ids).select_related("issuer")


@transaction.atomic
def assessment_create(
    *,
    actor: User,
    issuer: Organisation,
    title: str,
    description: str,
    criteria: str,
    skill_ids: Iterable[int],
    valid_months: int | None,
) -> Assessment:
    if issuer not in issuers_of(actor):
        raise Forbidden(_("You may not assess in this organisation's name."))
    skills = list(Skill.objects.filter(pk__in=set(skill_ids)))
    if not skills:
        raise DomainError(_("Name at least one skill the assessment verifies."), code="no_skills")
    if len(skills) > MAX_SKILLS:
        raise DomainError(_("An assessment verifies at most 30 skills."), code="too_many_skills")
    if valid_months is not None and not 1 <= valid_months <= 120:
        raise DomainError(_("A validity is 1 to 120 months."), code="valid_months")
    assessment = Assessment.objects.create(
        issuer=issuer,
        title=title.strip(),
        description=description.strip(),
        criteria=criteria.strip(),
        valid_months=valid_months,
    )
    assessment.skills.set(skills)
    audit(actor, "assessment.create", assessment, skills=sorted(s.pk for s in skills))
    return assessment


@transaction.atomic
def assessment_pass(
    *, actor: User, assessment: Assessment, email: str, assessed_on: dt.date
) -> Credential:
    """Record that the person with this e-mail passed: their profile shows the skills as
    verified, and they get the credential (and are told)."""
    assessment = Assessment.objects.select_related("issuer").get(pk=assessment.pk)
    if not may_issue_for(actor, assessment.issuer_id):
        raise Forbidden(_("You may not assess in this organisation's name."))
    if assessed_on > timezone.localdate():
        raise DomainError(_("The assessment cannot be in the future."), code="future")
    learner = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if learner is None:
        raise NotFound(_("No account has this e-mail address: ask the person to sign up."))
    # One pass at a time: the learner row is the lock two recorders of the same pass meet.
    User.objects.select_for_update().filter(pk=learner.pk).first()
    held = Credential.objects.filter(assessment=assessment, learner=learner, revoked_at=None)
    now = timezone.now()
    if held.filter(suspended_at=None).exclude(valid_until__lte=now).exists():
        raise Conflict(_("This person already holds a valid credential for it."), code="held")
    moment = timezone.make_aware(dt.datetime.combine(assessed_on, dt.time(12)))
    credential = signed_assessment(assessment, learner, moment)
    skill_ids = list(assessment.skills.values_list("pk", flat=True))
    LearnerSkill.objects.filter(
        learner=learner, skill_id__in=skill_ids, source=SkillSource.DECLARED
    ).update(source=SkillSource.VERIFIED)
    LearnerSkill.objects.bulk_create(
        [LearnerSkill(learner=learner, skill_id=s, source=SkillSource.VERIFIED) for s in skill_ids],
        ignore_conflicts=True,
    )
    audit(actor, "assessment.pass", credential, assessment=assessment.pk, learner=learner.pk)
    notify("credential.issued", [(learner.pk, {"credential": str(credential.pk)})])
    return credential
