"""Contact requests: an employer sees a candidate's e-mail address only once the learner
has accepted its request."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation
from biocampus.skills.models.vacancies import Vacancy


class ContactStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for your answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class ContactRequest(models.Model):
    employer = models.ForeignKey(
        Organisation,
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="contact_requests",
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="contact_requests",
    )
    vacancy = models.ForeignKey(
        Vacancy,
        verbose_name=_("vacancy"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ContactStatus.choices, default=ContactStatus.PENDING
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One request per employer and learner: a declined one is not asked again.
            models.UniqueConstraint(fields=["employer", "learner"], name="one_contact_request"),
            models.CheckConstraint(
                condition=Q(status__in=ContactStatus.values), name="contact_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} → {self.learner} ({self.status})"
