"""Production settings: refuse to start unless the deployment is safe.

Every value that matters must come from the environment; DEBUG on or the development
secret key stops start-up with a one-line error.
"""

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int
from config.settings.base import *  # noqa: F403
from config.settings.base import (
    DEBUG,
    DEV_AUDIT_KEY,
    DEV_EVIDENCE_KEY,
    OPENNRM_AUDIT_KEY,
    OPENNRM_EVIDENCE_KEY,
    SECRET_KEY,
)
from config.settings.keys import evidence_key_problem

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set it to false).")
if SECRET_KEY.startswith("insecure-") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production."
    )

if OPENNRM_AUDIT_KEY == DEV_AUDIT_KEY or len(OPENNRM_AUDIT_KEY) < 32:
    raise ImproperlyConfigured(
        "OPENNRM_AUDIT_KEY must be set to a random value of at least 32 characters in "
        "production, kept outside the database (it signs the audit trail)."
    )
if OPENNRM_EVIDENCE_KEY == DEV_EVIDENCE_KEY or evidence_key_problem(OPENNRM_EVIDENCE_KEY):
    raise ImproperlyConfigured(
        "OPENNRM_EVIDENCE_KEY must be set in production to 32 random bytes in base64 "
        "(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')."
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
if SECURE_HSTS_SECONDS < 60 * 60 * 24 * 365:
    raise ImproperlyConfigured("SECURE_HSTS_SECONDS must be at least a year (31536000).")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The __Host- prefix makes browsers refuse the cookies unless they are Secure, for this
# host only (no Domain) and for the whole site (Path=/): a sibling subdomain cannot plant
# or overwrite them (ASVS 5.0 V3.3.1).
SESSION_COOKIE_NAME = "__Host-opennrm-session"
CSRF_COOKIE_NAME = "__Host-opennrm-csrf"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_PATH = "/"
CSRF_COOKIE_PATH = "/"
# Never print a second-factor secret in production, whatever the environment says.
OPENNRM_DEMO_SHOW_SECRETS = False
