"""Every write to credentials: issuing one on a completed programme; revoking,
suspending, reinstating and re-issuing it (the learner is told of each)."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.accounts.roles import is_campus_admin, managed_org_ids
from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, DomainError, Forbidden
from biocampus.credentials import status
from biocampus.credentials.documents import (
    achievement,
    assessment_achievement,
    class_identifier,
    credential_document,
    discovery_achievement,
    parse_time,
)
from biocampus.credentials.keys import active_key
from biocampus.credentials.models import Assessment, Credential, StatusList, StatusPurpose
from biocampus.credentials.queries import VALID, credential_state
from biocampus.credentials.signing import digest, sign
from biocampus.enrolment.models import Enrolment, EnrolmentStatus
from biocampus.outbox.queue import notify


@transaction.atomic
def credential_issue(*, enrolment: Enrolment) -> Credential:
    """The OpenBadgeCredential of a completed enrolment, once: issued by the programme's
    operator, valid from now and, where the programme's achievement expires, for its
    validity."""
    enrolment = _completed(enrolment)
    existing = getattr(enrolment, "credential", None)  # read with the enrolment: one query
    if existing is not None:
        return existing
    credential = _signed(enrolment)
    audit(None, "credential.issue", credential, learner=enrolment.learner_id)
    notify("credential.issued", [(credential.learner_id, {"credential": str(credential.pk)})])
    return credential


def _completed(enrolment: Enrolment) -> Enrolment:
    enrolment = Enrolment.objects.select_related(
        "learner", "session__programme__operator", "session__programme__pillar", "credential"
    ).get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.COMPLETED:
        raise Conflict(_("Only a completed programme earns a credential."), code="not_completed")
    return enrolment


def _signed(enrolment: Enrolment) -> Credential:
    programme = enrolment.session.programme
    return _sign(
        learner=enrolment.learner,
        issuer=programme.operator,
        name=programme.title,
        achieved=achievement(programme),
        completed_on=enrolment.session.ends_at,
        months=programme.credential_valid_months,
        enrolment=enrolment,
        programme=programme,
    )


def signed_assessment(assessment: Assessment, learner: User, assessed_on) -> Credential:
    return _sign(
        learner=learner,
        issuer=assessment.issuer,
        name=assessment.title,
        achieved=assessment_achievement(assessment),
        completed_on=assessed_on,
        months=assessment.valid_months,
        assessment=assessment,
    )


def signed_class_badge(*, visit) -> Credential:
    """The class's credential of discovery, held by its teacher for the class: it names
    the class and its school, never a pupil. Signs without asking who may: the caller
    (`immersion.badges.class_badge_issue`, or a re-issue here) has checked."""
    fmt = visit.format
    leaves = dt.datetime.combine(visit.date, visit.departure)
    return _sign(
        learner=visit.teacher,
        issuer=fmt.campus,
        name=f"{fmt.name}: {visit.class_name}, {visit.school.name}",
        achieved=discovery_achievement(fmt),
        completed_on=timezone.make_aware(leaves),
        months=None,
        identifier=class_identifier(f"{visit.class_name}, {visit.school.name}"),
        visit=visit,
    )


def _sign(
    *,
    learner: User,
    issuer,
    name: str,
    achieved: dict,
    completed_on,
    months,
    identifier: dict | None = None,
    **links,
) -> Credential:
    """Sign and save a credential; `links` say what it certifies (an enrolment and its
    programme, or an assessment)."""
    key = active_key(issuer)
    status_list, index = status.allocate(issuer)
    now = timezone.now()
    valid_until = now + relativedelta(months=months) if months else None
    credential = Credential(
        learner=learner,
        issuer=issuer,
        signing_key=key,
        valid_from=now,
        valid_until=valid_until,
        status_list=status_list,
        status_index=index,
        **links,
    )
    credential.document = credential_document(
        credential_id=str(credential.id),
        name=name,
        issuer=issuer,
        achieved=achieved,
        email=learner.email,
        completed_on=completed_on,
        valid_from=now,
        valid_until=valid_until,
        status=status.status_entry(status_list, index),
        identifier=identifier,
    )
    credential.jwt = sign(credential.document, key)
    credential.jwt_digest = digest(credential.jwt)
    credential.save(force_insert=True)
    return credential


def may_issue_for(actor: User, issuer_id: int) -> bool:
    """The issuer's managers, and the campus's admins (for every issuer)."""
    return is_campus_admin(actor) or issuer_id in managed_org_ids(actor)


def _locked(actor: User, credential: Credential) -> Credential:
    """The credential, row-locked, once the actor is known to be its issuer's staff."""
    credential = (
        Credential.objects.select_for_update(of=("self",))
        .select_related("status_list", "learner", "assessment__issuer")
        .get(pk=credential.pk)
    )
    if not may_issue_for(actor, credential.issuer_id):
        raise Forbidden(_("Only the issuer's staff may change its credentials."))
    return credential


def _reason(reason: str, missing) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(missing, code="reason_required")
    return reason[:300]


def _publish(credential: Credential, state: int) -> None:
    """Write the credential's entry in its issuer's published status list."""
    status_list = StatusList.objects.select_for_update().get(pk=credential.status_list_id)
    status_list.bits = status.with_state(status_list, credential.status_index, state)
    status_list.save(update_fields=["bits", "updated_at"])


def _tell(credential: Credential, event: str) -> None:
    notify(
        "credential.changed",
        [(credential.learner_id, {"credential": str(credential.pk), "event": event})],
    )


