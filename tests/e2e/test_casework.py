"""Casework in Chromium: an adult from referral to positive conclusive grounds, a child to
a negative reasonable grounds decision, with letters; axe-core on every page."""

import re

import pytest
import time_machine
from playwright.sync_api import Page, expect

from opennrm.accounts.demo import DEMO_PASSWORD, seed_demo_accounts
from opennrm.accounts.models import Organisation, User
from opennrm.referrals import services
from opennrm.referrals.schema import ReferralSubmission
from tests.e2e.helpers import assert_accessible, sign_in
from tests.integration.referrals.bodies import adult_body, child_body

pytestmark = pytest.mark.django_db(transaction=True)


def refer(email: str, organisation: str, body: dict) -> str:
    result = services.referral_submit(
        user=User.objects.get(email=email),
        organisation=Organisation.objects.get(name=organisation),
        submission=ReferralSubmission.model_validate(body),
    )
    return result.referral.reference


def open_case(page: Page, reference: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    assert_accessible(page)


def test_adult_case_from_referral_to_positive_conclusive_grounds(page: Page) -> None:
    with time_machine.travel("2026-03-02 09:00 +00:00", tick=True):
        seed_demo_accounts()
        reference = refer("ngo.fr@demo.opennrm.test", "The Salvation Army", adult_body())
        sign_in(page, "caseworker@demo.opennrm.test", DEMO_PASSWORD)
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
        page.get_by_role("button", name=f"Assign to me {reference}").click()
        expect(page.get_by_text(f"{reference} is assigned to you.")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("link", name=reference).click()
        page.get_by_role("link", name="Make reasonable grounds decision").click()
        assert_accessible(page)
        page.get_by_role("button", name="Record decision").click()
        expect(page).to_have_title(re.compile("^Error: "))
        assert_accessible(page)
        page.get_by_label("Positive").check()
        page.get_by_label("Reasons for the decision").fill("Consistent account; clear indicators.")
        page.get_by_role("button", name="Record decision").click()
        expect(page.get_by_role("heading", name="Decision letter")).to_be_visible()
        expect(page.get_by_text("A recovery and reflection period has started")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("link", name=reference).click()
        expect(page.get_by_text("Recovery period", exact=True)).to_be_visible()
        assert_accessible(page)
    with time_machine.travel("2026-04-02 09:00 +00:00", tick=True):
        sign_in(page, "caseworker@demo.opennrm.test", DEMO_PASSWORD)
        open_case(page, reference)
        page.get_by_role("link", name="Make conclusive grounds decision").click()
        expect(page.get_by_text("balance of probabilities")).to_be_visible()
        page.get_by_label("Positive").check()
        page.get_by_label("Reasons for the decision").fill("On the balance of probabilities, yes.")
        page.get_by_role("button", name="Record decision").click()
        expect(page.get_by_text("Conclusive grounds decision: positive")).to_be_visible()
        assert_accessible(page)


def test_child_case_to_negative_reasonable_grounds_with_letters(page: Page) -> None:
    seed_demo_accounts()
    reference = refer("cardiff.fr@demo.opennrm.test", "City of Cardiff Council", child_body())
    sign_in(page, "panel.chair@demo.opennrm.test", DEMO_PASSWORD)
    open_case(page, reference)
    page.get_by_role("link", name="Make reasonable grounds decision").click()
    page.get_by_label("Negative").check()
    page.get_by_label("Reasons for the decision").fill("Not enough information at this stage.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("local authority was consulted")
    assert_accessible(page)
    page.get_by_label("Negative").check()
    page.get_by_label("The local authority was consulted about this child").check()
    page.get_by_label("The child's wishes and feelings").fill("Wants to stay with foster carers.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Addressed to City of Cardiff Council.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="What has been decided, explained for you")
    ).to_be_visible()
    assert_accessible(page)
