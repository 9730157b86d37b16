"""BioCampus settings, read from the environment (12-factor).

DEBUG is off unless the environment turns it on (the Makefile does for `make run`);
SECRET_KEY is then required. Every secret may also come from a file named by
<NAME>_FILE, as container orchestrators mount them.
"""

import os
import sys
import tempfile
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Tests run under pytest; they get fast hashing, immediate tasks and an in-memory mailbox.
TESTING = "pytest" in sys.modules


def secret(name: str, default: str | None = None) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = secret("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "biocampus.common",
    "biocampus.outbox",
    "biocampus.privacy",
    "biocampus.accounts",
    "biocampus.catalog",
    "biocampus.enrolment",
    "biocampus.skills",
    "biocampus.facilities",
    "biocampus.immersion",
    "biocampus.accelerator",
    "biocampus.outcomes",
    "biocampus.credentials",
    "biocampus.portal",
    "biocampus.api",
]

MIDDLEWARE = [
    "biocampus.api.middleware.ApiErrorShapeMiddleware",
    "biocampus.common.middleware.RequestSizeMiddleware",
    "biocampus.api.middleware.NulTextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "biocampus.common.middleware.QueryLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "biocampus.accounts.language.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "biocampus.common.middleware.DomainErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "biocampus.urls"
WSGI_APPLICATION = "biocampus.wsgi.application"

FORM_RENDERER = "biocampus.common.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "biocampus" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "biocampus.accounts.context_processors.roles",
                "biocampus.portal.context_processors.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has no row locks: write transactions take the database lock up front
    # (BEGIN IMMEDIATE) so two enrolments can never read the same seat count.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}
    # A file, not :memory:, so the concurrency tests' threads share one test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
    if env.bool("DB_PREPARED_STATEMENTS", default=True):
        # Server-side binding lets PostgreSQL reuse the plans of the hot queries (after 5
        # runs on a connection). Turn off behind a transaction-mode connection pooler.
        DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "biocampus.accounts.forms.SignupProfileForm"
ACCOUNT_ADAPTER = "biocampus.accounts.adapter.AccountAdapter"
# Verification is mandatory in production; the demo (DEBUG) lets people in straight away.
ACCOUNT_EMAIL_VERIFICATION = env.str(
    "ACCOUNT_EMAIL_VERIFICATION", default="optional" if DEBUG else "mandatory"
)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[BioCampus] "

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["biocampus.formats"]

# --- Static files -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Derived files the product may rebuild at any time (skill label vectors).
CACHE_DIR = Path(env.str("BIOCAMPUS_CACHE_DIR", default=str(BASE_DIR / "var" / "cache")))
# A local sentence-transformers folder for skill extraction; default: the model
# `manage.py train_skill_model` trained (kept in SKILL_MODELS_DIR), else the packaged
# all-MiniLM-L6-v2 that `make install` installs, else lexical ranking only.
SKILL_EMBEDDING_MODEL = env.str("SKILL_EMBEDDING_MODEL", default="")
SKILL_MODELS_DIR = Path(env.str("BIOCAMPUS_MODELS_DIR", default=str(BASE_DIR / "var" / "models")))
STATICFILES_DIRS = [BASE_DIR / "biocampus" / "static"]
# Applicants' attachments: outside the web root, with no URL; a view checks who asks.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
if TESTING:
    PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="biocampus-private-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": "/no-public-url/"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Development and tests serve static files straight from the apps, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# --- Caches (rate limits) ---------------------------------------------------------
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if (
    not DEBUG
    and not TESTING
    and CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    in (
        "LocMemCache",
        "DummyCache",
    )
):
    # Failed-login limits must be counted by every worker together: a per-process cache
    # would give an attacker one allowance per process, and a dummy one no limit at all.
    raise ImproperlyConfigured(
        "Set CACHE_URL to a cache every server process shares when DEBUG is off: "
        "redis://host:6379/1, or dbcache://biocampus_cache after `manage.py createcachetable`."
    )

# Personal API tokens expire after this many days unless the holder asks for fewer.
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)

