"""Signing in and out: GOV.UK errors, lockout, safe redirects, audit events."""

import pytest
from django.test import Client
from django.urls import reverse

from opennrm.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD, person_with_role

pytestmark = pytest.mark.django_db


def test_sign_in_with_correct_password_asks_for_the_code_and_is_audited(client: Client) -> None:
    user = person_with_role("caseworker", email="cw@example.test")
    response = client.post(
        reverse("accounts:sign-in"), {"username": "CW@example.test", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two-factor")
    assert AuditEvent.objects.filter(action="account.signed_in", actor=user).exists()


def test_wrong_password_shows_error_summary_without_saying_which_field(client: Client) -> None:
    person_with_role("caseworker", email="cw@example.test")
    response = client.post(
        reverse("accounts:sign-in"), {"username": "cw@example.test", "password": "wrong"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body
    assert "Enter a correct email address and password" in body
    assert "<title>Error:" in body
    assert 'value="cw@example.test"' in body


def test_empty_sign_in_names_both_fields(client: Client) -> None:
    response = client.post(reverse("accounts:sign-in"), {})
    body = response.content.decode()
    assert "Enter your email address" in body
    assert "Enter your password" in body


def test_account_locks_after_five_wrong_passwords(client: Client) -> None:
    person_with_role("caseworker", email="cw@example.test")
    for _ in range(5):
        client.post(reverse("accounts:sign-in"), {"username": "cw@example.test", "password": "x"})
    response = client.post(
        reverse("accounts:sign-in"), {"username": "cw@example.test", "password": TEST_PASSWORD}
    )
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()


def test_sign_in_never_redirects_to_another_site(client: Client) -> None:
    person_with_role("caseworker", email="cw@example.test")
    response = client.post(
        reverse("accounts:sign-in") + "?next=https://evil.example/",
        {"username": "cw@example.test", "password": TEST_PASSWORD},
    )
    assert response["Location"] == reverse("accounts:two-factor")


def test_sign_out_needs_post_and_is_audited(client: Client) -> None:
    user = person_with_role("caseworker")
    client.force_login(user)
    assert client.get(reverse("accounts:sign-out")).status_code == 405
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="account.signed_out", actor=user).exists()


def test_home_page_needs_sign_in(client: Client) -> None:
    response = client.get(reverse("home:home"))
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


def test_password_reset_sends_a_link_only_to_existing_accounts(client: Client, mailoutbox) -> None:
    person_with_role("caseworker", email="cw@example.test")
    for address in ("cw@example.test", "nobody@example.test"):
        response = client.post(reverse("accounts:password-reset"), {"email": address})
        assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/account/password-reset/" in mailoutbox[0].body


def test_password_reset_with_bad_address_shows_govuk_error(client: Client) -> None:
    response = client.post(reverse("accounts:password-reset"), {"email": "not-an-email"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in body
