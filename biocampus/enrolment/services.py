"""Every write to enrolments and the session seat ledger.

Concurrency policy: every change to a session's seats runs in one transaction that
first locks the session row (SELECT ... FOR UPDATE on PostgreSQL; BEGIN IMMEDIATE
serialises writers on SQLite). Rules are re-checked on the locked row, so two
requests can never both take the last seat. The `session_never_oversold` check
constraint and the partial unique index on (session, learner) back this up.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import User
from biocampus.accounts.roles import can_book_groups
from biocampus.catalog.access import can_run_programme, can_view_programme
from biocampus.catalog.locks import session_lock
from biocampus.catalog.models import Meeting, ProgrammeStatus, Session, SessionStatus
from biocampus.common.audit import audit
from biocampus.common.errors import Conflict, DomainError, Forbidden, NotFound
from biocampus.credentials.services import credential_issue, credential_withdraw
from biocampus.enrolment import seat_sql
from biocampus.enrolment.access import can_cancel_enrolment
from biocampus.enrolment.models import (
    ACTIVE_STATUSES,
    OUTCOME_STATUSES,
    Attendance,
    Enrolment,
    EnrolmentStatus,
)
from biocampus.outbox.queue import notify, nudge
from biocampus.skills.services.profiles import skills_credit_completion

MAX_GROUP_SEATS = 200


def _notify(event: str, enrolments: list[tuple[int, int]], reason: str = "") -> None:
    """One e-mail per (enrolment id, learner id), recorded with the change itself."""
    extra = {"reason": reason} if reason else {}
    notify(
        f"enrolment.{event}",
        [(learner_id, {"enrolment": pk, **extra}) for pk, learner_id in enrolments],
    )


def enrolment_create(
    *,
    actor: User,
    session_id: int,
    seats: int = 1,
    group_name: str = "",
    learner: User | None = None,
) -> Enrolment:
    """Confirm the learner while `seats` seats remain, else put them on the waiting list.

    Keeps: confirmed seats never exceed capacity; one enrolment per learner and session;
    no enrolment after the deadline or in a session that is not scheduled.
    """
    learner = learner or actor
    if learner.pk != actor.pk:
        raise Forbidden(_("You can only enrol yourself."))
    if not isinstance(seats, int) or seats < 1:
        raise DomainError(_("Book at least one seat."), code="invalid_seats")
    if seats > 1 and not can_book_groups(actor):
        raise Forbidden(_("Only teachers and schools can book several seats at once."))
    if seats > MAX_GROUP_SEATS:
        raise DomainError(_("A group booking is limited to 200 seats."), code="invalid_seats")
    group_name = clean_group_name(group_name)
    try:
        with transaction.atomic():
            if seats == 1 and seat_sql.supported():
                enrolment = _take_one_seat(learner, session_id, group_name)
                if enrolment is not None:
                    return enrolment
            session = session_lock(session_id)
            if not can_view_programme(actor, session.programme):
                raise NotFound(_("Not found."))
            _check_open(session, seats)
            # No look-up for an existing enrolment: the partial unique index refuses it
            # (below), which keeps this locked section one query shorter.
            fits = session.confirmed_seats + seats <= session.capacity
            enrolment = Enrolment.objects.create(
                session=session,
                learner=learner,
                seats=seats,
                group_name=group_name,
                status=EnrolmentStatus.CONFIRMED if fits else EnrolmentStatus.WAITLISTED,
                confirmed_at=timezone.now() if fits else None,
            )
            if fits:
                Session.objects.filter(pk=session.pk).update(
                    confirmed_seats=F("confirmed_seats") + seats
                )
            audit(actor, "enrolment.create", enrolment, status=enrolment.status, seats=seats)
            _notify(enrolment.status, [(enrolment.pk, enrolment.learner_id)])
    except IntegrityError as exc:
        if _violates(exc, "one_enrolment_per_learner_and_session"):
            raise Conflict(
                _("You are already enrolled in this session."), code="duplicate"
            ) from exc
        raise
    return enrolment


GROUP_NAME_MAX = Enrolment._meta.get_field("group_name").max_length


def clean_group_name(group_name: str) -> str:
    return group_name.strip()[:GROUP_NAME_MAX]


def _take_one_seat(learner: User, session_id: int, group_name: str) -> Enrolment | None:
    """The common case in one statement (see seat_sql); None when a rule refused, with
    nothing written, so the caller's checks say which."""
    now = timezone.now()
    seat = seat_sql.take_seat(
        learner_id=learner.pk, session_id=session_id, group_name=group_name, now=now
    )
    if seat is None:
        return None
    nudge()
    enrolment = seat_sql.seat_enrolment(
        seat, learner_id=learner.pk, session_id=session_id, group_name=group_name, now=now
    )
    enrolment.learner = learner
    return enrolment


