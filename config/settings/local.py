"""Settings for `make demo` and local development: embedded SQLite, e-mail to the console."""

from config.env import env_bool
from config.settings.base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
