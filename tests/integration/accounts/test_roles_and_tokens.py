"""Roles, the demo data, API tokens and the reference list of first responders."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from opennrm.access.roles import Role
from opennrm.accounts.models import ApiToken, Organisation, OrganisationType, User
from opennrm.accounts.reference_data import classify
from opennrm.audit.models import AuditEvent
from opennrm.demo.accounts import DEMO_PASSWORD, DEMO_USERS
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_prints_one_line_per_user() -> None:
    first, second = io.StringIO(), io.StringIO()
    call_command("seed_demo", stdout=first)
    users, events = User.objects.count(), AuditEvent.objects.count()
    call_command("seed_demo", stdout=second)
    assert User.objects.count() == users
    assert AuditEvent.objects.count() == events
    lines = [line for line in first.getvalue().splitlines() if "\t" in line]
    assert len(lines) == len(DEMO_USERS)
    assert {line.split("\t")[0] for line in lines} == {role.value for role in Role}
    assert all(line.endswith(DEMO_PASSWORD) for line in lines)


def test_seed_demo_loads_every_designated_first_responder() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    designated = Organisation.objects.filter(is_designated_first_responder=True)
    assert designated.count() >= 520
    met = designated.get(name="Metropolitan Police Service")
    assert met.organisation_type == OrganisationType.POLICE_FORCE
    assert met.nation == "england"
    assert designated.get(name="Glasgow City Council").nation == "scotland"
    assert not Organisation.objects.get(
        name="Single Competent Authority"
    ).is_designated_first_responder


@pytest.mark.parametrize(
    ("name", "kind", "nation"),
    [
        ("Police Service of Northern Ireland", "police_force", "northern_ireland"),
        ("City of Cardiff Council", "local_authority", "wales"),
        ("Refugee Council", "ngo", ""),
        ("Home Office - UK Border Force UKBF", "home_office_unit", ""),
        ("National Crime Agency NCA", "government_agency", ""),
        ("Health and Social Care Trusts - HSC Trusts", "health_body", "northern_ireland"),
        ("Trafficking Awareness Raising Alliance TARA", "ngo", "scotland"),
    ],
)
def test_classify_first_responder_organisations(name: str, kind: str, nation: str) -> None:
    assert classify(name) == (kind, nation)


def test_roles_are_scoped_to_organisations() -> None:
    user = person_with_role("first_responder")
    other = Organisation.objects.create(name="Other", organisation_type="ngo")
    assert user.organisation_ids_for("first_responder")
    assert not user.organisation_ids_for("caseworker")
    assert other.pk not in user.organisation_ids_for("first_responder")
    user.memberships.update(is_active=False)
    fresh = User.objects.get(pk=user.pk)
    assert not fresh.organisation_ids_for("first_responder")


def test_api_token_command_prints_a_working_token(client: Client) -> None:
    user = person_with_role("first_responder", email="fr@example.test")
    out = io.StringIO()
    call_command("api_token", "FR@example.test", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("onrm_")
    assert not ApiToken.objects.filter(digest=token).exists()  # only the digest is stored
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["email"] == user.email
    assert response.json()["roles"][0]["role"] == "first_responder"


def test_api_rejects_missing_and_wrong_tokens(client: Client) -> None:
    assert client.get("/api/v1/me").status_code == 401
    wrong = client.get("/api/v1/me", headers={"Authorization": "Bearer onrm_nope"})
    assert wrong.status_code == 401


def test_api_token_for_unknown_user_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="No active user"):
        call_command("api_token", "nobody@example.test")
