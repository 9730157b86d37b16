"""Shared rooms, labs and instruments, and their bookings.

The invariant: an approved booking (maintenance blocks are bookings too) never overlaps
another approved booking of the same resource. Every write takes the resource's row lock
in one transaction (BEGIN IMMEDIATE serialises writers on SQLite) and checks; on
PostgreSQL an exclusion constraint over the time range (btree_gist) is the guarantee.
Ranges are half-open: 10:00-11:00 and 11:00-12:00 do not clash.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation
from biocampus.catalog.models import Meeting, Programme


class Feature(models.Model):
    """A property a resource offers: bsl-2, gmp-b, vr-seats, projector..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_fr = models.CharField(_("name in French"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("feature")
        verbose_name_plural = _("features")
        ordering = ["code"]

    def __str__(self) -> str:
        from django.utils import translation

        if (translation.get_language() or "en").startswith("fr") and self.name_fr:
            return self.name_fr
        return self.name


class ResourceKind(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    WET_LAB = "wet_lab", _("Wet lab")
    CLEANROOM = "cleanroom", _("Cleanroom training suite")
    VR_ROOM = "vr_room", _("VR room")
    AUDITORIUM = "auditorium", _("Auditorium")
    MEETING_ROOM = "meeting_room", _("Meeting room")
    BIOREACTOR = "bioreactor", _("Bioreactor")
    HPLC = "hplc", _("HPLC")
    FLOW_CYTOMETER = "flow_cytometer", _("Flow cytometer")
    BIOSAFETY_CABINET = "biosafety_cabinet", _("Biosafety cabinet")
    COBOT_CELL = "cobot_cell", _("Cobot cell")
    INSTRUMENT = "instrument", _("Other instrument")


SPACE_KINDS = (
    ResourceKind.CLASSROOM,
    ResourceKind.WET_LAB,
    ResourceKind.CLEANROOM,
    ResourceKind.VR_ROOM,
    ResourceKind.AUDITORIUM,
    ResourceKind.MEETING_ROOM,
)


class Approval(models.TextChoices):
    AUTOMATIC = "automatic", _("Approved automatically")
    MANAGER = "manager", _("Approved by the facility manager")


class Resource(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind.choices)
    space = models.ForeignKey(
        "self",
        verbose_name=_("located in"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="equipment",
        limit_choices_to={"kind__in": SPACE_KINDS},
    )
    capacity = models.PositiveIntegerField(
        _("capacity (people)"), default=0, validators=[MaxValueValidator(10000)]
    )
    features = models.ManyToManyField(Feature, verbose_name=_("features"), blank=True)
    hourly_rate = models.DecimalField(
        _("hourly rate (EUR)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible organisation"),
        on_delete=models.PROTECT,
        related_name="resources",
    )
    # Only people who completed this programme (or the owner's staff) may book it.
    certification = models.ForeignKey(
        Programme,
        verbose_name=_("certification required"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approval = models.CharField(
        _("approval"), max_length=10, choices=Approval.choices, default=Approval.AUTOMATIC
    )
    cancellation_notice_hours = models.PositiveIntegerField(
        _("cancellation notice (hours)"),
        default=48,
        validators=[MaxValueValidator(24 * 90)],
        help_text=_("A booking cancelled later than this before its start is still charged."),
    )
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("bookable"), default=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hourly_rate__gte=0), name="resource_rate_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ResourceKind.values), name="resource_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_space(self) -> bool:
        return self.kind in SPACE_KINDS


class OpeningHours(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"),
        choices=[
            (i, day)
            for i, day in enumerate(
                [
                    _("Monday"),
                    _("Tuesday"),
                    _("Wednesday"),
                    _("Thursday"),
                    _("Friday"),
                    _("Saturday"),
                    _("Sunday"),
                ]
            )
        ],
    )
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="opens_before_closes"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def hours(self) -> float:
        start = dt.datetime.combine(dt.date.min, self.opens)
        return (dt.datetime.combine(dt.date.min, self.closes) - start).total_seconds() / 3600


class Purpose(models.TextChoices):
    SESSION = "session", _("Training session")
    STARTUP = "startup", _("Start-up lab time")
    EVENT = "event", _("Event")
    OTHER = "other", _("Other")
    MAINTENANCE = "maintenance", _("Maintenance")


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class BookingSeries(models.Model):
    """A recurring booking: an RFC 5545 rule, read in the campus time zone."""

    rrule = models.CharField(_("recurrence rule"), max_length=500)
    exdates = models.JSONField(_("exceptions"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("booking series")
        verbose_name_plural = _("booking series")

    def __str__(self) -> str:
        return self.rrule


class Booking(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("for"), on_delete=models.PROTECT, related_name="bookings"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices)
    title = models.CharField(_("title"), max_length=200, blank=True)
    note = models.TextField(_("private note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=BookingStatus.choices)
    series = models.ForeignKey(
        BookingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # The calendar feeds' DTSTAMP. Saves through the services name it in update_fields.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status__in=BookingStatus.values), name="booking_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=Purpose.values), name="booking_purpose_valid"
            ),
        ]
        # The no-overlap exclusion constraint is PostgreSQL-only: migration 0002.
        indexes = [
            models.Index(fields=["resource", "status", "starts_at"], name="booking_by_resource"),
            models.Index(fields=["organisation", "starts_at"], name="booking_by_org"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.starts_at:%Y-%m-%d %H:%M}-{self.ends_at:%H:%M}"

    @property
    def hours(self) -> Decimal:
        return Decimal((self.ends_at - self.starts_at).total_seconds() / 3600).quantize(
            Decimal("0.01")
        )


class CalendarToken(models.Model):
    """The secret in a personal calendar feed URL. Only its digest is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"


class ProposalStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the planner")
    RUNNING = "running", _("Being worked out")
    OPTIMAL = "optimal", _("Best possible")
    FEASIBLE = "feasible", _("Good, not proven best")
    INFEASIBLE = "infeasible", _("No timetable fits")
    FAILED = "failed", _("Failed")


IN_THE_WORKS = (ProposalStatus.QUEUED, ProposalStatus.RUNNING)


class TimetableProposal(models.Model):
    """A timetable the solver proposed; accepting it books the rooms. The task worker
    solves it after it is queued."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    window_start = models.DateTimeField(_("from"))
    window_end = models.DateTimeField(_("to"))
    meetings = models.JSONField(_("meetings to place"))
    unavailable = models.JSONField(_("trainers away"), default=dict, blank=True)
    placements = models.JSONField(_("placements"), default=list)
    unplaced = models.JSONField(_("unplaced meetings"), default=dict)
    cost = models.IntegerField(
        _("cost"), default=0, validators=[MinValueValidator(0), MaxValueValidator(2**31 - 1)]
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.QUEUED
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("timetable proposal")
        verbose_name_plural = _("timetable proposals")
        constraints = [
            # One timetable in the works per organisation: the solver is expensive.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status__in=["queued", "running"]),
                name="one_proposal_in_the_works",
            ),
            # And per person: companies are cheap to create, people are not.
            models.UniqueConstraint(
                fields=["created_by"],
                condition=Q(status__in=["queued", "running"]),
                name="one_proposal_in_the_works_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"timetable {self.pk} ({self.status})"

    @property
    def in_the_works(self) -> bool:
        return self.status in IN_THE_WORKS