def _violates(exc: IntegrityError, constraint: str) -> bool:
    """Whether `exc` comes from the named unique constraint. PostgreSQL names it; SQLite
    only says UNIQUE, and the enrolment table has no other unique constraint."""
    diag = getattr(exc.__cause__, "diag", None)
    if diag is not None:
        return diag.constraint_name == constraint
    return "UNIQUE constraint failed" in str(exc)


def _check_open(session: Session, seats: int) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise Conflict(_("This session has been cancelled."), code="session_cancelled")
    if session.status != SessionStatus.SCHEDULED:
        raise Conflict(_("This session is closed."), code="session_closed")
    if session.programme.status != ProgrammeStatus.PUBLISHED:
        raise Conflict(_("This programme is not open for enrolment."), code="not_published")
    if timezone.now() > session.enrolment_deadline:
        raise Conflict(_("The enrolment deadline has passed."), code="deadline_passed")
    if seats > session.capacity:
        raise DomainError(
            _("This session has only %(n)s seats in all.") % {"n": session.capacity},
            code="group_too_large",
        )


def waitlist_promote(*, actor: User, session: Session) -> list[Enrolment]:
    """Give free seats to the waiting list in order; a group that does not fit is
    skipped (never split) and keeps its place. Call with the session locked."""
    free = session.capacity - Session.objects.values_list("confirmed_seats", flat=True).get(
        pk=session.pk
    )
    promoted: list[Enrolment] = []
    if free <= 0:
        return promoted
    waiting = Enrolment.objects.filter(
        session_id=session.pk, status=EnrolmentStatus.WAITLISTED, seats__lte=free
    ).order_by("id")
    now = timezone.now()
    for enrolment in waiting:
        if enrolment.seats > free:
            continue
        enrolment.status, enrolment.confirmed_at = EnrolmentStatus.CONFIRMED, now
        enrolment.save(update_fields=["status", "confirmed_at"])
        free -= enrolment.seats
        promoted.append(enrolment)
        audit(actor, "enrolment.promote", enrolment)
        if free == 0:
            break
    if promoted:
        Session.objects.filter(pk=session.pk).update(
            confirmed_seats=F("confirmed_seats") + sum(e.seats for e in promoted)
        )
        _notify("promoted", [(e.pk, e.learner_id) for e in promoted])
    return promoted


def enrolment_cancel(*, actor: User, enrolment: Enrolment) -> Enrolment:
    """Cancel a confirmed or waiting enrolment; freed seats go to the waiting list."""
    if not can_cancel_enrolment(actor, enrolment):
        raise Forbidden(_("You cannot cancel this enrolment."))
    with transaction.atomic():
        session = session_lock(enrolment.session_id)
        enrolment = Enrolment.objects.get(pk=enrolment.pk)
        if enrolment.status not in ACTIVE_STATUSES:
            raise Conflict(_("This enrolment is no longer active."), code="not_active")
        was_confirmed = enrolment.status == EnrolmentStatus.CONFIRMED
        enrolment.status, enrolment.cancelled_at = EnrolmentStatus.CANCELLED, timezone.now()
        enrolment.save(update_fields=["status", "cancelled_at"])
        if was_confirmed:
            Session.objects.filter(pk=session.pk).update(
                confirmed_seats=F("confirmed_seats") - enrolment.seats
            )
        audit(actor, "enrolment.cancel", enrolment, was_confirmed=was_confirmed)
        _notify("cancelled", [(enrolment.pk, enrolment.learner_id)])
        if was_confirmed and session.status == SessionStatus.SCHEDULED:
            waitlist_promote(actor=actor, session=session)
    return enrolment


