"""STEM immersion days: formats of stations, the days visits are possible, the visits
schools request and the staff skills the stations need.

No pupil is a row here: a class is counted (pupils, adults), never named. The test
walking these models' fields keeps it so.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from biocampus.accounts.models import Organisation
from biocampus.facilities.models import Resource

MAX_PUPILS = 40  # a class; a bigger group books two visits
MAX_STATION_MINUTES = 240


class FormatLength(models.TextChoices):
    DAY = "day", _("Whole day")
    HALF_DAY = "half_day", _("Half day")


class ImmersionFormat(models.Model):
    """What a visit is made of: its stations, each group visiting each once."""

    campus = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="immersion_formats"
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    length = models.CharField(_("length"), max_length=10, choices=FormatLength.choices)
    min_school_year = models.PositiveSmallIntegerField(
        _("from school year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(13)],
    )
    published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("immersion format")
        verbose_name_plural = _("immersion formats")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(length__in=FormatLength.values), name="immersion_format_length_valid"
            ),
            models.CheckConstraint(
                condition=Q(min_school_year__isnull=True) | Q(min_school_year__range=(1, 13)),
                name="immersion_format_school_year_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Station(models.Model):
    """One activity of a format: how long, how many groups at once, where, and the
    skill of the person who runs it (blank: a film or a self-guided space)."""

    format = models.ForeignKey(ImmersionFormat, on_delete=models.CASCADE, related_name="stations")
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, validators=[MaxValueValidator(100)]
    )
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(5), MaxValueValidator(MAX_STATION_MINUTES)]
    )
    groups_at_once = models.PositiveSmallIntegerField(
        _("groups at once"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    resource = models.ForeignKey(
        Resource,
        verbose_name=_("room or resource"),
        on_delete=models.PROTECT,
        related_name="immersion_stations",
    )
    staff_skill = models.SlugField(_("staff skill"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["format", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__range=(5, MAX_STATION_MINUTES)),
                name="station_minutes_valid",
            ),
            models.CheckConstraint(
                condition=Q(groups_at_once__range=(1, 10)), name="station_groups_valid"
            ),
            models.UniqueConstraint(fields=["format", "resource"], name="one_station_per_room"),
        ]

    def __str__(self) -> str:
        return self.name


class VisitDay(models.Model):
    """A day the campus welcomes classes, and the hours it can host them."""

    campus = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="visit_days")
    date = models.DateField(_("date"))
    opens = models.TimeField(_("first arrival"))
    closes = models.TimeField(_("last departure"))

    class Meta:
        verbose_name = _("visit day")
        verbose_name_plural = _("visit days")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["campus", "date"], name="one_visit_day_per_date"),
            models.CheckConstraint(condition=Q(closes__gt=F("opens")), name="visit_day_hours"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"


class StaffSkill(models.Model):
    """A campus staff member can run the stations needing `skill`."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="immersion_skills"
    )
    skill = models.SlugField(_("skill"), max_length=60)

    class Meta:
        verbose_name = _("staff skill")
        verbose_name_plural = _("staff skills")
        constraints = [
            models.UniqueConstraint(fields=["person", "skill"], name="one_staff_skill_entry")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.skill}"


class VisitStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    OTHER_DATE = "other_date", _("Another date proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    PLANNED = "planned", _("Planned")
    CANCELLED = "cancelled", _("Cancelled")


class VisitLanguage(models.TextChoices):
    FR = "fr", _("French")
    EN = "en", _("English")


class Visit(models.Model):
    """A class's visit as its teacher requested it. Pupils are a number."""

    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="visits")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="immersion_visits"
    )
    format = models.ForeignKey(ImmersionFormat, on_delete=models.PROTECT, related_name="visits")
    class_name = models.CharField(_("class"), max_length=60)
    school_year = models.PositiveSmallIntegerField(
        _("school year"), validators=[MinValueValidator(1), MaxValueValidator(13)]
    )
    pupils = models.PositiveSmallIntegerField(
        _("pupils"), validators=[MinValueValidator(1), MaxValueValidator(MAX_PUPILS)]
    )
    adults = models.PositiveSmallIntegerField(
        _("accompanying adults"), default=1, validators=[MaxValueValidator(10)]
    )
    language = models.CharField(_("language"), max_length=2, choices=VisitLanguage.choices)
    # Needs of the class as a whole ("step-free access for one pupil"), never a name.
    accessibility = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    # Where the school is, for the pillar's reach by municipality (kept with the visit,
    # so a school moving later does not rewrite past years).
    municipality = models.CharField(_("municipality"), max_length=80, blank=True)
    arrival = models.TimeField(_("arrival"))
    departure = models.TimeField(_("departure"))
    acceptable_dates = models.JSONField(_("acceptable dates"), default=list)
    date = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=VisitStatus.choices, default=VisitStatus.REQUESTED
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["date", "arrival", "id"]
        indexes = [models.Index(fields=["date", "status"], name="visit_by_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(pupils__range=(1, MAX_PUPILS)), name="visit_pupils_valid"
            ),
            models.CheckConstraint(condition=Q(adults__lte=10), name="visit_adults_valid"),
            models.CheckConstraint(
                condition=Q(school_year__range=(1, 13)), name="visit_school_year_valid"
            ),
            models.CheckConstraint(
                condition=Q(departure__gt=F("arrival")), name="visit_arrives_before_leaving"
            ),
            models.CheckConstraint(
                condition=Q(status__in=VisitStatus.values), name="visit_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=VisitLanguage.values), name="visit_language_valid"
            ),
            # A confirmed or planned visit has its day.
            models.CheckConstraint(
                condition=~Q(status__in=[VisitStatus.CONFIRMED, VisitStatus.PLANNED])
                | Q(date__isnull=False),
                name="visit_confirmed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.class_name} ({self.school_id})"


class PlanStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    SUPERSEDED = "superseded", _("Superseded")


class DayPlan(models.Model):
    """A rotation the solver proposed for one day's visits; accepting it books the rooms."""

    campus = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="day_plans")
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.PROPOSED
    )
    solver_status = models.CharField(_("solver status"), max_length=12)
    idle_minutes = models.PositiveIntegerField(
        _("idle group-minutes"), default=0, validators=[MaxValueValidator(1_000_000)]
    )
    staff_on_duty = models.PositiveSmallIntegerField(
        _("staff on duty"), default=0, validators=[MaxValueValidator(1000)]
    )
    # Why no rotation exists: the solver's codes with the stations' and classes' names.
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    # Each class's lunch, {visit id: [start, end]} in minutes of the day.
    lunches = models.JSONField(_("lunches"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("day plan")
        verbose_name_plural = _("day plans")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlanStatus.values), name="day_plan_status_valid"
            ),
            # One accepted plan per day: its rooms are booked.
            models.UniqueConstraint(
                fields=["campus", "date"],
                condition=Q(status=PlanStatus.ACCEPTED),
                name="one_accepted_plan_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.status}"


class PlanSlot(models.Model):
    """One group of a visit at one station, and who runs it."""

    plan = models.ForeignKey(DayPlan, on_delete=models.CASCADE, related_name="slots")
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="slots")
    group = models.PositiveSmallIntegerField(
        _("group"), validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="immersion_duties",
    )

    class Meta:
        verbose_name = _("plan slot")
        verbose_name_plural = _("plan slots")
        ordering = ["plan", "starts_at", "visit", "group"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_times"),
            models.UniqueConstraint(
                fields=["plan", "visit", "group", "station"], name="one_slot_per_group_station"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visit_id}/{self.group} {self.station_id} {self.starts_at:%H:%M}"


class VisitFeedback(models.Model):
    """The teacher's two-minute answer after the day. Free text about the class's day,
    and the form asks for no pupil's name."""

    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(
        _("overall rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    liked = models.TextField(_("what the class liked"), max_length=1000, blank=True)
    improve = models.TextField(_("what to improve"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("visit feedback")
        verbose_name_plural = _("visit feedback")
        constraints = [
            models.CheckConstraint(condition=Q(rating__range=(1, 5)), name="feedback_rating_valid")
        ]

    def __str__(self) -> str:
        return f"{self.visit_id}: {self.rating}/5"


class Walk(models.Model):
    """Minutes a group needs between two rooms far apart (either way). Rooms with no walk
    between them are next to each other; a longer way through other rooms is found."""

    campus = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="walks")
    from_room = models.ForeignKey(
        Resource, verbose_name=_("from"), on_delete=models.CASCADE, related_name="+"
    )
    to_room = models.ForeignKey(
        Resource, verbose_name=_("to"), on_delete=models.CASCADE, related_name="+"
    )
    minutes = models.PositiveSmallIntegerField(
        _("walking minutes"), validators=[MinValueValidator(1), MaxValueValidator(60)]
    )

    class Meta:
        verbose_name = _("walk between rooms")
        verbose_name_plural = _("walks between rooms")
        constraints = [
            models.UniqueConstraint(fields=["from_room", "to_room"], name="one_walk_per_pair"),
            models.CheckConstraint(
                condition=~Q(from_room=F("to_room")), name="walk_between_two_rooms"
            ),
            models.CheckConstraint(condition=Q(minutes__range=(1, 60)), name="walk_minutes_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.from_room_id} → {self.to_room_id}: {self.minutes} min"
