from django.db.models import Q, QuerySet
from django.http import Http404

from biocampus.accounts.roles import is_campus_admin, provider_org_ids
from biocampus.catalog.access import can_manage_programme
from biocampus.enrolment.models import Enrolment


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    """The learner's own enrolments, plus those in sessions of operators the user works for."""
    qs = Enrolment.objects.all()
    if is_campus_admin(user):
        return qs
    return qs.filter(
        Q(learner_id=user.pk) | Q(session__programme__operator_id__in=provider_org_ids(user))
    )


def get_enrolment_for_user(user, enrolment_id: int) -> Enrolment:
    enrolment = (
        enrolments_visible_to(user)
        .select_related("session__programme__operator", "learner")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None:
        raise Http404
    return enrolment


def can_cancel_enrolment(user, enrolment: Enrolment) -> bool:
    return enrolment.learner_id == user.pk or can_manage_programme(
        user, enrolment.session.programme
    )
