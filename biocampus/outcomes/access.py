"""Object-level access to outcomes: a hire is answered, and an outcome seen or corrected,
by the learner it names alone. Anyone else gets the same 404 as for a missing id."""

from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.common.errors import NotFound
from biocampus.outcomes.models import Hire, JobOutcome


def get_hire_for_learner(user: User, hire_id: int) -> Hire:
    hire = Hire.objects.filter(pk=hire_id, learner_id=user.pk).first()
    if hire is None:
        raise NotFound(_("Not found."))
    return hire


def get_outcome_for_learner(user: User, outcome_id: int) -> JobOutcome:
    outcome = JobOutcome.objects.filter(pk=outcome_id, learner_id=user.pk).first()
    if outcome is None:
        raise NotFound(_("Not found."))
    return outcome