@transaction.atomic
def credential_revoke(*, actor: User, credential: Credential, reason: str) -> Credential:
    """Revoked for good: its entry says so in the issuer's published status list, and the
    learner is told why."""
    credential = _locked(actor, credential)
    reason = _reason(reason, _("Say why the credential is revoked."))
    if credential.revoked_at is not None:
        raise Conflict(_("This credential is already revoked."), code="revoked")
    _publish(credential, status.REVOKED)
    credential.revoked_at, credential.revoked_reason = timezone.now(), reason
    credential.save(update_fields=["revoked_at", "revoked_reason"])
    audit(actor, "credential.revoke", credential, reason=reason)
    _tell(credential, "revoked")
    return credential


def credential_withdraw(*, actor: User, enrolment: Enrolment) -> None:
    """The completion was recorded in error (changed to failed or no-show): its credential
    is revoked at once and freed from it, so completing again earns a new one. Called by
    enrolment_record_outcome, inside its transaction, which checked the actor runs the
    programme."""
    credential = (
        Credential.objects.select_for_update(of=("self",))
        .select_related("status_list")
        .filter(enrolment=enrolment)
        .first()
    )
    if credential is None:
        return
    if credential.revoked_at is None:
        _publish(credential, status.REVOKED)
        credential.revoked_at = timezone.now()
        credential.revoked_reason = str(_("The completion it certified was withdrawn."))
        _tell(credential, "revoked")
    credential.enrolment = None
    credential.save(update_fields=["revoked_at", "revoked_reason", "enrolment"])
    audit(actor, "credential.withdraw", credential, enrolment=enrolment.pk)


@transaction.atomic
def credential_suspend(*, actor: User, credential: Credential, reason: str) -> Credential:
    """Suspended until the issuer reinstates it (an inquiry, say): verifiers see it as
    not valid meanwhile."""
    credential = _locked(actor, credential)
    reason = _reason(reason, _("Say why the credential is suspended."))
    if credential.revoked_at is not None:
        raise Conflict(_("This credential is already revoked."), code="revoked")
    if credential.suspended_at is not None:
        raise Conflict(_("This credential is already suspended."), code="suspended")
    if credential.status_list.purpose != StatusPurpose.MESSAGE:
        raise Conflict(
            _("This credential was issued before suspension existed: revoke or re-issue it."),
            code="not_suspendable",
        )
    _publish(credential, status.SUSPENDED)
    credential.suspended_at, credential.suspended_reason = timezone.now(), reason
    credential.save(update_fields=["suspended_at", "suspended_reason"])
    audit(actor, "credential.suspend", credential, reason=reason)
    _tell(credential, "suspended")
    return credential


@transaction.atomic
def credential_reinstate(*, actor: User, credential: Credential) -> Credential:
    credential = _locked(actor, credential)
    if credential.revoked_at is not None:
        raise Conflict(_("A revoked credential cannot be reinstated."), code="revoked")
    if credential.suspended_at is None:
        raise Conflict(_("This credential is not suspended."), code="not_suspended")
    _publish(credential, status.VALID)
    credential.suspended_at, credential.suspended_reason = None, ""
    credential.save(update_fields=["suspended_at", "suspended_reason"])
    audit(actor, "credential.reinstate", credential)
    _tell(credential, "reinstated")
    return credential


@transaction.atomic
def credential_reissue(*, actor: User, credential: Credential) -> Credential:
    """A new credential for the same completion (or assessment), from the programme as it
    is now (a corrected title or skills, a new key); the old one is revoked and points to
    it. A revoked credential is not brought back this way: revocation is final."""
    credential = _locked(actor, credential)
    visit = credential.visit if credential.visit_id else None
    if credential.replaced_by_id is not None:
        raise Conflict(_("This credential was already re-issued."), code="reissued")
    if credential.revoked_at is not None:
        raise Conflict(
            _("A revoked credential stays revoked: it is not re-issued."), code="revoked"
        )
    if not credential.jwt or not credential.learner.is_active:
        raise Conflict(
            _("The learner closed their account: nothing is issued to it any more."),
            code="account_closed",
        )
    if credential.enrolment_id is None and credential.assessment_id is None and not visit:
        raise Conflict(
            _("The completion this credential certifies no longer exists."), code="no_completion"
        )
    enrolment = _completed(credential.enrolment) if credential.enrolment_id else None
    _publish(credential, status.REVOKED)
    credential.revoked_at = timezone.now()
    credential.revoked_reason = str(_("Replaced by a re-issued credential."))
    # The completion (or the class's visit) moves to the new credential.
    credential.enrolment = credential.visit = None
    credential.save(update_fields=["revoked_at", "revoked_reason", "enrolment", "visit"])
    if enrolment is not None:
        fresh = _signed(enrolment)
    elif visit is not None:
        fresh = signed_class_badge(visit=visit)
    else:
        subject = credential.document["credentialSubject"]
        assessed_on = parse_time(subject["activityEndDate"])
        fresh = signed_assessment(credential.assessment, credential.learner, assessed_on)
    credential.replaced_by = fresh
    credential.save(update_fields=["replaced_by"])
    audit(actor, "credential.reissue", credential, replaced_by=str(fresh.pk))
    _tell(fresh, "reissued")
    return fresh


def is_current(credential: Credential, at: dt.datetime | None = None) -> bool:
    """Valid now: not revoked or suspended, not expired (the state pages show), and
    started."""
    at = at or timezone.now()
    return credential_state(credential, at) == VALID and credential.valid_from <= at
