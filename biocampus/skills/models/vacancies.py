"""What employers need: vacancies now and hiring forecasts for the years ahead."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation
from biocampus.skills.models.frameworks import Occupation, Relation, Skill


class Contract(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed term")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship or work-study")
    INTERNSHIP = "internship", _("Internship")
    TEMPORARY = "temporary", _("Temporary (agency)")


class VacancyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ClosedReason(models.TextChoices):
    FILLED = "filled", _("Filled")
    UNFILLED = "unfilled", _("Closed unfilled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Vacancy(models.Model):
    employer = models.ForeignKey(
        Organisation, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="vacancies"
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT, related_name="vacancies"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("location"), max_length=120)
    contract = models.CharField(_("contract"), max_length=20, choices=Contract.choices)
    openings = models.PositiveSmallIntegerField(
        _("openings"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    closes_on = models.DateField(_("closing date"))
    status = models.CharField(
        _("status"), max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT
    )
    skills = models.ManyToManyField(Skill, through="VacancySkill", related_name="vacancies")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Outcomes: why it closed, and when its last opening was filled (time-to-fill).
    closed_reason = models.CharField(
        _("why it closed"), max_length=10, choices=ClosedReason.choices, blank=True
    )
    filled_at = models.DateTimeField(_("filled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["closes_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(openings__gte=1), name="vacancy_has_openings"),
            models.CheckConstraint(
                condition=Q(status__in=VacancyStatus.values), name="vacancy_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(closed_reason="") | Q(closed_reason__in=ClosedReason.values),
                name="vacancy_closed_reason_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "closes_on"], name="vacancy_open_by_date")]

    def __str__(self) -> str:
        return self.title


class VacancySkill(models.Model):
    vacancy = models.ForeignKey(Vacancy, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="vacancy_links")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)

    class Meta:
        verbose_name = _("vacancy skill")
        verbose_name_plural = _("vacancy skills")
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "skill"], name="one_relation_per_vacancy_skill"
            ),
            models.CheckConstraint(
                condition=Q(relation__in=Relation.values), name="vacancy_skill_relation_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vacancy_id} {self.relation} {self.skill_id}"


class HiringForecast(models.Model):
    employer = models.ForeignKey(
        Organisation, verbose_name=_("employer"), on_delete=models.CASCADE, related_name="forecasts"
    )
    occupation = models.ForeignKey(
        Occupation, verbose_name=_("occupation"), on_delete=models.PROTECT, related_name="forecasts"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    headcount = models.PositiveIntegerField(
        _("people to hire"), validators=[MaxValueValidator(10000)]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("hiring forecast")
        verbose_name_plural = _("hiring forecasts")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "occupation", "year"], name="one_forecast_per_job_and_year"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="forecast_year_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.occupation_id} {self.year}: {self.headcount}"
