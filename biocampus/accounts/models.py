from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    STUDENT = "student", _("Student")
    JOB_SEEKER = "job_seeker", _("Job seeker")
    EMPLOYEE = "employee", _("Employee")
    ENTREPRENEUR = "entrepreneur", _("Entrepreneur")
    RESEARCHER = "researcher", _("Researcher")
    TEACHER = "teacher", _("Teacher")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **extra) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> "User":
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, blank=True)
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class OrganisationKind(models.TextChoices):
    CAMPUS = "campus", _("Campus")
    TRAINING_OPERATOR = "training_operator", _("Training operator")
    ACCELERATOR = "accelerator", _("Accelerator")
    COMPANY = "company", _("Company")
    SCHOOL = "school", _("School")
    UNIVERSITY = "university", _("University")


# Kinds that publish programmes and sessions in the catalogue.
PROVIDER_KINDS = (OrganisationKind.TRAINING_OPERATOR, OrganisationKind.ACCELERATOR)


class Verification(models.TextChoices):
    """Whether the campus has checked a company is a real employer (companies only act as
    employers once verified)."""

    UNVERIFIED = "unverified", _("Not verified")
    REQUESTED = "requested", _("Verification requested")
    VERIFIED = "verified", _("Verified")
    SUSPENDED = "suspended", _("Suspended")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    # Belgian enterprise number, ten digits, checked with python-stdnum.
    enterprise_number = models.CharField(_("enterprise number"), max_length=10, blank=True)
    verification = models.CharField(
        _("verification"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
    )
    verification_requested_at = models.DateTimeField(
        _("verification requested at"), null=True, blank=True
    )
    verification_decided_at = models.DateTimeField(
        _("verification decided at"), null=True, blank=True
    )
    verification_note = models.CharField(_("verification note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(verification__in=Verification.values),
                name="organisation_verification_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    STAFF = "staff", _("Staff")
    TRAINER = "trainer", _("Trainer")
    MENTOR = "mentor", _("Mentor")
    RECRUITER = "recruiter", _("Recruiter")


# Roles that may create and change an operator's programmes and sessions.
MANAGE_ROLES = (Role.ADMIN, Role.STAFF)
# Roles that may also run a session: attendance and completion.
TEACHING_ROLES = (Role.ADMIN, Role.STAFF, Role.TRAINER)


class Membership(models.Model):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, default="API")
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=12)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    # Every token has one (migration 0004 dated the tokens issued before expiry existed).
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def active(self) -> bool:
        return (
            self.revoked_at is None
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )
