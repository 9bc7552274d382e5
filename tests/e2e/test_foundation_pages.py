"""The start page, sign-in (valid and error states) and every role's home page in a browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from opennrm.access.roles import Role
from opennrm.demo.accounts import DEMO_PASSWORD, DEMO_USERS, seed_demo_accounts
from tests.e2e.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_start_page_explains_the_service_and_is_accessible(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Refer and decide on modern slavery cases"
    )
    expect(page.get_by_role("button", name="Start now")).to_be_visible()
    assert_accessible(page)


def test_sign_in_errors_are_summarised_and_accessible(page: Page) -> None:
    seed_demo_accounts()
    page.goto("/account/sign-in/")
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your email address")
    expect(summary).to_contain_text("Enter your password")
    assert_accessible(page)

    page.get_by_label("Email address").fill(DEMO_USERS[0].email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(summary).to_contain_text("Enter a correct email address and password")
    # The address typed is kept; the password is not.
    expect(page.get_by_label("Email address")).to_have_value(DEMO_USERS[0].email)
    expect(page.get_by_label("Password")).to_have_value("")
    assert_accessible(page)


def test_every_role_signs_in_to_an_accessible_home_page(page: Page) -> None:
    seed_demo_accounts()
    seen_roles = set()
    for demo_user in DEMO_USERS:
        if demo_user.role in seen_roles:
            continue
        seen_roles.add(demo_user.role)
        sign_in(page, demo_user.email, DEMO_PASSWORD)
        expect(page.get_by_role("heading", level=1)).to_have_text("Home")
        expect(page.locator(f'tr[data-role="{demo_user.role.value}"]')).to_contain_text(
            demo_user.organisation
        )
        assert_accessible(page)
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Refer and decide on modern slavery cases"
        )
    assert seen_roles == set(Role)  # every role has a demo person
