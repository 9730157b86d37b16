from decimal import Decimal

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Audience, Organisation

# The four pillars are fixed reference data: stable slugs, translated names in code.
PILLARS = {
    "stem-immersion": (
        _("STEM immersion"),
        _("Immersive discovery of biotech for pupils, job seekers and business leaders."),
    ),
    "biomanufacturing": (
        _("Bio-manufacturing and supply chain"),
        _("Connected lines, cobotics, automation; cell and gene therapy, vaccines, diagnostics."),
    ),
    "data-digital": (
        _("Data and digital"),
        _("IT/OT, process analytics, AI and machine learning, data management."),
    ),
    "soft-skills": (
        _("Soft skills and mini-MBA"),
        _("Business mindset for founders, middle management, life-science MBA."),
    ),
}

LANGUAGES = {"en": _("English"), "fr": _("French"), "nl": _("Dutch"), "de": _("German")}


class Pillar(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, validators=[MaxValueValidator(1000)]
    )

    class Meta:
        verbose_name = _("pillar")
        verbose_name_plural = _("pillars")
        ordering = ["position"]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self) -> str:
        return PILLARS.get(self.slug, (self.slug, ""))[0]

    @property
    def tagline(self) -> str:
        return PILLARS.get(self.slug, ("", ""))[1]


class AudienceTag(models.Model):
    """An audience a programme is meant for (reference data, one row per Audience choice)."""

    code = models.CharField(_("code"), max_length=20, unique=True, choices=Audience.choices)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.get_code_display())


class Language(models.Model):
    """A language of instruction (reference data)."""

    code = models.CharField(_("code"), max_length=8, unique=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(LANGUAGES.get(self.code, self.code))


class Format(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")
    BLENDED = "blended", _("Blended")
    VR = "vr", _("Virtual reality")


class ProgrammeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Programme(models.Model):
    operator = models.ForeignKey(
        Organisation,
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    pillar = models.ForeignKey(
        Pillar, verbose_name=_("pillar"), on_delete=models.PROTECT, related_name="programmes"
    )
    audiences = models.ManyToManyField(AudienceTag, verbose_name=_("audiences"), blank=True)
    languages = models.ManyToManyField(Language, verbose_name=_("languages of instruction"))
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(8)],
    )
    duration_hours = models.DecimalField(
        _("duration (hours)"), max_digits=6, decimal_places=1, validators=[MinValueValidator(0.5)]
    )
    price = models.DecimalField(
        _("price (EUR)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    # What one more seat costs the campus (trainers, consumables, room), unlike `price`,
    # which the learner pays and funding often brings to zero. Capacity advice estimates
    # it from the hours when it is not set.
    seat_cost = models.DecimalField(
        _("cost of a seat (EUR)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("What one more learner costs you. Used by capacity advice; optional."),
    )
    # Instrument certifications and GMP refreshers lapse: their credentials expire.
    credential_valid_months = models.PositiveSmallIntegerField(
        _("credential valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Leave empty when what the programme certifies does not expire."),
    )
    # A certification's way back once it lapses: completing the refresher renews it too.
    refresher = models.ForeignKey(
        "self",
        verbose_name=_("refresher programme"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="refreshes",
        help_text=_("A shorter programme whose completion renews this certification."),
    )
    funding_note = models.CharField(_("funding note"), max_length=300, blank=True)
    learning_outcomes = models.TextField(_("learning outcomes"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    # Lower-cased title, summary, description and outcomes: what free-text search reads.
    search_document = models.TextField(editable=False, default="")
    # PostgreSQL keeps this tsvector of search_document up to date with a trigger
    # (migration 0003); SQLite leaves it empty and searches search_document instead.
    search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["title", "id"]
        indexes = [models.Index(fields=["status", "pillar"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(eqf_level__isnull=True) | Q(eqf_level__gte=1, eqf_level__lte=8),
                name="programme_eqf_level_range",
            ),
            models.CheckConstraint(condition=Q(price__gte=0), name="programme_price_not_negative"),
            models.CheckConstraint(
                condition=Q(seat_cost__isnull=True) | Q(seat_cost__gt=0),
                name="programme_seat_cost_positive",
            ),
            models.CheckConstraint(
                condition=Q(duration_hours__gt=0), name="programme_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.refresher_id is not None and self.refresher_id == self.pk:
            raise ValidationError({"refresher": _("A programme is not its own refresher.")})

    def refresh_search_document(self) -> None:
        parts = [self.title, self.summary, self.description, self.learning_outcomes]
        self.search_document = "\n".join(p for p in parts if p).lower()


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    COMPLETED = "completed", _("Completed")


class Session(models.Model):
    """A dated run of a programme. `confirmed_seats` is the seat ledger the enrolment
    service keeps under a row lock; the check constraint makes overselling impossible
    even for code that bypasses the service."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(
        _("capacity (seats)"), validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    enrolment_deadline = models.DateTimeField(_("enrolment deadline"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    confirmed_seats = models.PositiveIntegerField(
        _("confirmed seats"), default=0, editable=False, validators=[MaxValueValidator(10000)]
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_capacity_positive"),
            models.CheckConstraint(
                condition=Q(confirmed_seats__gte=0) & Q(confirmed_seats__lte=F("capacity")),
                name="session_never_oversold",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(enrolment_deadline__lte=F("ends_at")),
                name="session_deadline_before_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme.title} — {self.starts_at:%Y-%m-%d}"

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.confirmed_seats, 0)

    @property
    def fill_rate(self) -> float:
        return self.confirmed_seats / self.capacity if self.capacity else 0.0


class Meeting(models.Model):
    """One dated time slot of a session (a class, a lab, a visit)."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="meetings"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    # The calendar feeds' DTSTAMP.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"
