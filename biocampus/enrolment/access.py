"""Who may see and change enrolments.

Missing and not-yours are the same 404, so ids cannot be probed; an enrolment the user
can see but not change is a 403.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.accounts.roles import is_campus_admin, provider_org_ids
from biocampus.catalog.access import can_manage_programme
from biocampus.catalog.models import Meeting
from biocampus.common.errors import Forbidden, NotFound
from biocampus.enrolment.models import Enrolment


def enrolments_visible_to(user: User) -> QuerySet[Enrolment]:
    """The learner's own enrolments, plus those in sessions of operators the user works for."""
    qs = Enrolment.objects.all()
    if is_campus_admin(user):
        return qs
    return qs.filter(
        Q(learner_id=user.pk) | Q(session__programme__operator_id__in=provider_org_ids(user))
    )


def can_cancel_enrolment(user: User, enrolment: Enrolment) -> bool:
    return enrolment.learner_id == user.pk or can_manage_programme(
        user, enrolment.session.programme
    )


def get_enrolment_for_user(user: User, enrolment_id: int, *, for_change: bool = False) -> Enrolment:
    """`for_change`: the user may also cancel it (the learner, or the operator's staff)."""
    enrolment = (
        enrolments_visible_to(user)
        .select_related("session__programme__operator", "learner")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None:
        raise NotFound(_("Not found."))
    if for_change and not can_cancel_enrolment(user, enrolment):
        raise Forbidden(_("You cannot cancel this enrolment."))
    return enrolment


def get_meeting_for_enrolment(enrolment: Enrolment, meeting_id: int) -> Meeting:
    """A meeting of the enrolment's session (attendance is taken per meeting)."""
    meeting = Meeting.objects.filter(pk=meeting_id, session_id=enrolment.session_id).first()
    if meeting is None:
        raise NotFound(_("Not found."))
    return meeting
