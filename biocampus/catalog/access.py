"""Object-level access to programmes and sessions.

Missing and invisible objects are the same 404, so ids cannot be probed; a visible
object the user may not change is a 403.
"""

from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.accounts.roles import is_campus_admin, managed_org_ids, provider_org_ids
from biocampus.catalog.models import Programme, ProgrammeStatus, Session
from biocampus.common.errors import Forbidden, NotFound


def can_run_programme(user: User, programme: Programme) -> bool:
    """Admins, staff and trainers of the owning operator (and the campus) run its sessions."""
    return is_campus_admin(user) or programme.operator_id in provider_org_ids(user)


def can_view_programme(user: User, programme: Programme) -> bool:
    return programme.status == ProgrammeStatus.PUBLISHED or can_run_programme(user, programme)


def can_manage_programme(user: User, programme: Programme) -> bool:
    return is_campus_admin(user) or programme.operator_id in managed_org_ids(user)


def get_programme_for_user(user: User, programme_id: int, *, for_change: bool = False) -> Programme:
    # A primary-key fetch, then the rule in Python: the enrolment hot path goes through here.
    programme = (
        Programme.objects.select_related("operator", "pillar").filter(pk=programme_id).first()
    )
    if programme is None or not can_view_programme(user, programme):
        raise NotFound(_("Not found."))
    if for_change and not can_manage_programme(user, programme):
        raise Forbidden(_("Only the operator's staff may change this programme."))
    return programme


def get_session_for_user(
    user: User, session_id: int, *, for_change: bool = False, teach: bool = False
) -> Session:
    """`for_change`: the operator's staff may edit it; `teach`: its trainers may run it."""
    session = (
        Session.objects.select_related("programme__operator", "programme__pillar")
        .filter(pk=session_id)
        .first()
    )
    if session is None or not can_view_programme(user, session.programme):
        raise NotFound(_("Not found."))
    if for_change and not can_manage_programme(user, session.programme):
        raise Forbidden(_("Only the operator's staff may change this session."))
    if teach and not can_run_programme(user, session.programme):
        raise Forbidden(_("Only the operator's staff and trainers may run this session."))
    return session
