"""Open Badges 3.0 credentials the campus's operators issue, the keys they sign with and
the status lists that revoke them."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation

# A Bitstring Status List holds at least 131,072 entries (16 KB), so a list says nothing
# about how many credentials an issuer has revoked or issued.
STATUS_LIST_SIZE = 131_072


class SigningKey(models.Model):
    """An issuer's Ed25519 key. The private half is encrypted with CREDENTIALS_KEYS; a
    rotated (retired) key is kept, public half published, so what it signed still
    verifies."""

    issuer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="signing_keys")
    kid = models.CharField(_("key id"), max_length=64, unique=True)
    public_jwk = models.JSONField(_("public key (JWK)"))
    private_key = models.TextField(_("private key, encrypted"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        ordering = ["issuer", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer"], condition=Q(retired_at__isnull=True), name="one_active_key"
            )
        ]

    def __str__(self) -> str:
        return self.kid


class StatusPurpose(models.TextChoices):
    REVOCATION = "revocation", _("Revocation")
    SUSPENSION = "suspension", _("Suspension")
    # Two bits per credential: valid, suspended or revoked.
    MESSAGE = "message", _("Valid, suspended or revoked")


class StatusList(models.Model):
    """One W3C Bitstring Status List of an issuer: the entry at index i is the status of
    the credential holding index i (see credentials.status)."""

    issuer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(_("purpose"), max_length=12, choices=StatusPurpose.choices)
    bits = models.BinaryField(_("bits"))
    # How many indexes are taken (they are drawn at random, so not the next one).
    next_index = models.PositiveIntegerField(
        _("indexes taken"), default=0, validators=[MaxValueValidator(STATUS_LIST_SIZE)]
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=StatusPurpose.values), name="status_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(next_index__lte=STATUS_LIST_SIZE), name="status_index_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.purpose} #{self.pk}"


class Assessment(models.Model):
    """One of the campus's own skill assessments (a competence check at the bench, say):
    a learner who passes it earns a credential for the skills it verifies."""

    issuer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000)
    criteria = models.TextField(_("what passing takes"), max_length=2000)
    skills = models.ManyToManyField("skills.Skill", verbose_name=_("skills it verifies"))
    valid_months = models.PositiveSmallIntegerField(
        _("credential valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("skill assessment")
        verbose_name_plural = _("skill assessments")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_months__isnull=True) | Q(valid_months__range=(1, 120)),
                name="assessment_valid_months_range",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Credential(models.Model):
    """An OpenBadgeCredential as issued: the credential document and its VC-JWT."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credentials"
    )
    issuer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # The completion it certifies; one credential per completed enrolment.
    enrolment = models.OneToOneField(
        "enrolment.Enrolment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credential",
    )
    programme = models.ForeignKey(
        "catalog.Programme", on_delete=models.SET_NULL, null=True, related_name="credentials"
    )
    # Or the campus skill assessment it certifies.
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, null=True, blank=True, related_name="credentials"
    )
    # Or the school class's visit of discovery it certifies (held by the teacher).
    visit = models.OneToOneField(
        "immersion.Visit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="badge",
    )
    document = models.JSONField(_("credential"))
    jwt = models.TextField(_("VC-JWT"))
    # SHA-256 of the JWT as issued: verification accepts only what the campus issued,
    # and the digest stays when an erasure blanks the JWT, so a carried copy still checks.
    jwt_digest = models.CharField(_("VC-JWT digest"), max_length=64, unique=True)
    signing_key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="+")
    status_index = models.PositiveIntegerField(
        _("status list index"), validators=[MaxValueValidator(STATUS_LIST_SIZE - 1)]
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.CharField(_("why it was revoked"), max_length=300, blank=True)
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspended_reason = models.CharField(_("why it is suspended"), max_length=300, blank=True)
    # The credential issued in its place, when the issuer re-issued it.
    replaced_by = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces"
    )
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="one_credential_per_status_bit"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="credential_valid_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return str(self.id)