# --- Client addresses behind proxies ------------------------------------------------
# How many proxies (load balancer, ingress) sit in front of the app and append to
# X-Forwarded-For. The client address, which the failed-login limits count by, is read that
# many hops from the right; with 0 the socket address is used and the header is ignored,
# so a forged X-Forwarded-For gains nothing.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
NINJA_NUM_PROXIES = TRUSTED_PROXY_COUNT
# The campus's jobs target, shown against the people trained and ready (jobs-gap view).
CAMPUS_JOBS_TARGET = env.int("CAMPUS_JOBS_TARGET", default=2400)
CAMPUS_JOBS_TARGET_YEARS = env.int("CAMPUS_JOBS_TARGET_YEARS", default=3)
# The longer horizon (direct and indirect jobs), and the day both are counted from.
CAMPUS_JOBS_LONG_TARGET = env.int("CAMPUS_JOBS_LONG_TARGET", default=10000)
# Pupils the immersion pillar means to welcome each calendar year (school visits); a
# campus sets its own, 0 hides the target.
CAMPUS_PUPILS_TARGET = env.int("CAMPUS_PUPILS_TARGET", default=3000)
CAMPUS_JOBS_LONG_TARGET_YEARS = env.int("CAMPUS_JOBS_LONG_TARGET_YEARS", default=10)
CAMPUS_TARGET_START = env.str("CAMPUS_TARGET_START", default="2026-01-01")
JOBS_GAP_CACHE_SECONDS = env.int("JOBS_GAP_CACHE_SECONDS", default=300)
# Capacity advice (outcomes/capacity.py): what an extra seat costs when a programme does
# not say (euros per learner and contact hour), the teaching hours a trainer gives a
# week, the share of free room hours a timetable can really fill, the size of a session
# for a programme that never ran one, and how long an answer is reused.
CAPACITY_SEAT_COST_PER_HOUR = env.float("CAPACITY_SEAT_COST_PER_HOUR", default=25.0)
CAPACITY_TRAINER_WEEKLY_HOURS = env.float("CAPACITY_TRAINER_WEEKLY_HOURS", default=20.0)
CAPACITY_ROOM_USABLE_SHARE = env.float("CAPACITY_ROOM_USABLE_SHARE", default=0.8)
CAPACITY_DEFAULT_SESSION_SEATS = env.int("CAPACITY_DEFAULT_SESSION_SEATS", default=16)
CAPACITY_ADVICE_CACHE_SECONDS = env.int("CAPACITY_ADVICE_CACHE_SECONDS", default=120)

# --- Background tasks and e-mail ---------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default", "email", "timetable"],
    }
}
# Every e-mail, allauth's included, is recorded in the outbox in the caller's transaction;
# the task worker delivers it through DELIVERY_EMAIL_BACKEND.
EMAIL_BACKEND = "biocampus.outbox.backend.OutboxEmailBackend"
DELIVERY_EMAIL_BACKEND = env.str(
    "DELIVERY_EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.locmem.EmailBackend"
        if TESTING
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = secret("EMAIL_HOST_PASSWORD", _email.get("EMAIL_HOST_PASSWORD", ""))
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
# Without a timeout, an SMTP server that accepts and never answers blocked the
# worker for good (seconds; the task fails and can be retried).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# Delivery retries: attempt n waits BASE x 2^(n-1) seconds, at most MAX; after
# MAX_ATTEMPTS the e-mail is failed and shown to the campus admin to resend. A claim older
# than CLAIM_TIMEOUT (a worker killed mid-send) is taken again.
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=8)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)
OUTBOX_RETRY_MAX_SECONDS = env.int("OUTBOX_RETRY_MAX_SECONDS", default=6 * 3600)
OUTBOX_CLAIM_TIMEOUT = env.int("OUTBOX_CLAIM_TIMEOUT", default=15 * 60)
# At most one delivery task per this many seconds per process (0: one per commit).
OUTBOX_NUDGE_SECONDS = env.float("OUTBOX_NUDGE_SECONDS", default=1.0)
# A one-seat enrolment by Bearer token in one statement, outside the full request cycle
# (enrolment/lean_route.py; PostgreSQL only). Off: every request takes the full path.
ENROLMENT_LEAN_ROUTE = env.bool("ENROLMENT_LEAN_ROUTE", default=True)
# The task worker's own schedule (`manage.py worker`): every HOUSEKEEPING_INTERVAL seconds
# it sends due e-mail and takes back tasks RUNNING for longer than TASK_STALE_AFTER (their
# worker died), failing them after TASK_MAX_CLAIMS workers; once a day it applies the
# retention periods below.
HOUSEKEEPING_INTERVAL = env.int("HOUSEKEEPING_INTERVAL", default=60)
TASK_STALE_AFTER = env.int("TASK_STALE_AFTER", default=30 * 60)
TASK_MAX_CLAIMS = env.int("TASK_MAX_CLAIMS", default=3)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="BioCampus <no-reply@biocampus.test>")

