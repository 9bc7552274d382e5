"""Settings for the test suite. PostgreSQL when DATABASE_URL is set, SQLite otherwise."""

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, STORAGES, VAR_DIR

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(VAR_DIR / "test-uploads"),
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    # Tests must not depend on `collectstatic` having run.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
# Serve static files from the app folders: tests do not run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Every test sees fresh figures; caching is measured by the benchmarks, not relied on here.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "opennrm-test-ratelimit",
    },
}
# The suite sends many API requests from one address within a minute; the rate-limit tests
# set their own, small limits.
OPENNRM_API_RATE_PER_USER = 1_000_000
OPENNRM_API_RATE_PER_ADDRESS = 1_000_000
OPENNRM_API_BAD_TOKEN_LIMIT = 1_000_000
# Checkpoints of the audit chain are written only by the tests that ask for them.
OPENNRM_AUDIT_CHECKPOINT_PATH = ""
