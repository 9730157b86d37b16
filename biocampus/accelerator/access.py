"""Who may see and do what in the accelerator.

- The accelerator's staff (admin or staff of the call's operator) and campus admins run a
  call: applications, reviewers, ranking, selection.
- A start-up's founder and members see their own applications, never others'.
- A reviewer sees only the applications assigned to them (and never one from their own
  organisation); in a blind call, without the applicant's identity.
"""

from django.db.models import Q

from biocampus.accelerator.models import Application
from biocampus.accounts.models import MANAGE_ROLES, Membership
from biocampus.accounts.roles import is_campus_admin


def runs_call(user, call) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        is_campus_admin(user)
        or Membership.objects.filter(
            user=user, organisation_id=call.operator_id, role__in=MANAGE_ROLES
        ).exists()
    )


def is_applicant(user, application) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        application.founder_id == user.pk
        or Membership.objects.filter(user=user, organisation_id=application.company_id).exists()
    )


def applications_of(user):
    """The applications a user founded or whose start-up they belong to (one query)."""
    if not getattr(user, "is_authenticated", False):
        return Application.objects.none()
    return Application.objects.filter(
        Q(founder=user) | Q(company__memberships__user=user)
    ).distinct()


def active_assignment(user, application):
    if not getattr(user, "is_authenticated", False):
        return None
    return application.assignments.filter(reviewer=user, conflict_declared_at=None).first()


def can_see_application(user, application) -> bool:
    return (
        is_applicant(user, application)
        or runs_call(user, application.call)
        or (application.status != "draft" and active_assignment(user, application) is not None)
    )


def sees_identity(user, application) -> bool:
    """Blind calls hide who applied from reviewers (not from the applicant or the staff)."""
    if not application.call.blind:
        return True
    return is_applicant(user, application) or runs_call(user, application.call)
