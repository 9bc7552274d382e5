import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()
