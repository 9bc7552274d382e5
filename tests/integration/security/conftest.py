import pytest
from django.core.cache import caches

from opennrm.accounts.demo import seed_demo_accounts
from opennrm.accounts.models import User


@pytest.fixture
def demo(db) -> dict[str, User]:
    """The demo organisations and people, keyed by e-mail prefix (``sca.cw``…)."""
    seed_demo_accounts()
    return {u.email.split("@")[0]: u for u in User.objects.all()}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()
