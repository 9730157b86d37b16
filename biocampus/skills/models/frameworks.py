"""Skills frameworks, framework-agnostic: ESCO, the campus's own, any other.

A concept (skill or occupation) is identified by its URI within its framework. Labels are
kept per language as JSON ({"en": "...", "fr": "..."}); `search_text` holds every label in
every language, folded (lower case, no accents), one per line, for autocomplete.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from biocampus.catalog.models import Pillar
from biocampus.skills.text import search_text

# The slug of the campus's own competence framework (loaded from skills/data/).
CAMPUS_FRAMEWORK = "biocampus"


class Framework(models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    version = models.CharField(_("version"), max_length=40, blank=True)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    url = models.URLField(_("web site"), blank=True)
    attribution = models.TextField(_("attribution"), blank=True)
    languages = models.JSONField(_("label languages"), default=list, blank=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("skills framework")
        verbose_name_plural = _("skills frameworks")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} {self.version}".strip()


class Concept(models.Model):
    framework = models.ForeignKey(Framework, verbose_name=_("framework"), on_delete=models.CASCADE)
    uri = models.CharField(_("URI"), max_length=255)
    code = models.CharField(_("code"), max_length=40, blank=True)
    labels = models.JSONField(_("preferred labels"), default=dict, blank=True)
    alt_labels = models.JSONField(_("alternative labels"), default=dict, blank=True)
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    # "released" while the framework's latest import has it; "withdrawn" once it does not.
    status = models.CharField(_("status"), max_length=20, default="released")
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    # Declared links to other frameworks' concepts, by URI ([{"uri": ..., "kind": ...}]);
    # they become links once the other framework is imported (crosswalk.crosswalk_link).
    mappings = models.JSONField(_("mappings"), default=list, blank=True)
    pillar = models.ForeignKey(
        Pillar, verbose_name=_("pillar"), on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label()

    def save(self, *args, **kwargs):
        # Bulk imports set it themselves; single saves (admin, fixtures) keep it in step.
        self.search_text = search_text(self.labels, self.alt_labels)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def label(self, language: str | None = None) -> str:
        """The preferred label in `language` (default: the active one), else English, else any."""
        language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
        return (
            self.labels.get(language)
            or self.labels.get("en")
            or next(iter(self.labels.values()), self.uri)
        )

    def description(self, language: str | None = None) -> str:
        language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
        return self.descriptions.get(language) or self.descriptions.get("en") or ""


class SkillKind(models.TextChoices):
    SKILL = "skill", _("Skill or competence")
    KNOWLEDGE = "knowledge", _("Knowledge")
    GROUP = "group", _("Skill group")


class Skill(Concept):
    kind = models.CharField(_("kind"), max_length=12, choices=SkillKind.choices)
    reuse_level = models.CharField(_("reuse level"), max_length=24, blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [
            models.UniqueConstraint(fields=["framework", "uri"], name="skill_uri_per_framework"),
            models.CheckConstraint(condition=Q(kind__in=SkillKind.values), name="skill_kind_valid"),
        ]
        indexes = [models.Index(fields=["uri"], name="skill_uri_idx")]


class OccupationKind(models.TextChoices):
    OCCUPATION = "occupation", _("Occupation or job profile")
    GROUP = "group", _("Occupation group")


class Occupation(Concept):
    kind = models.CharField(_("kind"), max_length=12, choices=OccupationKind.choices)
    isco_code = models.CharField(_("ISCO code"), max_length=10, blank=True)
    skills = models.ManyToManyField(
        Skill, through="OccupationSkill", related_name="occupations", verbose_name=_("skills")
    )

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "uri"], name="occupation_uri_per_framework"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=OccupationKind.values), name="occupation_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["uri"], name="occupation_uri_idx")]


class Relation(models.TextChoices):
    ESSENTIAL = "essential", _("Essential")
    OPTIONAL = "optional", _("Optional")


class OccupationSkill(models.Model):
    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="skill_relations"
    )
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupation_relations")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)

    class Meta:
        verbose_name = _("occupation skill")
        verbose_name_plural = _("occupation skills")
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="one_relation_per_skill"),
            models.CheckConstraint(
                condition=Q(relation__in=Relation.values), name="occupation_skill_relation_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occupation_id} {self.relation} {self.skill_id}"


class LinkKind(models.TextChoices):
    BROADER = "broader", _("is narrower than")  # hierarchy: source sits under target
    ESSENTIAL = "essential", _("needs (essential)")  # ESCO skill-skill relations
    OPTIONAL = "optional", _("benefits from (optional)")
    EXACT_MATCH = "exact_match", _("same as")  # crosswalks between frameworks
    CLOSE_MATCH = "close_match", _("close to")


class Link(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=LinkKind.choices)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class SkillLink(Link):
    source = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="links_in")

    class Meta:
        verbose_name = _("skill link")
        verbose_name_plural = _("skill links")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="one_skill_link"),
            models.CheckConstraint(
                condition=Q(kind__in=LinkKind.values), name="skill_link_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="skill_link_not_to_itself"
            ),
        ]


class OccupationLink(Link):
    source = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="links_in")

    class Meta:
        verbose_name = _("occupation link")
        verbose_name_plural = _("occupation links")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="one_occupation_link"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LinkKind.values), name="occupation_link_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="occupation_link_not_to_itself"
            ),
        ]
