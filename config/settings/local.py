"""Settings for `make demo` and local development: embedded SQLite, e-mail to the console."""

from config.env import env_bool
from config.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
# `make demo` prints each demo account's authenticator key beside its login.
OPENNRM_DEMO_SHOW_SECRETS = True
