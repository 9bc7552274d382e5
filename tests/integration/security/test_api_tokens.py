"""API tokens expire; the API is rate limited per token and per address; an address that
keeps sending wrong tokens is locked out."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from opennrm.accounts.models import ApiToken
from opennrm.accounts.services import (
    api_token_authenticate,
    api_token_issue,
    api_token_lifetime_days,
)
from opennrm.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def me(client: Client, token: str, address: str = "127.0.0.1"):
    return client.get(
        "/api/v1/me", headers={"Authorization": f"Bearer {token}"}, REMOTE_ADDR=address
    )


def test_a_token_lives_for_the_default_lifetime(demo, settings) -> None:
    settings.OPENNRM_API_TOKEN_DAYS = 30
    before = timezone.now()
    api_token_issue(actor=None, user=demo["ngo.fr"])
    token = ApiToken.objects.get()
    assert token.expires_at - before >= timedelta(days=30)
    assert token.expires_at - before < timedelta(days=30, minutes=1)


def test_the_lifetime_policy_lives_in_one_function(settings) -> None:
    settings.OPENNRM_API_TOKEN_DAYS = 90
    settings.OPENNRM_MIGRATION_TOKEN_DAYS = 7
    assert api_token_lifetime_days() == 90
    assert api_token_lifetime_days(for_data_migration=True) == 7


def test_an_expired_token_gets_401_saying_it_expired(client: Client, demo) -> None:
    with time_machine.travel("2026-01-01 09:00 +00:00", tick=False):
        token = api_token_issue(actor=None, user=demo["ngo.fr"], lifetime_days=7)
    with time_machine.travel("2026-01-08 08:59 +00:00", tick=False):
        assert me(client, token).status_code == 200
    with time_machine.travel("2026-01-08 09:00 +00:00", tick=False):
        response = me(client, token)
        assert response.status_code == 401
        assert response.json()["detail"] == (
            "Your API token expired on 8 January 2026. Ask for a new token."
        )
        assert api_token_authenticate(token=token) is None


@pytest.mark.parametrize("days", [0, -1, 367])
def test_a_lifetime_outside_one_day_to_a_year_is_refused(demo, days: int) -> None:
    with pytest.raises(ValueError, match="between 1 and 366 days"):
        api_token_issue(actor=None, user=demo["ngo.fr"], lifetime_days=days)


def test_data_migration_tokens_are_short_lived_whatever_is_asked(demo, settings) -> None:
    settings.OPENNRM_MIGRATION_TOKEN_DAYS = 7
    err = io.StringIO()
    call_command("api_token", "migration@demo.opennrm.test", stdout=io.StringIO(), stderr=err)
    assert "The token expires on" in err.getvalue()
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == timedelta(days=7)
    with pytest.raises(CommandError, match="at most 7 days"):
        call_command("api_token", "migration@demo.opennrm.test", "--days", "30")
    call_command("api_token", "ngo.fr@demo.opennrm.test", "--days", "30", stderr=io.StringIO())
    longest = ApiToken.objects.filter(user=demo["ngo.fr"]).get()
    assert longest.expires_at - longest.created_at == timedelta(days=30)
    with pytest.raises(CommandError, match="between 1 and 366"):
        call_command("api_token", "ngo.fr@demo.opennrm.test", "--days", "999")


def test_the_issue_event_records_the_expiry(demo) -> None:
    api_token_issue(actor=None, user=demo["ngo.fr"], lifetime_days=3)
    event = AuditEvent.objects.get(action="account.api_token_issued")
    assert "expires_at" in event.payload


def test_rate_limit_per_token_answers_429_with_retry_after(client: Client, demo, settings) -> None:
    settings.OPENNRM_API_RATE_PER_USER = 3
    token = api_token_issue(actor=None, user=demo["ngo.fr"])
    other = api_token_issue(actor=None, user=demo["caseworker"])
    with time_machine.travel("2026-03-01 10:00:15 +00:00", tick=False):
        assert [me(client, token).status_code for _ in range(4)] == [200, 200, 200, 429]
        refused = me(client, token)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "45"
        assert "Too many requests" in refused.json()["detail"]
        # Another caller from the same address is not affected.
        assert me(client, other).status_code == 200
    with time_machine.travel("2026-03-01 10:01:01 +00:00", tick=False):
        assert me(client, token).status_code == 200  # a new minute


def test_rate_limit_per_signed_in_browser_user(client: Client, demo, settings) -> None:
    settings.OPENNRM_API_RATE_PER_USER = 2
    client.force_login(demo["ngo.fr"])
    with time_machine.travel("2026-03-01 10:00:00 +00:00", tick=False):
        codes = [client.get("/api/v1/me").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_rate_limit_per_address(client: Client, demo, settings) -> None:
    settings.OPENNRM_API_RATE_PER_ADDRESS = 3
    tokens = [api_token_issue(actor=None, user=demo["ngo.fr"]) for _ in range(4)]
    with time_machine.travel("2026-03-01 10:00:00 +00:00", tick=False):
        codes = [me(client, token, "192.0.2.1").status_code for token in tokens]
        assert codes == [200, 200, 200, 429]
        assert me(client, tokens[0], "192.0.2.2").status_code == 200


def test_repeated_wrong_tokens_lock_the_address_out(client: Client, demo, settings) -> None:
    settings.OPENNRM_API_BAD_TOKEN_LIMIT = 3
    settings.OPENNRM_API_LOCKOUT_SECONDS = 900
    good = api_token_issue(actor=None, user=demo["ngo.fr"])
    codes = [me(client, f"onrm_guess{n}", "192.0.2.66").status_code for n in range(3)]
    assert codes == [401, 401, 401]
    locked = me(client, good, "192.0.2.66")
    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"
    assert "wrong token" in locked.json()["detail"]
    # Other addresses carry on.
    assert me(client, good, "192.0.2.67").status_code == 200
    event = AuditEvent.objects.get(action="api.address_locked_out")
    assert event.object_id == "192.0.2.66"


def test_the_address_is_read_behind_trusted_proxies(client: Client, demo, settings) -> None:
    settings.OPENNRM_TRUSTED_PROXIES = 1
    settings.OPENNRM_API_BAD_TOKEN_LIMIT = 2
    for n in range(2):
        client.get(
            "/api/v1/me",
            headers={"Authorization": f"Bearer nope{n}", "X-Forwarded-For": "spoof, 192.0.2.9"},
        )
    event = AuditEvent.objects.get(action="api.address_locked_out")
    assert event.object_id == "192.0.2.9"
