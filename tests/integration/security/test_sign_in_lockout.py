"""Sign-in lockout is per account and per account-and-address, never per address alone;
passwords are at least 12 characters and not common ones."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from opennrm.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD, person_with_role

pytestmark = pytest.mark.django_db

OFFICE = "198.51.100.7"
HOME = "203.0.113.9"


def sign_in(client: Client, email: str, password: str, address: str):
    return client.post(
        reverse("accounts:sign-in"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


def test_one_address_failing_for_several_accounts_does_not_lock_out_another(client) -> None:
    # A police station's shared address: three officers mistype their passwords 4 times
    # each (12 failures from one address, more than the limit of 5).
    for n in range(3):
        person_with_role("first_responder", email=f"officer{n}@example.test")
        for _ in range(4):
            sign_in(client, f"officer{n}@example.test", "wrong", OFFICE)
    person_with_role("first_responder", email="colleague@example.test")
    response = sign_in(client, "colleague@example.test", TEST_PASSWORD, OFFICE)
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="account.locked_out").exists()


def test_an_account_is_locked_wherever_the_failures_came_from(client) -> None:
    user = person_with_role("caseworker", email="cw@example.test")
    for n in range(5):
        sign_in(client, "cw@example.test", "wrong", f"192.0.2.{n + 1}")
    response = sign_in(client, "cw@example.test", TEST_PASSWORD, HOME)
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    event = AuditEvent.objects.filter(action="account.locked_out").first()
    assert event is not None
    assert event.object_id == str(user.pk)
    assert event.payload["username"] == "cw@example.test"


def test_a_lockout_is_audited_with_the_address(client) -> None:
    person_with_role("caseworker", email="cw@example.test")
    for _ in range(5):
        sign_in(client, "cw@example.test", "wrong", OFFICE)
    events = AuditEvent.objects.filter(action="account.locked_out")
    assert events.exists()
    assert events.first().payload["address"] == OFFICE


@pytest.mark.parametrize(
    "password",
    ["short-pass1", "password1234", "qwertyuiop123", "1q2w3e4r5t6y", "123456789012"],
)
def test_short_and_common_passwords_are_refused(password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_uncommon_password_is_accepted() -> None:
    validate_password("plum-harbour-kettle-47")


def test_minimum_length_is_twelve() -> None:
    with pytest.raises(ValidationError, match="at least 12 characters"):
        validate_password("Xq7!vR2#pL9")  # 11 characters
    validate_password("Xq7!vR2#pL9z")
