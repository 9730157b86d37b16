"""Object-level access to programmes and sessions.

Missing and invisible objects are the same 404, so ids cannot be probed; a visible
object the user may not change is a 403.
"""

from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation, User
from biocampus.accounts.roles import is_campus_admin, managed_org_ids, provider_org_ids
from biocampus.catalog.models import Pillar, Programme, ProgrammeStatus, Session
from biocampus.catalog.queries import operators_managed_by
from biocampus.common.errors import DomainError, Forbidden, NotFound


def can_run_programme(user: User, programme: Programme) -> bool:
    """Admins, staff and trainers of the owning operator (and the campus) run its sessions."""
    return is_campus_admin(user) or programme.operator_id in provider_org_ids(user)


def can_view_programme(user: User, programme: Programme) -> bool:
    return programme.status == ProgrammeStatus.PUBLISHED or can_run_programme(user, programme)


def can_manage_programme(user: User, programme: Programme) -> bool:
    return is_campus_admin(user) or programme.operator_id in managed_org_ids(user)


def require_programme_manager(user: User, programme: Programme) -> None:
    """For services: refuse a change by anyone but the operator's staff (or the campus)."""
    if not can_manage_programme(user, programme):
        raise Forbidden(_("Only the operator's staff may change this programme."))


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


def get_operator_for_user(user: User, operator_id: int | None) -> Organisation:
    """The operator a new programme belongs to: one the user manages. `operator_id` only
    chooses among several; a user who manages one need not give it."""
    allowed = operators_managed_by(user)
    if operator_id is not None:
        allowed = allowed.filter(pk=operator_id)
    choices = list(allowed[:2])
    if not choices:
        raise Forbidden(_("You are not staff of a training operator."))
    if len(choices) > 1:
        raise DomainError(
            _("You manage several operators: say which one in “operator”."),
            code="operator_required",
        )
    return choices[0]


def get_pillar(slug: str) -> Pillar:
    pillar = Pillar.objects.filter(slug=slug).first()
    if pillar is None:
        raise NotFound(_("Unknown pillar."))
    return pillar
