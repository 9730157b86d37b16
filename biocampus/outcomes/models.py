"""What the campus exists for, recorded: hires into employers' vacancies and the jobs
learners report. Both are personal data: learners see and correct theirs, employers see
only the hires they made, everyone else sees aggregates."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation
from biocampus.skills.models import Contract, Occupation, Vacancy


class HireSource(models.TextChoices):
    CAMPUS = "campus", _("A campus learner")
    EXTERNAL = "external", _("Someone from outside the campus")


class HireStatus(models.TextChoices):
    # A campus learner confirms before the hire counts: the employer's word alone does not
    # put a job on a person's record.
    PENDING = "pending", _("Waiting for the learner's confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined by the learner")


class Hire(models.Model):
    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("vacancy"), on_delete=models.PROTECT, related_name="hires"
    )
    source = models.CharField(_("hired"), max_length=10, choices=HireSource.choices)
    # Empty for an external hire, and for a campus learner whose account was erased.
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hires",
    )
    start_date = models.DateField(_("start date"))
    contract = models.CharField(_("contract"), max_length=20, choices=Contract.choices)
    status = models.CharField(_("status"), max_length=10, choices=HireStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hire")
        verbose_name_plural = _("hires")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=HireSource.values), name="hire_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=HireStatus.values), name="hire_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(contract__in=Contract.values), name="hire_contract_valid"
            ),
            # Nobody outside the campus has an account here to point at.
            models.CheckConstraint(
                condition=~Q(source=HireSource.EXTERNAL) | Q(learner__isnull=True),
                name="external_hire_has_no_learner",
            ),
            models.CheckConstraint(
                condition=~Q(source=HireSource.EXTERNAL) | Q(status=HireStatus.CONFIRMED),
                name="external_hire_is_confirmed",
            ),
            # One live hire per learner and vacancy (a declined one may be asked again).
            models.UniqueConstraint(
                fields=["vacancy", "learner"],
                condition=~Q(status=HireStatus.DECLINED),
                name="one_live_hire_per_learner_and_vacancy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vacancy} ({self.get_source_display()})"


class OutcomeStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    LOOKING = "looking", _("Still looking")


class OutcomeSource(models.TextChoices):
    SELF = "self", _("Recorded by the learner")
    HIRE = "hire", _("A hire the learner confirmed")
    FOLLOW_UP = "follow_up", _("Answer to a follow-up")


class JobOutcome(models.Model):
    """Where a learner stands on a date: employed (where, as what, from when) or still
    looking. The latest one is their current situation; earlier ones are history."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="job_outcomes",
    )
    status = models.CharField(_("situation"), max_length=10, choices=OutcomeStatus.choices)
    employer = models.ForeignKey(
        Organisation,
        verbose_name=_("employer on the campus"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    occupation = models.ForeignKey(
        Occupation,
        verbose_name=_("occupation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    contract = models.CharField(_("contract"), max_length=20, choices=Contract.choices, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    in_region = models.BooleanField(_("in the region"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=OutcomeSource.choices)
    hire = models.OneToOneField(
        Hire, on_delete=models.SET_NULL, null=True, blank=True, related_name="outcome"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("job outcome")
        verbose_name_plural = _("job outcomes")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OutcomeStatus.values), name="outcome_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=OutcomeSource.values), name="outcome_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(contract="") | Q(contract__in=Contract.values),
                name="outcome_contract_valid",
            ),
            # A job has a start date; "still looking" has no employer.
            models.CheckConstraint(
                condition=~Q(status=OutcomeStatus.EMPLOYED) | Q(start_date__isnull=False),
                name="employment_has_a_start_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=OutcomeStatus.LOOKING)
                | (Q(employer__isnull=True) & Q(employer_name="")),
                name="looking_has_no_employer",
            ),
        ]
        indexes = [models.Index(fields=["learner", "-recorded_at"], name="outcome_latest")]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.start_date or '—'})"


class FollowUp(models.Model):
    """ "Where do you stand?", asked 3, 6 and 12 months after a completed programme, once
    each; the answer is kept even when the learner gives no details."""

    MILESTONES = (3, 6, 12)

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_ups"
    )
    enrolment = models.ForeignKey(
        "enrolment.Enrolment", on_delete=models.CASCADE, related_name="follow_ups"
    )
    months = models.PositiveSmallIntegerField(
        _("months after the programme"), validators=[MinValueValidator(3), MaxValueValidator(12)]
    )
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=10, choices=OutcomeStatus.choices, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The situation the answer recorded: corrected in place when the learner answers again,
    # so a link used twice never adds a second job.
    outcome = models.OneToOneField(
        JobOutcome, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_up"
    )

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "months"], name="one_follow_up_each"),
            models.CheckConstraint(
                condition=Q(months__in=(3, 6, 12)), name="follow_up_milestone_valid"
            ),
            models.CheckConstraint(
                condition=Q(answer="") | Q(answer__in=OutcomeStatus.values),
                name="follow_up_answer_valid",
            ),
        ]
        indexes = [models.Index(fields=["sent_at", "due_on"], name="follow_up_due")]

    def __str__(self) -> str:
        return f"{self.months} months"
