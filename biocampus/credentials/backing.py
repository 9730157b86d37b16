"""Which of a consenting candidate's skills a valid credential backs, for employers.

A credential backs the skills its programme teaches (its achievement's alignment) while it
is current, as `services.is_current` says: not revoked, started, not expired. Anyone with
its id can verify it at its public address, so that is what an employer is given.
"""

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from biocampus.credentials.models import Credential
from biocampus.skills.models import ProgrammeSkill, SkillRole


def current(at: dt.datetime) -> Q:
    """`services.is_current` as a filter, for many credentials at once."""
    return Q(revoked_at__isnull=True, valid_from__lte=at) & (
        Q(valid_until__isnull=True) | Q(valid_until__gt=at)
    )


def backing_credentials(
    learner_ids: Iterable[int], *, at: dt.datetime | None = None
) -> dict[int, dict[int, uuid.UUID]]:
    """{learner: {skill: credential}} for those of `learner_ids` who agreed to be found:
    each skill a current credential of theirs backs, with one such credential (the most
    recently issued). Nothing for anyone else, whoever asks. Two queries for any number
    of learners."""
    at = at or timezone.now()
    held = list(
        Credential.objects.filter(
            current(at),
            learner_id__in=set(learner_ids),
            learner__is_active=True,
            learner__skills_profile__findable=True,
            programme__isnull=False,
        )
        # A closed account leaves an empty shell that nobody can read or verify.
        .exclude(jwt="")
        .order_by("-valid_from", "pk")
        .values_list("learner_id", "programme_id", "pk")
    )
    taught: dict[int, list[int]] = defaultdict(list)
    for programme_id, skill_id in ProgrammeSkill.objects.filter(
        programme_id__in={programme_id for _l, programme_id, _c in held}, role=SkillRole.TEACHES
    ).values_list("programme_id", "skill_id"):
        taught[programme_id].append(skill_id)
    backed: dict[int, dict[int, uuid.UUID]] = defaultdict(dict)
    for learner_id, programme_id, credential_id in held:
        for skill_id in taught[programme_id]:
            backed[learner_id].setdefault(skill_id, credential_id)
    return dict(backed)
