from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biocampus.catalog.models import Meeting, Session


class EnrolmentStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    NO_SHOW = "no_show", _("No-show")


ACTIVE_STATUSES = (EnrolmentStatus.CONFIRMED, EnrolmentStatus.WAITLISTED)
OUTCOME_STATUSES = (EnrolmentStatus.COMPLETED, EnrolmentStatus.FAILED, EnrolmentStatus.NO_SHOW)


class Enrolment(models.Model):
    """A learner's place (or a class's places) in a session.

    `seats` > 1 is a group booking: all seats are confirmed or waitlisted together.
    Waiting-list order is (`queued_at`, `id`); positions are derived, so they stay
    contiguous whatever is cancelled or promoted.
    """

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.PROTECT, related_name="enrolments"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    seats = models.PositiveIntegerField(
        _("seats"), default=1, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    group_name = models.CharField(_("group or class"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=EnrolmentStatus.choices)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    outcome_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["queued_at", "id"]
        indexes = [models.Index(fields=["session", "status", "queued_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "learner"],
                condition=~Q(status=EnrolmentStatus.CANCELLED),
                name="one_enrolment_per_learner_and_session",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="enrolment_seats_positive"),
            models.CheckConstraint(
                condition=Q(status__in=EnrolmentStatus.values), name="enrolment_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} → {self.session} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def waitlist_position(self) -> int | None:
        """1-based place on the waiting list (None when not waiting); derived from the
        order of arrival, so positions stay contiguous whatever leaves the list."""
        if self.status != EnrolmentStatus.WAITLISTED:
            return None
        ahead = getattr(self, "waitlist_ahead", None)
        if ahead is None:
            # Plain SQL: every waiting-list answer of an enrolment rush asks this, and the
            # ORM's count() costs several times the query itself in CPU.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT COUNT(*) FROM enrolment_enrolment "
                    "WHERE session_id = %s AND status = %s AND id < %s",
                    [self.session_id, EnrolmentStatus.WAITLISTED, self.pk],
                )
                ahead = cursor.fetchone()[0]
        return ahead + 1


class Attendance(models.Model):
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="attendance"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(_("present"))
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "meeting"], name="one_mark_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}@{self.meeting_id}: {self.present}"
