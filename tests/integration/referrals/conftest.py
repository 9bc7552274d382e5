import pytest

from opennrm.accounts.models import User
from opennrm.demo.accounts import seed_demo_accounts


@pytest.fixture
def demo(db) -> dict[str, User]:
    """The demo organisations and people, keyed by e-mail prefix (``police.fr``…)."""
    seed_demo_accounts()
    return {u.email.split("@")[0]: u for u in User.objects.all()}
