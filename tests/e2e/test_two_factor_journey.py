"""Two-factor sign-in in a browser: setting up an app on first sign-in (QR code and key),
a wrong code, backup codes, the account page and the session warning — each page checked
for accessibility in its valid and its error state."""

import re

import pytest
from playwright.sync_api import Page, expect

from opennrm.accounts.models import User
from tests.e2e.helpers import assert_accessible
from tests.factories import TEST_PASSWORD, person_with_role
from tests.two_factor import code_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_first_sign_in_sets_up_an_app_then_signs_in_with_its_codes(page: Page) -> None:
    person_with_role("caseworker", email="new.caseworker@example.test")
    page.goto("/cases/")
    page.get_by_label("Email address").fill("new.caseworker@example.test")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    expect(page.locator(".app-qr-code svg")).to_be_visible()
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("Security code").fill("123")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_title(re.compile(r"^Error: Set up your authenticator app"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("6 digits")
    assert_accessible(page)

    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.get(email="new.caseworker@example.test")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.get_by_label("Security code").fill(code_for(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your backup codes")
    codes = page.locator(".app-backup-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my backup codes").click()
    expect(page).to_have_url(re.compile(r"/cases/$"))

    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.locator(".govuk-summary-list")).to_contain_text("10 left")
    assert_accessible(page)
    page.get_by_role("link", name="Check when you will be signed out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are about to be signed out")
    assert_accessible(page)
    page.get_by_role("button", name="Stay signed in").click()
    page.get_by_role("button", name="Sign out").first.click()

    # Next time: the code from the app, a wrong one first; then a backup code.
    page.goto("/account/sign-in/")
    page.get_by_label("Email address").fill("new.caseworker@example.test")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    assert_accessible(page)
    page.get_by_label("Security code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The security code is not right")
    assert_accessible(page)
    page.get_by_text("I cannot use my authenticator app").click()
    page.get_by_role("link", name="sign in with a backup code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter a backup code")
    assert_accessible(page)
    page.get_by_label("Backup code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("9 backup codes left")
