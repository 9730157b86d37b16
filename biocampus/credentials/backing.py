"""Which of a consenting candidate's skills a valid credential backs, for employers.

A credential backs the skills its achievement is aligned to: those its programme teaches,
or those its campus skill assessment verifies. It backs them while it is current, as
`services.is_current` says: not revoked, not suspended, started, not expired. Anyone with
its id can verify it at its public address, so that is what an employer is given.
"""

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from biocampus.credentials.models import Assessment, Credential
from biocampus.skills.models import ProgrammeSkill, SkillRole


def current(at: dt.datetime) -> Q:
    """`services.is_current` as a filter, for many credentials at once."""
    return Q(revoked_at__isnull=True, suspended_at__isnull=True, valid_from__lte=at) & (
        Q(valid_until__isnull=True) | Q(valid_until__gt=at)
    )


def backing_credentials(
    learner_ids: Iterable[int], *, at: dt.datetime | None = None
) -> dict[int, dict[int, uuid.UUID]]:
    """{learner: {skill: credential}} for those of `learner_ids` who agreed to be found:
    each skill a current credential of theirs backs, with one such credential (the most
    recently issued). Nothing for anyone else, whoever asks. At most three queries, for
    any number of learners."""
    at = at or timezone.now()
    held = list(
        Credential.objects.filter(
            current(at),
            Q(programme__isnull=False) | Q(assessment__isnull=False),
            learner_id__in=set(learner_ids),
            learner__is_active=True,
            learner__skills_profile__findable=True,
        )
        # A closed account leaves an empty shell that nobody can read or verify.
        .exclude(jwt="")
        .order_by("-valid_from", "pk")
        .values_list("learner_id", "programme_id", "assessment_id", "pk")
    )
    taught, verified = _skills(
        {p for _l, p, _a, _c in held if p}, {a for _l, _p, a, _c in held if a}
    )
    backed: dict[int, dict[int, uuid.UUID]] = defaultdict(dict)
    for learner_id, programme_id, assessment_id, credential_id in held:
        skills = taught[programme_id] if programme_id else verified[assessment_id]
        for skill_id in skills:
            backed[learner_id].setdefault(skill_id, credential_id)
    return dict(backed)


def _skills(
    programme_ids: set[int], assessment_ids: set[int]
) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """The skills each programme teaches, and those each assessment verifies."""
    taught: dict[int, list[int]] = defaultdict(list)
    for programme_id, skill_id in ProgrammeSkill.objects.filter(
        programme_id__in=programme_ids, role=SkillRole.TEACHES
    ).values_list("programme_id", "skill_id"):
        taught[programme_id].append(skill_id)
    verified: dict[int, list[int]] = defaultdict(list)
    for assessment_id, skill_id in Assessment.skills.through.objects.filter(
        assessment_id__in=assessment_ids
    ).values_list("assessment_id", "skill_id"):
        verified[assessment_id].append(skill_id)
    return taught, verified
