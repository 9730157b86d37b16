"""Who may see and do what in the accelerator.

- The accelerator's staff (admin or staff of the call's operator) and campus admins run a
  call: applications, reviewers, ranking, selection.
- A start-up's founder and members see their own applications, never others'.
- A reviewer sees only the applications assigned to them (and never one from their own
  organisation); in a blind call, without the applicant's identity.
"""

from django.utils.translation import gettext_lazy as _

from biocampus.accelerator.models import Application, Assignment, Attachment, Call, Milestone
from biocampus.accounts.models import MANAGE_ROLES, Membership, User
from biocampus.accounts.roles import is_campus_admin
from biocampus.common.errors import Forbidden, NotFound


def runs_call(user: User, call: Call) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        is_campus_admin(user)
        or Membership.objects.filter(
            user=user, organisation_id=call.operator_id, role__in=MANAGE_ROLES
        ).exists()
    )


def is_applicant(user: User, application: Application) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        application.founder_id == user.pk
        or Membership.objects.filter(user=user, organisation_id=application.company_id).exists()
    )


def active_assignment(user: User, application: Application) -> Assignment | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return application.assignments.filter(reviewer=user, conflict_declared_at=None).first()


def can_see_application(user: User, application: Application) -> bool:
    return (
        is_applicant(user, application)
        or runs_call(user, application.call)
        or (application.status != "draft" and active_assignment(user, application) is not None)
    )


def sees_identity(user: User, application: Application) -> bool:
    """Blind calls hide who applied from reviewers (not from the applicant or the staff)."""
    if not application.call.blind:
        return True
    return is_applicant(user, application) or runs_call(user, application.call)


def get_call_for_user(user: User, call_id: int, *, for_change: bool = False) -> Call:
    """A published call, or any call the user runs. `for_change`: the user runs it."""
    call = Call.objects.select_related("operator").filter(pk=call_id).first()
    if call is None or not (call.published or runs_call(user, call)):
        raise NotFound(_("Not found."))
    if for_change and not runs_call(user, call):
        raise Forbidden(_("Only the accelerator's staff may do this."))
    return call


def get_application_for_user(
    user: User, application_id: int, *, for_change: bool = False
) -> Application:
    """An application the user applied with, runs the call of, or was assigned to review.
    `for_change`: the user is the applicant (founder or start-up member)."""
    application = (
        Application.objects.select_related("call__operator", "company")
        .filter(pk=application_id)
        .first()
    )
    if application is None or not can_see_application(user, application):
        raise NotFound(_("Not found."))
    if for_change and not is_applicant(user, application):
        raise Forbidden(_("Only the applicant may do this."))
    return application


def get_assignment_for_user(user: User, application_id: int) -> Assignment:
    """The user's own active review assignment for an application."""
    application = get_application_for_user(user, application_id)
    assignment = active_assignment(user, application)
    if assignment is None:
        raise NotFound(_("Not found."))
    assignment.application = application
    return assignment


def get_attachment_for_user(user: User, attachment_id: int) -> Attachment:
    """A file of an application the user may see."""
    attachment = (
        Attachment.objects.select_related("application__call", "application__company")
        .filter(pk=attachment_id)
        .first()
    )
    if attachment is None or not can_see_application(user, attachment.application):
        raise NotFound(_("Not found."))
    return attachment


def get_milestone_for_user(user: User, application: Application, milestone_id: int) -> Milestone:
    """A milestone of an application the user may see (the service decides who changes it)."""
    milestone = application.milestones.filter(pk=milestone_id).first()
    if milestone is None or not can_see_application(user, application):
        raise NotFound(_("Not found."))
    return milestone
