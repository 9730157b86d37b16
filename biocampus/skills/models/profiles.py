"""A learner's skills (verified by completed training, or declared) and their consent to
be found by employers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biocampus.skills.models.frameworks import Occupation, Skill


class SkillSource(models.TextChoices):
    VERIFIED = "verified", _("Verified by training")
    DECLARED = "declared", _("Self-declared")


class LearnerSkill(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skills"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="learners")
    source = models.CharField(_("source"), max_length=10, choices=SkillSource.choices)
    # The completed enrolment that verified it (None for declared skills).
    evidence = models.ForeignKey(
        "enrolment.Enrolment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("learner skill")
        verbose_name_plural = _("learner skills")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "skill"], name="one_entry_per_learner_skill"
            ),
            models.CheckConstraint(
                condition=Q(source__in=SkillSource.values), name="learner_skill_source_valid"
            ),
        ]
        indexes = [models.Index(fields=["skill", "source"], name="learner_skill_by_skill")]

    def __str__(self) -> str:
        return f"{self.learner_id} {self.source} {self.skill_id}"


class LearnerProfile(models.Model):
    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="skills_profile"
    )
    target_occupation = models.ForeignKey(
        Occupation,
        verbose_name=_("target job"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Consent to appear in employer views: off until the learner turns it on; every change
    # is also written to the audit log.
    findable = models.BooleanField(_("employers may find me"), default=False)
    consent_changed_at = models.DateTimeField(_("consent changed at"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")
        indexes = [models.Index(fields=["findable"], name="profile_findable")]

    def __str__(self) -> str:
        return f"profile of {self.learner_id}"
