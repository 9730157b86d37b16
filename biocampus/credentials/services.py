"""Every write to credentials: issuing one on a completed programme, revoking it."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.catalog.access import can_manage_programme
from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, DomainError, Forbidden
from biocampus.credentials import status
from biocampus.credentials.documents import credential_document
from biocampus.credentials.keys import active_key
from biocampus.credentials.models import Credential, StatusList
from biocampus.credentials.signing import sign
from biocampus.enrolment.models import Enrolment, EnrolmentStatus


@transaction.atomic
def credential_issue(*, enrolment: Enrolment) -> Credential:
    """The OpenBadgeCredential of a completed enrolment, once: issued by the programme's
    operator, valid from now and, where the programme's achievement expires, for its
    validity."""
    enrolment = Enrolment.objects.select_related(
        "learner", "session__programme__operator", "session__programme__pillar", "credential"
    ).get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise Conflict(_("Only a completed programme earns a credential."), code="not_completed")
    existing = getattr(enrolment, "credential", None)  # read with the enrolment: one query
    if existing is not None:
        return existing
    programme = enrolment.session.programme
    issuer = programme.operator
    key = active_key(issuer)
    status_list, index = status.allocate(issuer)
    now = timezone.now()
    months = programme.credential_valid_months
    valid_until = now + relativedelta(months=months) if months else None
    credential = Credential(
        learner=enrolment.learner,
        issuer=issuer,
        enrolment=enrolment,
        programme=programme,
        signing_key=key,
        valid_from=now,
        valid_until=valid_until,
        status_list=status_list,
        status_index=index,
    )
    credential.document = credential_document(
        credential_id=str(credential.id),
        programme=programme,
        email=enrolment.learner.email,
        completed_on=enrolment.session.ends_at,
        valid_from=now,
        valid_until=valid_until,
        status_list_url=status.list_url(status_list),
        status_index=index,
    )
    credential.jwt = sign(credential.document, key)
    credential.save(force_insert=True)
    audit(None, "credential.issue", credential, learner=enrolment.learner_id)
    return credential


@transaction.atomic
def credential_revoke(*, actor: User, credential: Credential, reason: str) -> Credential:
    """Revoked for good: the bit is set in the issuer's published status list."""
    credential = (
        Credential.objects.select_for_update(of=("self",))
        .select_related("programme")
        .get(pk=credential.pk)
    )
    if credential.programme is None or not can_manage_programme(actor, credential.programme):
        raise Forbidden(_("Only the issuing operator's staff may revoke its credentials."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the credential is revoked."), code="reason_required")
    if credential.revoked_at is not None:
        raise Conflict(_("This credential is already revoked."), code="revoked")
    status_list = StatusList.objects.select_for_update().get(pk=credential.status_list_id)
    status_list.bits = status.with_bit(bytes(status_list.bits), credential.status_index, True)
    status_list.save(update_fields=["bits", "updated_at"])
    credential.revoked_at, credential.revoked_reason = timezone.now(), reason[:300]
    credential.save(update_fields=["revoked_at", "revoked_reason"])
    audit(actor, "credential.revoke", credential, reason=credential.revoked_reason)
    return credential


def is_current(credential: Credential, at: dt.datetime | None = None) -> bool:
    """Valid now: not revoked, started, not expired."""
    at = at or timezone.now()
    return (
        credential.revoked_at is None
        and credential.valid_from <= at
        and (credential.valid_until is None or at < credential.valid_until)
    )
