"""Settings for the benchmarks: the test settings with a real (in-memory) cache, as in
production, where the overdue counts are cached for a minute."""

from config.settings.test import *  # noqa: F403
from config.settings.test import CACHES as TEST_CACHES

CACHES = {**TEST_CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
