"""An administrator's day in a browser: an organisation added, a person added and given a
role, their authenticator app reset, their account deactivated, a legal hold placed and
lifted; then an auditor finds who viewed a case. Every page checked for accessibility in
its valid and error states."""

import re

import pytest
from playwright.sync_api import Page, expect

from opennrm.accounts.models import User
from opennrm.demo.accounts import DEMO_PASSWORD, seed_demo_accounts
from tests import states
from tests.e2e.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_administrator_looks_after_organisations_people_and_holds(page: Page) -> None:
    seed_demo_accounts()
    demo = {u.email.split("@")[0]: u for u in User.objects.all()}
    case = states.refer_adult(demo)
    sign_in(page, "admin@demo.opennrm.test", DEMO_PASSWORD)
    page.get_by_role("link", name="Administration").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration")
    assert_accessible(page)

    # An organisation: an error first, then added.
    page.get_by_role("link", name="Organisations").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add an organisation").click()
    page.get_by_role("button", name="Add the organisation").click()
    expect(page).to_have_title(re.compile(r"^Error: Add an organisation"))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the organisation's name")
    assert_accessible(page)
    page.get_by_label("Name").fill("Northwold Borough Council")
    page.get_by_label("Type of organisation").select_option("local_authority")
    page.get_by_label("Designated first responder organisation").check()
    page.get_by_role("button", name="Add the organisation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Northwold Borough Council")
    assert_accessible(page)

    # A person, with an error first.
    page.goto("/administration/people/new/")
    page.get_by_label("Work email address").fill("caseworker@demo.opennrm.test")
    page.get_by_role("button", name="Add the person").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the person's full name")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Someone already has an account")
    assert_accessible(page)
    page.get_by_label("Full name").fill("Nia Jones")
    page.get_by_label("Work email address").fill("nia.jones@example.test")
    organisation = page.get_by_label("Organisation", exact=True)
    organisation.fill("Northwold")
    page.get_by_role("option", name="Northwold Borough Council", exact=True).click()
    page.get_by_label("Role").select_option("first_responder")
    page.get_by_role("button", name="Add the person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nia Jones")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("sent an email")
    assert_accessible(page)
    page.get_by_role("button", name="Give the role").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the organisation")
    assert_accessible(page)
    page.get_by_role("button", name="Reset their authenticator app").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("will set up a new app")
    page.get_by_role("button", name="Deactivate the account").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Deactivated")
    assert_accessible(page)
    page.goto("/administration/people/?q=nia")
    expect(page.locator("table")).to_contain_text("nia.jones@example.test")
    assert_accessible(page)

    # A legal hold, with an error first, then lifted.
    page.goto("/administration/")
    page.get_by_role("link", name="Legal holds and retention").click()
    assert_accessible(page)
    page.get_by_role("link", name="Place a legal hold").click()
    page.get_by_label("Case reference").fill("not a reference")
    page.get_by_role("button", name="Place the hold").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("in the correct format")
    assert_accessible(page)
    page.get_by_label("Case reference").fill(case.reference)
    page.get_by_label("Why must the records be kept?").fill("A claim in the High Court")
    page.get_by_role("button", name="Place the hold").click()
    expect(page.locator(f'tr[data-hold="{case.reference}"]')).to_contain_text("In place")
    page.get_by_role("link", name=re.compile("^Lift")).click()
    assert_accessible(page)
    page.get_by_role("button", name="Lift the hold").click()
    expect(page.locator(f'tr[data-hold="{case.reference}"]')).to_contain_text("Lifted")
    page.get_by_role("button", name="Sign out").click()

    # The auditor: who viewed the case.
    sign_in(page, "caseworker@demo.opennrm.test", DEMO_PASSWORD)
    page.goto(f"/cases/{case.reference}/")
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "auditor@demo.opennrm.test", DEMO_PASSWORD)
    page.get_by_role("link", name="Who viewed a record").first.click()
    assert_accessible(page)
    page.get_by_label("Case or referral reference").fill("nonsense!")
    page.get_by_role("button", name="Find viewers").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("in the correct format")
    assert_accessible(page)
    page.get_by_label("Case or referral reference").fill(case.reference)
    page.get_by_role("button", name="Find viewers").click()
    row = page.locator('tr[data-viewer="caseworker@demo.opennrm.test"]')
    expect(row).to_contain_text("Opened the case page")
    assert_accessible(page)
