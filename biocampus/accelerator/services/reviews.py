"""Jury review and selection: reviewer assignment without conflicts of interest, scores,
declared conflicts, and the cohort chosen from the ranking (accelerator/ranking.py)."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accelerator.access import runs_call
from biocampus.accelerator.emails import NOTIFIED
from biocampus.accelerator.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Call,
    Score,
)
from biocampus.accounts.models import Membership, User
from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, DomainError, Forbidden
from biocampus.outbox.queue import notify


@transaction.atomic
def reviewer_assign(*, actor: User, application: Application, reviewer: User) -> Assignment:
    """Never a member of the applicant organisation (or its founder)."""
    if not runs_call(actor, application.call):
        raise Forbidden(_("Only the accelerator's staff assign reviewers."))
    if application.status == ApplicationStatus.DRAFT:
        raise Conflict(_("Only submitted applications are reviewed."), code="not_submitted")
    if (
        reviewer.pk == application.founder_id
        or Membership.objects.filter(user=reviewer, organisation_id=application.company_id).exists()
    ):
        raise Conflict(
            _("This reviewer belongs to the applicant organisation."), code="conflict_of_interest"
        )
    try:
        with transaction.atomic():
            assignment = Assignment.objects.create(
                application=application, reviewer=reviewer, assigned_by=actor
            )
    except IntegrityError as exc:
        raise Conflict(_("This reviewer is already assigned."), code="duplicate") from exc
    audit(actor, "review.assign", assignment, reviewer=reviewer.pk)
    return assignment


@transaction.atomic
def conflict_declare(*, actor: User, assignment: Assignment, reason: str = "") -> Assignment:
    """A reviewer steps back from an application; the assignment ends and it is logged."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.reviewer_id != actor.pk:
        raise Forbidden(_("Only the reviewer can declare their conflict."))
    if assignment.conflict_declared_at is not None:
        raise Conflict(_("A conflict is already declared."), code="already_declared")
    assignment.conflict_declared_at = timezone.now()
    assignment.conflict_reason = reason.strip()[:300]
    assignment.save(update_fields=["conflict_declared_at", "conflict_reason"])
    Score.objects.filter(assignment=assignment).delete()
    audit(actor, "review.conflict", assignment, reason=assignment.conflict_reason)
    return assignment


@transaction.atomic
def scores_submit(*, actor: User, assignment: Assignment, scores: dict) -> Assignment:
    """`scores`: {criterion id: (value, comment)} for every criterion of the call."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("application__call")
        .get(pk=assignment.pk)
    )
    if assignment.reviewer_id != actor.pk:
        raise Forbidden(_("Only the assigned reviewer scores this application."))
    if assignment.conflict_declared_at is not None:
        raise Conflict(_("You declared a conflict on this application."), code="conflict")
    application = assignment.application
    if application.status not in (ApplicationStatus.SUBMITTED,):
        raise Conflict(_("This application is no longer under review."), code="decided")
    criteria = {c.pk: c for c in application.call.criteria.all()}
    given = {int(k): v for k, v in scores.items()}
    if set(given) != set(criteria):
        raise DomainError(_("Score every criterion of the call."), code="incomplete")
    for criterion_id, (value, comment) in given.items():
        criterion = criteria[criterion_id]
        if not isinstance(value, int) or not 0 <= value <= criterion.scale_max:
            raise DomainError(
                _("%(name)s is scored from 0 to %(max)d.")
                % {"name": criterion.name, "max": criterion.scale_max},
                code="out_of_scale",
            )
        Score.objects.update_or_create(
            assignment=assignment,
            criterion=criterion,
            defaults={"value": value, "comment": (comment or "").strip()},
        )
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["submitted_at"])
    audit(actor, "review.score", assignment)
    return assignment


@transaction.atomic
def cohort_select(*, actor: User, call: Call, decisions: dict[int, str]) -> list[Application]:
    """Accept up to the cohort size, put others on the reserve list or reject them; the
    applicants are told through the task worker."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not runs_call(actor, call):
        raise Forbidden(_("Only the accelerator's staff select the cohort."))
    if timezone.now() < call.closes_at:
        raise Conflict(_("Select once the call has closed."), code="call_open")
    allowed = {ApplicationStatus.ACCEPTED, ApplicationStatus.RESERVE, ApplicationStatus.REJECTED}
    if any(d not in allowed for d in decisions.values()):
        raise DomainError(_("Accept, reserve or reject."), code="invalid_decision")
    applications = {
        a.pk: a
        for a in call.applications.select_for_update()
        .filter(pk__in=decisions)
        .exclude(status=ApplicationStatus.DRAFT)
    }
    if set(applications) != {int(k) for k in decisions}:
        raise DomainError(_("Unknown or unsubmitted application."), code="invalid_application")
    accepted_elsewhere = (
        call.applications.filter(status=ApplicationStatus.ACCEPTED)
        .exclude(pk__in=applications)
        .count()
    )
    accepting = sum(1 for d in decisions.values() if d == ApplicationStatus.ACCEPTED)
    if accepted_elsewhere + accepting > call.cohort_size:
        raise Conflict(
            _("The cohort holds %(n)d start-ups.") % {"n": call.cohort_size}, code="cohort_full"
        )
    now = timezone.now()
    changed = []
    for application_id, decision in decisions.items():
        application = applications[int(application_id)]
        if application.status == decision:
            continue
        application.status, application.decided_at = decision, now
        application.save(update_fields=["status", "decided_at"])
        changed.append(application)
        audit(actor, f"application.{decision}", application)
    for decision in {a.status for a in changed} & NOTIFIED:
        notify(
            f"application.{decision}",
            [(a.founder_id, {"application": a.pk}) for a in changed if a.status == decision],
        )
    return changed
