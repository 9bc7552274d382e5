"""Settings for the reliability drills: production settings, served over plain HTTP on
loopback, with static files read from the source (no collectstatic step)."""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
