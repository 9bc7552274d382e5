"""Administration pages: organisations, people, roles, second-factor resets; every change
audited; deactivation and revocation take effect on the next request, for pages and API
tokens alike."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from opennrm.accounts import two_factor
from opennrm.accounts.models import ApiToken, Organisation, RoleMembership, User, UserSession
from opennrm.accounts.services import api_token_issue
from opennrm.audit.models import AuditEvent
from opennrm.notifications.models import OutboundEmail
from tests import states
from tests.two_factor import authenticator_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client, demo) -> Client:
    client.force_login(demo["admin"])
    return client


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


def test_the_administration_home_lists_its_sections_for_administrators_only(
    admin_client: Client, demo
) -> None:
    body = admin_client.get(reverse("administration:home")).content.decode()
    for section in ("Organisations", "People", "Legal holds and retention", "Who viewed a record"):
        assert section in body
    assert 'href="/administration/"' in admin_client.get("/home/").content.decode()
    for who in ("caseworker", "auditor", "police.fr"):
        other = Client()
        other.force_login(demo[who])
        assert other.get(reverse("administration:home")).status_code == 403


def test_an_administrator_adds_and_changes_an_organisation(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("administration:organisation-new"),
        {
            "name": "  Northwold   Borough Council ",
            "organisation_type": "local_authority",
            "nation": "england",
            "is_designated_first_responder": "on",
            "is_active": "on",
        },
    )
    organisation = Organisation.objects.get(name="Northwold Borough Council")
    assert response["Location"] == reverse("administration:organisation", args=[organisation.pk])
    assert organisation.is_designated_first_responder
    created = _events("account.organisation_created")[-1]
    assert created.object_id == str(organisation.pk)

    admin_client.post(
        reverse("administration:organisation", args=[organisation.pk]),
        {
            "name": "Northwold Borough Council",
            "organisation_type": "local_authority",
            "nation": "england",
            "is_active": "on",
        },
    )
    organisation.refresh_from_db()
    assert not organisation.is_designated_first_responder
    changed = _events("account.organisation_changed")[-1]
    assert changed.payload["fields"] == ["is_designated_first_responder"]
    listing = admin_client.get(reverse("administration:organisations") + "?page=2")
    assert listing.status_code == 200


def test_organisation_form_errors_are_govuk_and_lose_nothing(admin_client: Client, demo) -> None:
    response = admin_client.post(
        reverse("administration:organisation-new"),
        {"name": "The Salvation Army", "organisation_type": "", "panel_site": "Cardiff"},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body
    assert "There is already an organisation with this name" in body
    assert "Choose the type of organisation" in body
    assert 'value="Cardiff"' in body


def test_an_administrator_adds_a_person_who_is_emailed_a_password_link(
    admin_client: Client, demo, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("administration:person-new"),
            {
                "full_name": "Nia Jones",
                "email": "Nia.Jones@Example.test",
                "organisation": Organisation.objects.get(name="The Salvation Army").pk,
                "role": "first_responder",
            },
        )
    person = User.objects.get(email="nia.jones@example.test")
    assert response["Location"] == reverse("administration:person", args=[person.pk])
    assert not person.has_usable_password()
    assert person.memberships.get().role == "first_responder"
    email = OutboundEmail.objects.get(category="account_invitation")
    assert email.recipients == ["nia.jones@example.test"]
    # The link went to Nia alone: once sent, the outbox no longer keeps it.
    assert email.status == "sent" and email.body == ""
    (sent,) = [m for m in mail.outbox if m.to == ["nia.jones@example.test"]]
    link = re.search(r"http://testserver(/account/password-reset/\S+/)", sent.body)
    assert link is not None
    # The link lets them choose a password; signing in then asks them to set up an app.
    client = Client()
    form_url = client.get(link.group(1))["Location"]
    password = "a-long-new-starter-password"
    client.post(form_url, {"new_password1": password, "new_password2": password})
    client.post(reverse("accounts:sign-in"), {"username": person.email, "password": password})
    assert client.get(reverse("accounts:two-factor"))["Location"].startswith(
        reverse("accounts:two-factor-set-up")
    )
    assert _events("account.user_created")[-1].object_id == str(person.pk)


def test_the_same_email_cannot_be_added_twice(admin_client: Client, demo) -> None:
    response = admin_client.post(
        reverse("administration:person-new"),
        {
            "full_name": "Someone",
            "email": "CASEWORKER@demo.opennrm.test",
            "organisation": Organisation.objects.get(name="The Salvation Army").pk,
            "role": "nonsense",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Someone already has an account with this email address" in body
    assert "Choose the role from the list" in body


def test_revoking_a_role_takes_effect_on_the_next_request_for_pages_and_tokens(
    admin_client: Client, demo
) -> None:
    caseworker = demo["caseworker"]
    case = states.case_awaiting_rg(demo)
    browser = Client()
    browser.force_login(caseworker)
    token = api_token_issue(actor=None, user=caseworker)
    api = {"Authorization": f"Bearer {token}"}
    assert browser.get(f"/cases/{case.reference}/").status_code == 200
    assert Client().get(f"/api/v1/cases/{case.reference}", headers=api).status_code == 200

    membership = RoleMembership.objects.get(user=caseworker, role="caseworker")
    admin_client.post(reverse("administration:role-revoke", args=[caseworker.pk, membership.pk]))
    assert browser.get(f"/cases/{case.reference}/").status_code == 404
    assert browser.get("/cases/").status_code == 403
    assert Client().get(f"/api/v1/cases/{case.reference}", headers=api).status_code == 404
    revoked = _events("account.role_revoked")[-1]
    assert revoked.payload == {
        "user": caseworker.pk,
        "organisation": membership.organisation_id,
        "role": "caseworker",
    }

    admin_client.post(
        reverse("administration:role-grant", args=[caseworker.pk]),
        {"organisation": membership.organisation_id, "role": "caseworker"},
    )
    assert browser.get(f"/cases/{case.reference}/").status_code == 200


def test_deactivating_an_account_ends_every_session_and_token_at_once(
    admin_client: Client, demo
) -> None:
    caseworker = demo["caseworker"]
    browsers = [Client(), Client()]
    for browser in browsers:
        browser.force_login(caseworker)
    token = api_token_issue(actor=None, user=caseworker)
    api = {"Authorization": f"Bearer {token}"}
    assert Client().get("/api/v1/me", headers=api).status_code == 200

    admin_client.post(reverse("administration:person-deactivate", args=[caseworker.pk]))
    for browser in browsers:
        assert reverse("accounts:sign-in") in browser.get("/cases/")["Location"]
    assert Client().get("/api/v1/me", headers=api).status_code == 401
    assert not UserSession.objects.filter(user=caseworker).exists()
    assert ApiToken.objects.get(user=caseworker).revoked_at is not None
    event = _events("account.user_deactivated")[-1]
    assert event.payload == {"api_tokens_revoked": 1}
    # The password no longer signs in.
    again = Client()
    again.post(
        reverse("accounts:sign-in"),
        {"username": caseworker.email, "password": "demo-password-opennrm"},
    )
    assert reverse("accounts:sign-in") in again.get("/cases/")["Location"]

    admin_client.post(reverse("administration:person-reactivate", args=[caseworker.pk]))
    caseworker.refresh_from_db()
    assert caseworker.is_active
    # Old tokens stay revoked.
    assert Client().get("/api/v1/me", headers=api).status_code == 401


def test_an_administrator_cannot_deactivate_themselves(admin_client: Client, demo) -> None:
    admin_client.post(reverse("administration:person-deactivate", args=[demo["admin"].pk]))
    demo["admin"].refresh_from_db()
    assert demo["admin"].is_active


def test_resetting_the_second_factor_removes_the_app_and_signs_the_person_out(
    admin_client: Client, demo
) -> None:
    caseworker = demo["caseworker"]
    browser = Client()
    browser.force_login(caseworker)
    two_factor.backup_codes_issue(user=caseworker)
    page = admin_client.get(reverse("administration:person", args=[caseworker.pk])).content
    assert b"Set up, 10 backup codes left" in page

    admin_client.post(reverse("administration:person-reset-two-factor", args=[caseworker.pk]))
    assert not TOTPDevice.objects.filter(user=caseworker).exists()
    assert two_factor.backup_codes_left(caseworker) == 0
    assert reverse("accounts:sign-in") in browser.get("/cases/")["Location"]
    reset = _events(two_factor.RESET)[-1]
    assert reset.actor == demo["admin"]
    assert reset.object_id == str(caseworker.pk)
    # Next sign-in: the password, then setting up a new app.
    browser.post(
        reverse("accounts:sign-in"),
        {"username": caseworker.email, "password": "demo-password-opennrm"},
    )
    assert browser.get(reverse("accounts:two-factor"))["Location"].startswith(
        reverse("accounts:two-factor-set-up")
    )


def test_people_search_and_lists_do_not_query_per_row(
    admin_client: Client, demo, django_assert_max_num_queries
) -> None:
    body = admin_client.get(reverse("administration:people") + "?q=caseworker").content.decode()
    assert "Tom Hughes" in body
    assert "Priya Shah" not in body
    with django_assert_max_num_queries(12) as few:
        admin_client.get(reverse("administration:people"))
    baseline = len(few.captured_queries)
    for n in range(30):
        user = User.objects.create_user(email=f"extra{n}@example.test", full_name=f"Extra {n}")
        authenticator_for(user)
    with django_assert_max_num_queries(baseline):
        admin_client.get(reverse("administration:people"))
    with django_assert_max_num_queries(12) as orgs:
        admin_client.get(reverse("administration:organisations"))
    baseline = len(orgs.captured_queries)
    with django_assert_max_num_queries(baseline):
        admin_client.get(reverse("administration:organisations") + "?page=2")


def test_administrators_see_no_case_data(admin_client: Client, demo) -> None:
    case = states.case_awaiting_rg(demo)
    assert admin_client.get(f"/cases/{case.reference}/").status_code == 404
    assert admin_client.get("/cases/").status_code == 403