def enrolments_cancel_for_session(*, actor: User, session: Session, reason: str) -> int:
    """Cancel every active enrolment of a session being cancelled and tell each learner.
    Call with the session locked (the session lifecycle does); returns how many."""
    active = list(
        Enrolment.objects.filter(session=session, status__in=ACTIVE_STATUSES).values_list(
            "pk", "learner_id"
        )
    )
    Enrolment.objects.filter(pk__in=[pk for pk, _learner in active]).update(
        status=EnrolmentStatus.CANCELLED, cancelled_at=timezone.now()
    )
    _notify("session_cancelled", active, reason=reason)
    return len(active)


def enrolment_record_outcome(*, actor: User, enrolment: Enrolment, outcome: str) -> Enrolment:
    """Completed, failed or no-show, once the session has started. The seat stays taken."""
    if outcome not in OUTCOME_STATUSES:
        raise DomainError(_("Unknown outcome."), code="invalid_outcome")
    if not can_run_programme(actor, enrolment.session.programme):
        raise Forbidden(_("Only the operator's staff and trainers may record outcomes."))
    with transaction.atomic():
        session_lock(enrolment.session_id)
        enrolment = Enrolment.objects.select_related("session").get(pk=enrolment.pk)
        was_completed = enrolment.status == EnrolmentStatus.COMPLETED
        if enrolment.status not in (EnrolmentStatus.CONFIRMED, *OUTCOME_STATUSES):
            raise Conflict(_("Only a confirmed enrolment can be completed."), code="not_confirmed")
        if enrolment.session.starts_at > timezone.now():
            raise Conflict(_("The session has not started yet."), code="not_started")
        enrolment.status, enrolment.outcome_at = outcome, timezone.now()
        enrolment.save(update_fields=["status", "outcome_at"])
        audit(actor, "enrolment.outcome", enrolment, outcome=outcome)
        if outcome == EnrolmentStatus.COMPLETED:
            # Completing the session verifies what its programme teaches and earns its
            # Open Badges credential, in this transaction.
            skills_credit_completion(enrolment=enrolment)
            credential_issue(enrolment=enrolment)
        elif was_completed:
            # A completion taken back takes its credential with it.
            credential_withdraw(actor=actor, enrolment=enrolment)
    return enrolment


def attendance_mark(
    *, actor: User, enrolment: Enrolment, meeting: Meeting, present: bool
) -> Attendance:
    if not can_run_programme(actor, enrolment.session.programme):
        raise Forbidden(_("Only the operator's staff and trainers may take attendance."))
    if meeting.session_id != enrolment.session_id:
        raise DomainError(_("This meeting belongs to another session."), code="wrong_meeting")
    if enrolment.status not in (EnrolmentStatus.CONFIRMED, *OUTCOME_STATUSES):
        raise Conflict(_("Only confirmed learners have attendance."), code="not_confirmed")
    with transaction.atomic():
        mark, _created = Attendance.objects.update_or_create(
            enrolment=enrolment,
            meeting=meeting,
            defaults={"present": bool(present), "marked_by": actor},
        )
        audit(actor, "attendance.mark", mark, present=bool(present))
    return mark


def attendance_mark_all_present(*, actor: User, session: Session, meeting_id: int) -> int:
    """Mark every confirmed learner of the session present at the meeting, leaving the
    marks already taken (an absence stays an absence). Returns how many were marked."""
    if not can_run_programme(actor, session.programme):
        raise Forbidden(_("Only the operator's staff and trainers may take attendance."))
    meeting = Meeting.objects.filter(pk=meeting_id, session=session).first()
    if meeting is None:
        raise NotFound(_("Not found."))
    with transaction.atomic():
        marked = set(
            Attendance.objects.filter(meeting=meeting).values_list("enrolment_id", flat=True)
        )
        unmarked = Enrolment.objects.filter(
            session=session, status__in=(EnrolmentStatus.CONFIRMED, *OUTCOME_STATUSES)
        ).exclude(pk__in=marked)
        marks = Attendance.objects.bulk_create(
            Attendance(enrolment=e, meeting=meeting, present=True, marked_by=actor)
            for e in unmarked
        )
        audit(actor, "attendance.all_present", meeting, count=len(marks))
    return len(marks)
