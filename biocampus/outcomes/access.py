"""Object-level access to outcomes: a hire is answered, and an outcome seen or corrected,
by the learner it names alone (anyone else gets the same 404 as for a missing id); the
campus-wide capacity advice is for the campus and operators' staff."""

from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.accounts.roles import managed_org_ids
from biocampus.common.errors import Forbidden, NotFound
from biocampus.facilities.access import is_facility_manager
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


def can_see_capacity_advice(user: User) -> bool:
    """The campus (admins and staff, who run the rooms) and operators' staff: the plan
    spans every operator, so each sees where its own seats stand among the others'."""
    return is_facility_manager(user) or bool(managed_org_ids(user))


def require_capacity_advice(user: User) -> None:
    if not can_see_capacity_advice(user):
        raise Forbidden(_("Capacity advice is for the campus and training operators' staff."))