# Absolute links in e-mails, and the name e-mails and allauth's messages use.
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")
SITE_NAME = env.str("SITE_NAME", default="BioCampus")
# Fernet keys (comma-separated; the first encrypts, all decrypt) for the issuers' signing
# keys at rest; empty: one derived from SECRET_KEY.
CREDENTIALS_KEYS = env.list("CREDENTIALS_KEYS", default=[])
# Calendar feeds: the domain in event UIDs (default: SITE_URL's host) and how often
# clients should refresh (REFRESH-INTERVAL, X-PUBLISHED-TTL).
CALENDAR_UID_DOMAIN = env.str("CALENDAR_UID_DOMAIN", default="")
CALENDAR_REFRESH_MINUTES = env.int("CALENDAR_REFRESH_MINUTES", default=60)

# --- Data protection: retention periods (days) -------------------------------------
RETENTION_SENT_EMAIL_DAYS = env.int("RETENTION_SENT_EMAIL_DAYS", default=30)
RETENTION_FAILED_EMAIL_DAYS = env.int("RETENTION_FAILED_EMAIL_DAYS", default=90)
# A failed e-mail's text (kept so the campus can send it again) is emptied after this.
RETENTION_FAILED_EMAIL_TEXT_DAYS = env.int("RETENTION_FAILED_EMAIL_TEXT_DAYS", default=7)
RETENTION_TASK_RESULT_DAYS = env.int("RETENTION_TASK_RESULT_DAYS", default=14)
RETENTION_EXPIRED_TOKEN_DAYS = env.int("RETENTION_EXPIRED_TOKEN_DAYS", default=30)
RETENTION_UNVERIFIED_ACCOUNT_DAYS = env.int("RETENTION_UNVERIFIED_ACCOUNT_DAYS", default=30)
PRIVACY_EXPORT_DAYS = env.int("PRIVACY_EXPORT_DAYS", default=7)
# A pending export with no task after this many seconds is queued again.
PRIVACY_EXPORT_RESUME_AFTER = env.int("PRIVACY_EXPORT_RESUME_AFTER", default=15 * 60)

# --- Security -------------------------------------------------------------------
# Scripts only from this site (no inline script, no eval); styles may be inline (the
# SVG charts' attributes). Nothing may frame the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# No page needs the camera, microphone, location, payment or USB.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
}
# Request sizes, set explicitly: a whole request (an application's PDF of at most 10 MB with
# its form), a body that is not a file (JSON, form fields), and how much of an upload is
# kept in memory before it goes to a temporary file.
MAX_REQUEST_BYTES = 12 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Load balancers probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG and not TESTING:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # The level sits on the handler too: Django's loggers propagate to it whatever the
    # root logger's own level is.
    "handlers": {"console": {"class": "logging.StreamHandler", "level": LOG_LEVEL}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

CATALOGUE_PAGE_SIZE = 12
API_PAGE_SIZE = 20
