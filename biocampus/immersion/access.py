"""Who sees a visit and a day plan: the school's members see their visits, the campus
staff every visit and plan. Anyone else gets the 404 a missing one gets."""

from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from biocampus.common.errors import DomainError, NotFound
from biocampus.immersion.models import DayPlan, Visit


def get_visit_for_user(user: User, visit_id: int) -> Visit:
    visit = (
        Visit.objects.select_related("school", "teacher", "format__campus")
        .filter(pk=visit_id)
        .first()
    )
    if visit is None or not can_see_visit(user, visit):
        raise NotFound(_("Not found."))
    return visit


def can_see_visit(user: User, visit: Visit) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if visit.teacher_id == user.pk or visit.format.campus_id in campus_ids(user):
        return True
    return Membership.objects.filter(user=user, organisation_id=visit.school_id).exists()


def get_plan_for_user(user: User, plan_id: int) -> DayPlan:
    """Plans are the campus's working documents: its own staff only."""
    plan = DayPlan.objects.select_related("campus").filter(pk=plan_id).first()
    if plan is None or plan.campus_id not in campus_ids(user):
        raise NotFound(_("Not found."))
    return plan


def campus_ids(user: User) -> set[int]:
    """The campuses whose immersion days the user runs (its admins and staff)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser and user.is_active:
        return set(
            Organisation.objects.filter(kind=OrganisationKind.CAMPUS).values_list("pk", flat=True)
        )
    return set(
        Membership.objects.filter(
            user=user,
            organisation__kind=OrganisationKind.CAMPUS,
            role__in=[Role.ADMIN, Role.STAFF],
        ).values_list("organisation_id", flat=True)
    )


def check_campus(user: User, campus_id: int) -> None:
    """Another campus's visit or plan is the same 404 as a missing one."""
    if campus_id not in campus_ids(user):
        raise NotFound(_("Not found."))


def campus_for(user: User, campus_id: int | None = None) -> Organisation:
    """The campus a staff member plans for: the one named, or the only one they work at."""
    campuses = Organisation.objects.filter(
        kind=OrganisationKind.CAMPUS,
        memberships__user=user,
        memberships__role__in=[Role.ADMIN, Role.STAFF],
    ).distinct()
    if campus_id is not None:
        campuses = campuses.filter(pk=campus_id)
    found = list(campuses[:2])
    if not found:
        raise NotFound(_("Not found."))
    if len(found) > 1:
        raise DomainError(_("You work at several campuses: say which."), code="which_campus")
    return found[0]
