"""Closing an account (GDPR article 17).

The person's identity and free text go; the records other people rely on stay, tied to an
anonymous account: completed enrolments and attendance (the operator's records and the
campus's completion figures), skills and target job (the jobs-gap counts), past bookings
(usage hours), submitted applications and reviews (the accelerator's decisions).
Future enrolments and bookings are cancelled through their services, so seats go to the
waiting list and rooms are freed.
"""

import logging

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accelerator.models import (
    Answer,
    Application,
    ApplicationStatus,
    Assignment,
    Attachment,
    MentorMatch,
    MentorProfile,
    Score,
)
from biocampus.accounts.models import ApiToken, Membership, User
from biocampus.accounts.services import TooManyAttempts
from biocampus.common.audit import audit
from biocampus.common.errors import Forbidden
from biocampus.common.models import AuditEvent
from biocampus.credentials.models import Credential
from biocampus.enrolment.models import Enrolment, EnrolmentStatus
from biocampus.enrolment.services import enrolment_cancel
from biocampus.facilities.models import Booking, BookingStatus, CalendarToken, Purpose
from biocampus.facilities.services.bookings import booking_cancel
from biocampus.immersion.models import StaffSkill, VisitFeedback
from biocampus.outbox.models import EmailOptOut, OutboundEmail
from biocampus.outcomes.models import Hire, HireStatus, JobOutcome, OutcomeSource
from biocampus.privacy.models import DataExport
from biocampus.skills.models import ContactRequest, LearnerProfile

logger = logging.getLogger("biocampus.privacy")

CLOSED = "closed account"
# Audit data keys that carry someone's own words (a declared conflict, a cancellation
# reason, a suspension note).
FREE_TEXT_KEYS = {"reason", "note", "comment", "message"}


def account_close(*, request: HttpRequest, actor: User, password: str) -> None:
    """The person closes their own account; their password confirms it. The check goes
    through allauth, so wrong passwords count against the login page's limits (a stolen
    session or token cannot be used to guess the password)."""
    if not actor.is_authenticated or not actor.is_active:
        raise Forbidden(_("Sign in first."))
    try:
        checked = get_adapter(request).authenticate(
            request, email=actor.email, password=password or ""
        )
    except ValidationError as exc:  # allauth's "too many login attempts"
        raise TooManyAttempts(_("Too many failed attempts. Wait a few minutes.")) from exc
    if checked is None or checked.pk != actor.pk:
        raise Forbidden(_("The password is not correct."), code="wrong_password")
    erase(actor, reason="closed by the person")


def _cancel_future(user: User, now) -> tuple[int, int]:
    # Every waiting-list place (a seat freed later must not go to a closed account) and
    # every confirmed seat in a session that has not started.
    enrolments = Enrolment.objects.filter(
        Q(status=EnrolmentStatus.WAITLISTED)
        | Q(status=EnrolmentStatus.CONFIRMED, session__starts_at__gt=now),
        learner=user,
    ).select_related("session__programme")
    for enrolment in enrolments:
        enrolment_cancel(actor=user, enrolment=enrolment)
    # A room held for a session's meeting belongs to the operator's session, not to the
    # person who booked it; only their own bookings go.
    bookings = (
        Booking.objects.filter(
            booked_by=user,
            meeting__isnull=True,
            starts_at__gt=now,
            status__in=[BookingStatus.REQUESTED, BookingStatus.APPROVED],
        )
        .exclude(purpose=Purpose.MAINTENANCE)
        .select_related("resource")
    )
    for booking in bookings:
        booking_cancel(actor=user, booking=booking)
    return len(enrolments), len(bookings)


def _files_to_delete(user: User) -> list:
    files = [a.file for a in Attachment.objects.filter(application__founder=user)]
    files += [e.archive for e in DataExport.objects.filter(user=user) if e.archive]
    return files


def _erase_free_text(user: User) -> None:
    """What the person wrote, wherever it stays for others' records."""
    Answer.objects.filter(application__founder=user).update(text="")
    Application.objects.filter(founder=user).update(pitch="")
    Booking.objects.filter(booked_by=user).update(note="", title="", updated_at=timezone.now())
    Enrolment.objects.filter(learner=user).update(group_name="")
    Assignment.objects.filter(reviewer=user).update(conflict_reason="")
    Score.objects.filter(assignment__reviewer=user).update(comment="")
    for event in AuditEvent.objects.filter(actor=user).exclude(data={}):
        kept = {k: v for k, v in event.data.items() if k not in FREE_TEXT_KEYS}
        if kept != event.data:
            AuditEvent.objects.filter(pk=event.pk).update(data=kept)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_repr=CLOSED)


def erase(user: User, *, reason: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        # Locked first, so an export being built cannot leave an archive behind.
        list(DataExport.objects.select_for_update().filter(user=user))
        old_email = user.email
        cancelled = _cancel_future(user, now)
        files = _files_to_delete(user)
        Attachment.objects.filter(application__founder=user).delete()
        # Drafts were never sent to anyone: they go. Sent ones are the start-up's record.
        Application.objects.filter(founder=user, status=ApplicationStatus.DRAFT).delete()
        _erase_free_text(user)
        # Reviews not yet written and mentoring go back to the call's staff to reassign.
        Assignment.objects.filter(
            reviewer=user, submitted_at__isnull=True, conflict_declared_at__isnull=True
        ).delete()
        MentorMatch.objects.filter(mentor=user).delete()
        ContactRequest.objects.filter(learner=user).delete()
        # What the person said about their jobs goes; hires stay as the employer's record,
        # without a name, and so do the jobs they confirmed (the campus's figures).
        JobOutcome.objects.filter(learner=user).exclude(source=OutcomeSource.HIRE).delete()
        Hire.objects.filter(learner=user, status=HireStatus.PENDING).delete()
        # A credential the person carries still verifies (its status entry stays); the
        # campus no longer keeps its copy, which holds their hashed address.
        Credential.objects.filter(learner=user).update(document={}, jwt="")
        LearnerProfile.objects.filter(learner=user).update(
            findable=False, location="", consent_changed_at=now
        )
        MentorProfile.objects.filter(mentor=user).delete()
        StaffSkill.objects.filter(person=user).delete()
        # The teacher's own words go; the rating stays in the pillar's figures.
        VisitFeedback.objects.filter(visit__teacher=user).update(liked="", improve="")
        Membership.objects.filter(user=user).delete()
        ApiToken.objects.filter(user=user).delete()
        CalendarToken.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        DataExport.objects.filter(user=user).delete()
        OutboundEmail.objects.filter(Q(user=user) | Q(recipient__iexact=old_email)).delete()
        EmailOptOut.objects.filter(user=user).delete()
        user.email = f"closed-{user.pk}@invalid"
        user.full_name = ""
        user.set_unusable_password()  # also ends every signed-in session
        user.is_active = user.is_staff = user.is_superuser = False
        user.last_login = None
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        audit(
            None, "account.closed", user, reason=reason,
            cancelled_enrolments=cancelled[0], cancelled_bookings=cancelled[1],
        )  # fmt: skip
        transaction.on_commit(lambda: delete_files(files))


def delete_files(files: list) -> None:
    for file in files:
        try:
            file.storage.delete(file.name)
        except OSError:
            logger.exception("could not delete %s", file.name)


def delete_or_erase(user: User, *, reason: str) -> str:
    """For accounts that never verified their address: delete outright when nothing refers
    to them, otherwise erase."""
    try:
        with transaction.atomic():
            user.delete()
        return "deleted"
    except ProtectedError:
        erase(user, reason=reason)
        return "erased"
