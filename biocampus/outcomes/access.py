"""Who may see outcomes' campus-wide planning views."""

from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.accounts.roles import managed_org_ids
from biocampus.common.errors import Forbidden
from biocampus.facilities.access import is_facility_manager


def can_see_capacity_advice(user: User) -> bool:
    """The campus (admins and staff, who run the rooms) and operators' staff: the plan
    spans every operator, so each sees where its own seats stand among the others'."""
    return is_facility_manager(user) or bool(managed_org_ids(user))


def require_capacity_advice(user: User) -> None:
    if not can_see_capacity_advice(user):
        raise Forbidden(_("Capacity advice is for the campus and training operators' staff."))
