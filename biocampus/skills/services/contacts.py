"""Contact requests: the learner decides who gets their e-mail address.

An employer's recruiter asks to contact a candidate from a vacancy's candidate list; the
learner accepts or declines on their skills page; only an accepted request shows the
employer the learner's e-mail address (pages, API and exports alike).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, Forbidden
from biocampus.skills.access import can_manage_vacancies_of
from biocampus.skills.models import ContactRequest, ContactStatus, Vacancy
from biocampus.skills.queries.matching import candidate


def contact_request_create(
    *, actor: User, vacancy: Vacancy, learner_id: int, message: str = ""
) -> ContactRequest:
    """Ask a consenting candidate of the vacancy whether the employer may contact them.
    One request per employer and learner; a candidate who withdrew consent is not found."""
    if not can_manage_vacancies_of(actor, vacancy.employer_id):
        raise Forbidden(_("Only the employer's recruiters ask to contact a candidate."))
    learner = candidate(vacancy, learner_id).learner  # NotFound unless findable
    try:
        with transaction.atomic():
            request = ContactRequest.objects.create(
                employer_id=vacancy.employer_id,
                learner=learner,
                vacancy=vacancy,
                requested_by=actor,
                message=message.strip()[:1000],
            )
            audit(actor, "contact.request", request, learner=learner.pk, vacancy=vacancy.pk)
    except IntegrityError as exc:
        raise Conflict(
            _("Your company has already asked to contact this candidate."), code="already_asked"
        ) from exc
    return request


def contact_request_answer(*, actor: User, request: ContactRequest, accept: bool) -> ContactRequest:
    """The learner accepts (the employer then sees their e-mail address) or declines."""
    with transaction.atomic():
        locked = ContactRequest.objects.select_for_update().get(pk=request.pk)
        if locked.learner_id != actor.pk:
            raise Forbidden(_("Only the learner answers a contact request."))
        if locked.status != ContactStatus.PENDING:
            raise Conflict(_("This request has already been answered."), code="answered")
        locked.status = ContactStatus.ACCEPTED if accept else ContactStatus.DECLINED
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answered_at"])
        audit(actor, f"contact.{locked.status}", locked, employer=locked.employer_id)
    return locked
