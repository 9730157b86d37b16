"""Sentence vectors of skill labels, for the hybrid skill ranker.

Keyed by the encoder and the label's text (a digest), not by skill: a re-import that
leaves a label unchanged reuses its vector, a renamed label gets a new one, and the
same label in two frameworks is computed once. Kept in the database so that every app
host reads the same vectors and none recomputes them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LabelVector(models.Model):
    encoder = models.CharField(_("encoder"), max_length=80)
    digest = models.CharField(_("label digest"), max_length=32)
    vector = models.BinaryField(_("vector"))  # float16, little-endian, unit length
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("label vector")
        verbose_name_plural = _("label vectors")
        constraints = [
            models.UniqueConstraint(fields=["encoder", "digest"], name="label_vector_unique")
        ]

    def __str__(self) -> str:
        return f"{self.encoder}:{self.digest}"
