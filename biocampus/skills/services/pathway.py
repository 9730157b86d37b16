"""Enrolling in a planned pathway: every session through the normal enrolment service."""

from dataclasses import dataclass

from django.db import transaction

from biocampus.accounts.models import User
from biocampus.common.errors import DomainError
from biocampus.enrolment.services import enrolment_create


@dataclass
class PathwayEnrolment:
    session_id: int
    status: str  # confirmed, waitlisted, or the error code that stopped it
    enrolment_id: int | None = None
    message: str = ""


def pathway_enrol(*, actor: User, session_ids: list[int]) -> list[PathwayEnrolment]:
    """Enrol in each session through the normal enrolment service, one transaction each,
    so a session that refuses (deadline passed, already enrolled...) does not undo the others."""
    results = []
    for session_id in session_ids:
        try:
            with transaction.atomic():
                enrolment = enrolment_create(actor=actor, session_id=session_id)
        except DomainError as error:
            results.append(PathwayEnrolment(session_id, error.code, message=str(error.message)))
        else:
            results.append(PathwayEnrolment(session_id, enrolment.status, enrolment.pk))
    return results
