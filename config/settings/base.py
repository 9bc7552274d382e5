"""Settings shared by every environment. Values that differ come from the environment."""

import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SRC_DIR = BASE_DIR / "src" / "opennrm"
VAR_DIR = BASE_DIR / "var"

# The reference lists used by the live UK referral form (copied from the shared
# reference data, so a clone runs on its own).
REFERENCE_DATA_DIR = Path(
    env_str("OPENNRM_REFERENCE_DATA_DIR", str(SRC_DIR / "core" / "reference"))
)

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks_db",
    "opennrm.core",
    "opennrm.access",
    "opennrm.audit",
    "opennrm.accounts",
    "opennrm.people",
    "opennrm.notifications",
    "opennrm.cases",
    "opennrm.referrals",
    "opennrm.panels",
    "opennrm.reviews",
    "opennrm.protection",
    "opennrm.retention",
    "opennrm.statistics",
    "opennrm.home",
    "opennrm.administration",
    "opennrm.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "opennrm.audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "opennrm.accounts.middleware.SessionLimitsMiddleware",
    "opennrm.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "opennrm.core.security_middleware.MalformedRequestMiddleware",
    "opennrm.core.security_middleware.NoStoreMiddleware",
    "opennrm.core.ratelimit.ApiRateLimitMiddleware",
    "axes.middleware.AxesMiddleware",
    "opennrm.core.middleware.DatabaseUnavailableMiddleware",
    "opennrm.core.application_errors.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "opennrm.core.context_processors.service",
                "opennrm.home.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "opennrm.core.govuk_forms.GovukFormRenderer"

VAR_DIR.mkdir(exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'opennrm.sqlite3'}")
# On PostgreSQL the service connects as a role that owns nothing (DATABASE_URL) and
# migrations run as the role that owns the tables (MIGRATION_DATABASE_URL); see
# scripts/create-database-roles.sql and docs/operations.md.
MIGRATION_DATABASE_URL = env_str("MIGRATION_DATABASE_URL", "")
MIGRATION_COMMANDS = frozenset({"migrate", "createcachetable"})


def _running_command(argv: list[str]) -> str:
    """The management command this process runs, or "" for a web or task process."""
    if len(argv) > 1 and Path(argv[0]).name in ("manage.py", "django-admin", "__main__.py"):
        return argv[1]
    return ""


if MIGRATION_DATABASE_URL and _running_command(sys.argv) in MIGRATION_COMMANDS:
    DATABASE_URL = MIGRATION_DATABASE_URL
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Embedded SQLite: wait for a writer instead of failing at once, and keep readers
    # and the writer from blocking each other.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Check a kept connection before each request, so that after the database restarts the
# first request reconnects instead of failing on a dead connection.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "core:start"

# django-axes: lock an account after repeated wrong passwords.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
# Lock an account after repeated failures wherever they come from, and an account from one
# address; never an address alone, so that colleagues behind one address (a police
# station, a council's network) are not all locked out by one person's mistakes.
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "opennrm.core.ratelimit.client_address"
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_CALLABLE = "opennrm.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True

# The second factor (django-otp, ADR 60): a TOTP code from an authenticator app, or a
# backup code. Wrong codes are slowed down by django-otp (1, 2, 4… seconds) and, after
# OPENNRM_SECOND_FACTOR_FAILURE_LIMIT of them, locked for the lockout time.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "OpenNRM")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
OPENNRM_SECOND_FACTOR_FAILURE_LIMIT = env_int("OPENNRM_SECOND_FACTOR_FAILURE_LIMIT", 5)
OPENNRM_SECOND_FACTOR_LOCKOUT_SECONDS = env_int("OPENNRM_SECOND_FACTOR_LOCKOUT_SECONDS", 60 * 60)
# `seed_demo` prints each demo account's authenticator key only where this is on (the
# demo's settings, config.settings.local); production forces it off.
OPENNRM_DEMO_SHOW_SECRETS = False

# Sessions (ADR 61): signed-in staff are signed out after 15 minutes without a request (a
# warning comes 2 minutes before) and 12 hours after signing in, whatever they do.
OPENNRM_SESSION_IDLE_SECONDS = env_int("OPENNRM_SESSION_IDLE_SECONDS", 15 * 60)
OPENNRM_SESSION_WARNING_SECONDS = env_int("OPENNRM_SESSION_WARNING_SECONDS", 2 * 60)
OPENNRM_SESSION_ABSOLUTE_SECONDS = env_int("OPENNRM_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = OPENNRM_SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# How many reverse proxies in front of the service append to X-Forwarded-For; 0 means the
# service is reached directly and REMOTE_ADDR is the caller (rate limits, lockouts).
OPENNRM_TRUSTED_PROXIES = env_int("OPENNRM_TRUSTED_PROXIES", 0)
SECURE_REFERRER_POLICY = "same-origin"

# Django's built-in Content Security Policy: nothing from another origin, no inline script
# except the nonce'd GOV.UK "js-enabled" snippet, no plugins, no <base>, no framing.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [SRC_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(Path(env_str("MEDIA_ROOT", str(VAR_DIR / "uploads")))),
            # Evidence is readable by the service's own user only.
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OpenNRM <no-reply@opennrm.invalid>")

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The rate limiter's counters. Per process: with several web processes each keeps its own
# count, so the limits below are per process (see docs/security.md).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "opennrm-ratelimit",
    },
}

