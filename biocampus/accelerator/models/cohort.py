"""After selection: mentors and their matches, milestones and quarterly KPI reports."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biocampus.accelerator.models.calls import Application
from biocampus.skills.models import Skill


class MentorProfile(models.Model):
    mentor = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("expertise (skills)"), blank=True)
    tags = models.JSONField(_("expertise (free tags)"), default=list, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list)
    capacity = models.PositiveSmallIntegerField(
        _("start-ups at a time"), default=2, validators=[MaxValueValidator(20)]
    )

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")

    def __str__(self) -> str:
        return f"mentor {self.mentor_id}"


class StartupNeeds(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="needs")
    skills = models.ManyToManyField(Skill, verbose_name=_("needs (skills)"), blank=True)
    tags = models.JSONField(_("needs (free tags)"), default=list, blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list)

    class Meta:
        verbose_name = _("start-up needs")
        verbose_name_plural = _("start-up needs")

    def __str__(self) -> str:
        return f"needs of {self.application_id}"


class MentorMatch(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="mentor_matches"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentee_matches"
    )
    fit = models.PositiveIntegerField(
        _("fit"), default=0, validators=[MaxValueValidator(2**31 - 1)]
    )
    explanation = models.JSONField(_("why"), default=dict)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentor match")
        verbose_name_plural = _("mentor matches")
        constraints = [
            models.UniqueConstraint(fields=["application"], name="one_mentor_per_startup")
        ]

    def __str__(self) -> str:
        return f"{self.mentor_id} mentors {self.application_id}"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    MISSED = "missed", _("Missed")


class Milestone(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=200)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=8, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MilestoneStatus.values), name="milestone_status_valid"
            )
        ]

    def __str__(self) -> str:
        return self.title


def quarter_start(day: dt.date) -> dt.date:
    """The first day of the quarter `day` falls in: KPI reports are filed per quarter."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_label(quarter: dt.date) -> str:
    """ "2026 Q3": how the pages, charts and exports name a quarter."""
    return f"{quarter.year} Q{(quarter.month - 1) // 3 + 1}"


class KpiReport(models.Model):
    """A cohort start-up's figures for one quarter (`quarter` is its first day)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="kpis")
    quarter = models.DateField(_("quarter"))
    jobs_fte = models.DecimalField(
        _("jobs created (FTE)"),
        max_digits=7,
        decimal_places=1,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    funds_raised = models.DecimalField(
        _("funds raised (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    revenue = models.DecimalField(
        _("revenue (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    trl = models.PositiveSmallIntegerField(
        _("technology readiness level"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    patents_filed = models.PositiveSmallIntegerField(
        _("patents filed"), default=0, validators=[MaxValueValidator(10000)]
    )
    reported_at = models.DateTimeField(_("reported at"), auto_now=True)

    class Meta:
        verbose_name = _("KPI report")
        verbose_name_plural = _("KPI reports")
        ordering = ["quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "quarter"], name="one_report_per_quarter"
            ),
            models.CheckConstraint(condition=Q(trl__gte=1) & Q(trl__lte=9), name="kpi_trl_1_to_9"),
            models.CheckConstraint(condition=Q(jobs_fte__gte=0), name="kpi_jobs_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.quarter:%Y-%m}"

    @property
    def label(self) -> str:
        return quarter_label(self.quarter)
