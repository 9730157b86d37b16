"""Outgoing e-mail, recorded in the same transaction as the change that causes it."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # What it was about no longer exists (an enrolment deleted before the send).
    DROPPED = "dropped", _("Nothing left to send")


class OutboundEmail(models.Model):
    """One e-mail to one recipient.

    A notification stores only references (`kind` and `params`) and is rendered at send
    time, so nothing personal or secret rests here. A message rendered elsewhere (allauth's
    password-reset and verification mails) is stored in `message` until it is sent, then
    emptied.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("references"), default=dict, blank=True)
    message = models.JSONField(_("message"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient account"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient = models.CharField(_("recipient"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(
        _("attempts"), default=0, validators=[MaxValueValidator(1000)]
    )
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=["queued", "sending"]),
                name="outbox_due",
            ),
            models.Index(fields=["status", "created_at"], name="outbox_by_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EmailStatus.values), name="outbox_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="sending") | Q(claimed_at__isnull=True),
                name="outbox_claimed_only_while_sending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient or self.user_id} ({self.status})"


class Topic(models.TextChoices):
    """Notifications a person may turn off. Anything else (a seat given or taken away, a
    decision, a security message) is always sent."""

    ENROLMENT_RECEIPTS = (
        "enrolment_receipts",
        _("Receipts of your own enrolments and waiting-list places, with a calendar invitation"),
    )
    BOOKING_DECISIONS = (
        "booking_decisions",
        _("Room and lab bookings approved or cancelled, with a calendar invitation"),
    )
    FOLLOW_UPS = (
        "follow_ups",
        _("A question about your job 3, 6 and 12 months after a programme"),
    )


class EmailOptOut(models.Model):
    """A person who turned a topic off."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail opt-out")
        verbose_name_plural = _("e-mail opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["user", "topic"], name="one_opt_out_per_topic"),
            models.CheckConstraint(condition=Q(topic__in=Topic.values), name="opt_out_topic_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} off {self.topic}"
