"""Schemathesis against /api/v1/openapi.json: every operation fuzzed (bounded examples) as
two first responders of different organisations, checking for server errors, answers
that do not match the schema, and object-level authorisation: what one peer's
organisation referred answers 404 to the other, whatever is sent.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from opennrm.accounts.services import api_token_issue
from opennrm.referrals.models import Referral
from tests import states

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


class Peers:
    """Two first responders in different organisations, each with a referral of its own."""

    def __init__(self, demo) -> None:
        self.tokens = {
            name: api_token_issue(actor=None, user=demo[name]) for name in ("ngo.fr", "police.fr")
        }
        self.own = {
            "ngo.fr": states.refer_adult(demo).reference,
            "police.fr": states.refer_adult(
                demo, by="police.fr", organisation="Metropolitan Police Service"
            ).reference,
        }

    def headers(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[name]}"}

    def other(self, name: str) -> str:
        return next(peer for peer in self.tokens if peer != name)


@pytest.fixture
def peers(demo) -> Peers:
    return Peers(demo)


@pytest.fixture(autouse=True)
def _keep_the_test_connection(db):
    # As Django's test client does: keep the test's connection (and its transaction) open
    # across the requests Schemathesis makes through the WSGI application.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


# The schema is served by the application itself (it needs no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def _object_level_authorisation(case, response, peers: Peers, name: str) -> None:
    """A reference the other peer's organisation owns answers 404 to this peer, or an
    answer that does not depend on the record (a malformed body, a method the route does
    not have, a rate limit): never one
    that shows it exists (2xx, 403, 409)."""
    reference = (case.path_parameters or {}).get("reference")
    if reference is None:
        return
    owner = next((p for p, ref in peers.own.items() if ref == reference), None)
    if owner is not None and owner != name:
        assert response.status_code in (400, 401, 404, 405, 422, 429), (
            f"{case.method} {case.formatted_path} as {name} answered "
            f"{response.status_code} for {owner}'s record"
        )


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_for_two_peers(case, peers: Peers) -> None:
    for name in peers.tokens:
        reference = (case.path_parameters or {}).get("reference")
        # Half the time, aim at a record that exists: the other peer's.
        if reference and hash(reference) % 2:
            case.path_parameters["reference"] = peers.own[peers.other(name)]
        response = case.call_and_validate(headers=peers.headers(name), checks=CHECKS)
        _object_level_authorisation(case, response, peers, name)


def test_each_peer_reads_its_own_referral_and_never_the_others(client, peers: Peers) -> None:
    for name, reference in peers.own.items():
        own = client.get(f"/api/v1/referrals/{reference}", headers=peers.headers(name))
        other = client.get(
            f"/api/v1/referrals/{peers.own[peers.other(name)]}", headers=peers.headers(name)
        )
        assert own.status_code == 200
        assert other.status_code == 404
        assert other.json() == {"detail": "No referral was found"}
    assert Referral.objects.count() == 2
