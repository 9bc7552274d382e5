"""Reconsideration in a browser: a first responder's request that overturns a negative
decision, and a late request refused until it gives an exceptional reason. Every page is
checked with axe in its valid and error states."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from opennrm.accounts.models import User
from opennrm.cases.models import Case
from opennrm.demo.accounts import DEMO_PASSWORD, seed_demo_accounts
from tests import states
from tests.e2e.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def people() -> dict[str, User]:
    seed_demo_accounts()
    return {u.email.split("@")[0]: u for u in User.objects.all()}


def test_a_reconsideration_overturns_a_negative_decision(page: Page) -> None:
    demo = people()
    case = states.case_negative_rg(demo)
    sign_in(page, "ngo.fr@demo.opennrm.test", DEMO_PASSWORD)
    expect(page.locator(f'[data-reconsiderable="{case.reference}"]')).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Ask for reconsideration of {case.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Ask for the decision to be reconsidered"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Send the request").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the grounds")
    assert_accessible(page)
    page.get_by_label("New evidence").check()
    page.get_by_label("Explain why").fill("A GP letter records injuries the decision missed.")
    page.get_by_label("The evidence you are sending").fill("GP letter, 2 pages.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request for reconsideration has been sent")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "caseworker@demo.opennrm.test", DEMO_PASSWORD)
    page.get_by_role("link", name=case.reference).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Answer the request for reconsideration"
    )
    expect(page.locator("main")).to_contain_text("A GP letter records injuries")
    assert_accessible(page)
    page.get_by_role("button", name="Record the answer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select whether you accept")
    assert_accessible(page)
    page.get_by_label("Yes: the decision will be made again").check()
    page.get_by_label("Your reasons").fill("The GP letter is new evidence.")
    page.get_by_role("button", name="Record the answer").click()
    expect(page.get_by_text("Your answer has been recorded.")).to_be_visible()
    expect(page.locator('[data-reconsideration="accepted"]')).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Make reasonable grounds decision").click()
    page.get_by_label("Positive").check()
    page.get_by_label("Reasons for the decision").fill("The new evidence meets the threshold.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("A recovery and reflection period has started")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/cases/{case.reference}/")
    # Both decisions are kept; the new one says it replaces the old.
    expect(page.locator("[data-supersedes]")).to_have_text("Replaces the earlier decision")
    expect(page.locator("main")).to_contain_text("Reasonable grounds: negative")
    assert_accessible(page)
    case.refresh_from_db()
    assert case.state == "recovery_period"
    assert case.decisions.count() == 2


def test_a_late_request_is_refused_without_an_exceptional_reason(page: Page) -> None:
    demo = people()
    # Midday UK time, 45 days ago: the decision's date is that day whatever the time now
    # (late in the evening, a moment 45 days back can fall on the next day in summer time).
    decided = timezone.localtime().replace(hour=12, minute=0) - timedelta(days=45)
    with time_machine.travel(decided):
        case = states.case_negative_rg(demo)
    sign_in(page, "ngo.fr@demo.opennrm.test", DEMO_PASSWORD)
    page.goto(f"/protection/{case.reference}/reconsideration/")
    expect(page.locator("[data-deadline]")).to_have_text(
        f"{timezone.localdate() - timedelta(days=15):%-d %B %Y}"
    )
    assert_accessible(page)
    page.get_by_label("The decision did not follow the guidance").check()
    page.get_by_label("Explain why").fill("The decision did not weigh the indicators listed.")
    page.get_by_role("button", name="Send the request").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The request is out of time")
    expect(page.locator(".govuk-error-message").filter(has_text="out of time")).to_be_visible()
    assert_accessible(page)
    assert not Case.objects.get(pk=case.pk).reconsiderations.exists()
    page.get_by_label("If the request is late, the exceptional reason").fill(
        "The person was in hospital for five weeks."
    )
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request for reconsideration has been sent")).to_be_visible()
    assert_accessible(page)
    assert Case.objects.get(pk=case.pk).reconsiderations.get().late
