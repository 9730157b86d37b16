"""What a programme teaches, what it expects beforehand, and the jobs it prepares for."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biocampus.catalog.models import Programme
from biocampus.skills.models.frameworks import Occupation, Skill


class SkillRole(models.TextChoices):
    TEACHES = "teaches", _("Teaches")
    REQUIRES = "requires", _("Requires beforehand")


class ProgrammeSkill(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="programme_links")
    role = models.CharField(_("role"), max_length=10, choices=SkillRole.choices)

    class Meta:
        verbose_name = _("programme skill")
        verbose_name_plural = _("programme skills")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "skill"], name="one_role_per_programme_skill"
            ),
            models.CheckConstraint(
                condition=Q(role__in=SkillRole.values), name="programme_skill_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.role} {self.skill_id}"


class ProgrammeOccupation(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="occupation_links"
    )
    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="programme_links"
    )

    class Meta:
        verbose_name = _("programme occupation")
        verbose_name_plural = _("programme occupations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "occupation"], name="one_link_per_programme_occupation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} -> {self.occupation_id}"
