"""Fixtures shared by every test: people in each role, and audit triggers around flushes."""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=100
)
settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def pytest_configure(config: pytest.Config) -> None:
    # Every `client.force_login(user)` (the fixture's or a hand-made Client's) gives a
    # fully signed-in session: password and second factor (tests/two_factor.py).
    from tests import two_factor

    two_factor.install()


@pytest.fixture(autouse=True)
def _audit_triggers_survive_flush(request: pytest.FixtureRequest):
    """Transactional tests end with a flush, which the append-only audit triggers refuse.

    pytest-django runs these tests after all the others, so the triggers are dropped only
    for the flush at the end of each one and installed again at the start of the next.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        (marker is not None and marker.kwargs.get("transaction", False))
        or "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
    )
    if not transactional:
        yield
        return
    request.getfixturevalue("transactional_db")
    from django.db import connection

    from opennrm.audit.triggers import drop_triggers, install_triggers

    install_triggers(connection)
    yield
    drop_triggers(connection)


@pytest.fixture
def demo(db):
    """The demo organisations and people, keyed by e-mail prefix (``police.fr``…)."""
    from opennrm.accounts.models import User
    from opennrm.demo.accounts import seed_demo_accounts

    seed_demo_accounts()
    return {u.email.split("@")[0]: u for u in User.objects.all()}