OPENNRM_SERVICE_NAME = "Refer and decide on modern slavery cases"
OPENNRM_JURISDICTION = env_str("OPENNRM_JURISDICTION", "uk")
OPENNRM_COMPETENT_AUTHORITY = env_str("OPENNRM_COMPETENT_AUTHORITY", "Single Competent Authority")
# Unsubmitted referrals are deleted this many days after they were last saved.
OPENNRM_DRAFT_EXPIRY_DAYS = env_int("OPENNRM_DRAFT_EXPIRY_DAYS", 28)
# Retention (ADR 62, docs/operations.md): `manage.py apply_retention` anonymises Duty to
# Notify reports this many days after they were received (UK GDPR Art. 5(1)(e))...
OPENNRM_RETENTION_DTN_REPORT_DAYS = env_int("OPENNRM_RETENTION_DTN_REPORT_DAYS", 3 * 365)
# ...closed adults' cases this many days after they closed (Limitation Act 1980 ss2, 5)...
OPENNRM_RETENTION_CLOSED_ADULT_CASE_DAYS = env_int(
    "OPENNRM_RETENTION_CLOSED_ADULT_CASE_DAYS", 6 * 365
)
# ...and children's cases on the person's birthday of this age, as looked-after children's
# records are kept (Care Planning, Placement and Case Review (England) Regulations 2010,
# reg. 50).
OPENNRM_RETENTION_CHILD_RECORD_UNTIL_AGE = env_int("OPENNRM_RETENTION_CHILD_RECORD_UNTIL_AGE", 75)
OPENNRM_EVIDENCE_MAX_BYTES = 25 * 1024 * 1024

# Security keys come from the environment and are never stored in the database, so that
# whoever controls the database can neither forge the audit trail nor read the evidence.
# Development and tests use the fixed keys below; production refuses them.
DEV_AUDIT_KEY = "insecure-development-audit-key-do-not-use-in-production"
DEV_EVIDENCE_KEY = "aW5zZWN1cmUtZGV2LWV2aWRlbmNlLWtleS0zMmJ5dGU="  # base64 of 32 bytes
# The audit chain is keyed with HMAC-SHA256 under this key (ADR 20).
OPENNRM_AUDIT_KEY = env_str("OPENNRM_AUDIT_KEY", DEV_AUDIT_KEY)
# Where `audit_checkpoint` and `verify_audit_chain` append the signed head of the chain.
# Put it on storage the database's administrators cannot rewrite. Empty: no checkpoints.
OPENNRM_AUDIT_CHECKPOINT_PATH = env_str(
    "OPENNRM_AUDIT_CHECKPOINT_PATH", str(VAR_DIR / "audit" / "checkpoints.jsonl")
)
# Evidence files are encrypted at rest with AES-256-GCM under this key (base64, 32 bytes).
OPENNRM_EVIDENCE_KEY = env_str("OPENNRM_EVIDENCE_KEY", DEV_EVIDENCE_KEY)
# Uncompressed size allowed inside a Word (.docx) upload: refuses "zip bombs".
OPENNRM_EVIDENCE_MAX_UNPACKED_BYTES = env_int(
    "OPENNRM_EVIDENCE_MAX_UNPACKED_BYTES", 100 * 1024 * 1024
)

# API tokens expire, so a leaked or forgotten token stops working; data-migration tokens
# (used for a few days while loading records from another system) sooner.
OPENNRM_API_TOKEN_DAYS = env_int("OPENNRM_API_TOKEN_DAYS", 90)
OPENNRM_MIGRATION_TOKEN_DAYS = env_int("OPENNRM_MIGRATION_TOKEN_DAYS", 7)
# API rate limits: requests per minute for one token or user, and for one address.
OPENNRM_API_RATE_PER_USER = env_int("OPENNRM_API_RATE_PER_USER", 600)
OPENNRM_API_RATE_PER_ADDRESS = env_int("OPENNRM_API_RATE_PER_ADDRESS", 1200)
# Bad bearer tokens from one address before it is refused for OPENNRM_API_LOCKOUT_SECONDS.
OPENNRM_API_BAD_TOKEN_LIMIT = env_int("OPENNRM_API_BAD_TOKEN_LIMIT", 20)
OPENNRM_API_LOCKOUT_SECONDS = env_int("OPENNRM_API_LOCKOUT_SECONDS", 15 * 60)

# Covering indexes (the statistics read facts from indexes alone) are PostgreSQL's: SQLite
# builds the same indexes without their extra columns, which changes no result.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Statistics: counts below this are withheld from local-area tables and local pictures
# (shown as "[c]" or "fewer than N"); k for the k-anonymity of record-level open data.
OPENNRM_STATISTICS_THRESHOLD = env_int("OPENNRM_STATISTICS_THRESHOLD", 10)
OPENNRM_OPEN_DATA_K = env_int("OPENNRM_OPEN_DATA_K", 11)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
