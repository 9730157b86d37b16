"""The class's Open Badges 3.0 credential of discovery, issued by the campus once the
class has come: to the school class (its teacher holds it), never to a pupil."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, Forbidden, NotFound
from biocampus.credentials.models import Credential
from biocampus.credentials.services import may_issue_for, signed_class_badge
from biocampus.facilities.access import is_facility_manager
from biocampus.immersion.access import check_campus
from biocampus.immersion.models import Visit, VisitStatus


def class_badge_issue(*, actor: User, visit_id: int) -> Credential:
    """One badge per class that came, signed by its campus's administrators."""
    if not is_facility_manager(actor):
        raise Forbidden(_("Only the campus issues the classes' badges."))
    with transaction.atomic():
        visit = (
            Visit.objects.select_for_update(of=("self",))
            .select_related("format__campus", "school", "teacher")
            .filter(pk=visit_id)
            .first()
        )
        if visit is None:
            raise NotFound(_("Not found."))
        check_campus(actor, visit.format.campus_id)
        # Signing in the campus's name is its administrators' act, as revoking is.
        if not may_issue_for(actor, visit.format.campus_id):
            raise Forbidden(_("Only the campus's administrators issue credentials."))
        if visit.status != VisitStatus.PLANNED or visit.date > timezone.localdate():
            raise Conflict(_("The badge is issued once the class has come."), code="not_yet")
        if Credential.objects.filter(visit=visit).exists():
            raise Conflict(_("This class already has its badge."), code="issued")
        if not visit.teacher.is_active:
            raise Conflict(
                _("The teacher closed their account: there is nobody to hold the badge."),
                code="account_closed",
            )
        credential = signed_class_badge(visit=visit)
        audit(actor, "immersion.visit.badge", visit, credential=str(credential.pk))
    return credential
