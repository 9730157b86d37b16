"""Calls for applications and the applications start-ups send to them."""

import secrets

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation
from biocampus.catalog.models import Pillar


class Call(models.Model):
    operator = models.ForeignKey(
        Organisation, verbose_name=_("accelerator"), on_delete=models.PROTECT, related_name="calls"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    pillar = models.ForeignKey(
        Pillar, verbose_name=_("pillar"), on_delete=models.SET_NULL, null=True, blank=True
    )
    sector = models.CharField(_("sector focus"), max_length=120, blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    cohort_size = models.PositiveSmallIntegerField(
        _("cohort size"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    blind = models.BooleanField(
        _("blind review"), default=False, help_text=_("Reviewers do not see who applied.")
    )
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_opening"
            ),
            models.CheckConstraint(condition=Q(cohort_size__gte=1), name="call_cohort_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, at=None) -> bool:
        at = at or timezone.now()
        return self.published and self.opens_at <= at < self.closes_at


class Criterion(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    scale_max = models.PositiveSmallIntegerField(
        _("scale (0 to)"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    position = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(1000)])

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive"),
            models.CheckConstraint(condition=Q(scale_max__gte=1), name="criterion_scale_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question"), max_length=500)
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(1000)])

    class Meta:
        verbose_name = _("eligibility question")
        verbose_name_plural = _("eligibility questions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RESERVE = "reserve", _("Reserve list")
    REJECTED = "rejected", _("Not selected")


class Application(models.Model):
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    company = models.ForeignKey(
        Organisation,
        verbose_name=_("start-up"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    founder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications"
    )
    enterprise_number = models.CharField(_("enterprise number"), max_length=10, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    team_size = models.PositiveSmallIntegerField(
        _("team size"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    sector = models.CharField(_("sector"), max_length=120, blank=True)
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
    )
    funds_raised = models.DecimalField(
        _("funds raised (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    pitch = models.TextField(_("pitch"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "company"], name="one_application_per_company"),
            models.CheckConstraint(condition=Q(trl__gte=1) & Q(trl__lte=9), name="trl_1_to_9"),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values), name="application_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="submitted_applications_have_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.call}"


class Answer(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id}/{self.question_id}"


def _attachment_path(instance, filename: str) -> str:
    # A random name: what the applicant called the file never appears in a path.
    return f"applications/{instance.application_id}/{secrets.token_hex(16)}.pdf"


def _private_storage():
    return storages["private"]


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=_attachment_path, storage=_private_storage)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), validators=[MaxValueValidator(2**31 - 1)])
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
