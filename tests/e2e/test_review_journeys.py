"""Safeguards on negative decisions in a browser, with axe-core on every page in its valid
and error states:

- under the reformed policy, a child's negative reasonable grounds decision is checked by a
  senior caseworker, the independent review panel disagrees, and the decision maker accepts
  its view and decides again, positively;
- under the UK policy of 2020, a negative conclusive grounds decision is checked, sent to
  the review panel, which agrees, and it is issued.
"""

import pytest
from django.test import override_settings
from playwright.sync_api import Page, expect

from opennrm.accounts.models import User
from opennrm.cases.models import Case
from opennrm.demo.accounts import DEMO_PASSWORD, seed_demo_accounts
from opennrm.reviews.models import IndependentReview
from tests.e2e.helpers import assert_accessible, sign_in
from tests.integration.cases.conftest import make_case as _make_case
from tests.integration.reviews.flows import negative_cg_2020

pytestmark = pytest.mark.django_db(transaction=True)


def people() -> dict[str, User]:
    seed_demo_accounts()
    return {u.email.split("@")[0]: u for u in User.objects.all()}


def maker(demo):
    return _make_case.__wrapped__(demo)  # the fixture's function, called directly


def act_as(page: Page, prefix: str) -> None:
    page.context.clear_cookies()
    sign_in(page, f"{prefix}@demo.opennrm.test", DEMO_PASSWORD)


def quality_check_passes(page: Page, case: Case) -> None:
    act_as(page, "senior.caseworker")
    page.goto("/home/")
    page.get_by_role("link", name="proposed negative decision waiting for your check").click()
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()
    page.get_by_label("No: send it back to the decision maker").check()
    page.get_by_role("button", name="Record the check").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the decision is being sent back"
    )
    assert_accessible(page)
    page.get_by_label("Yes: it follows the guidance and the evidence supports it").check()
    page.get_by_role("button", name="Record the check").click()


@override_settings(OPENNRM_JURISDICTION="uk_reformed")
def test_reformed_policy_child_rg_the_panel_disagrees_and_the_decision_maker_reverses(
    page: Page,
) -> None:
    demo = people()
    case = maker(demo)("child", local_authority="Leeds City Council")

    act_as(page, "caseworker")
    page.goto(f"/cases/{case.reference}/decide/reasonable_grounds/")
    page.get_by_label("Negative").check()
    page.get_by_label("Reasons for the decision").fill("No indicator of exploitation found.")
    page.get_by_label("The local authority was consulted about this child").check()
    page.get_by_label("The child's wishes and feelings").fill("Wants to stay at school.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("main")).to_contain_text("The decision is proposed")
    expect(page.locator("main")).to_contain_text("waiting for a senior caseworker")
    assert_accessible(page)

    quality_check_passes(page, case)
    expect(page.locator("main")).to_contain_text("gone to the independent review panel")
    assert_accessible(page)

    act_as(page, "review.panel")
    page.goto("/home/")
    page.get_by_role("link", name="proposed decision waiting for review").click()
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()
    expect(page.locator("main")).to_contain_text("No indicator of exploitation found.")
    assert_accessible(page)
    view = page.locator("form[data-form=view]")
    view.get_by_label("Disagree: return it to the decision maker").check()
    view.get_by_role("button", name="Record your view").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reasons for your view")
    assert_accessible(page)
    view = page.locator("form[data-form=view]")
    view.get_by_label("Disagree: return it to the decision maker").check()
    view.get_by_label("Reasons").fill("The school reported signs of criminal exploitation.")
    view.get_by_role("button", name="Record your view").click()
    expect(page.locator("[data-list=views]")).to_contain_text("criminal exploitation")
    conclusion = page.locator("form[data-form=conclusion]")
    conclusion.get_by_label("Disagree: the case returns to the decision maker").check()
    conclusion.get_by_label("The panel's reasons").fill(
        "The school's report meets the reasonable grounds threshold."
    )
    conclusion.get_by_role("button", name="Record the panel's conclusion").click()
    expect(page.locator("main")).to_contain_text("The panel disagreed")
    assert_accessible(page)

    act_as(page, "caseworker")
    page.goto(f"/cases/{case.reference}/")
    page.get_by_role("link", name="Answer the panel and decide again").click()
    expect(page.locator("main")).to_contain_text("meets the reasonable grounds threshold")
    page.get_by_role("button", name="Continue to the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether you accept the panel's view"
    )
    assert_accessible(page)
    page.get_by_label("Yes: I will make a positive decision").check()
    page.get_by_label("Why you accept or reject the panel's view").fill(
        "I had not seen the school's report."
    )
    page.get_by_role("button", name="Continue to the decision").click()
    assert_accessible(page)
    page.get_by_label("Positive").check()
    page.get_by_label("Reasons for the decision").fill("The school's report meets the threshold.")
    page.get_by_label("The local authority was consulted about this child").check()
    page.get_by_label("The child's wishes and feelings").fill("Wants to stay at school.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("main")).to_contain_text("the first responder told")
    assert_accessible(page)
    page.goto(f"/cases/{case.reference}/")
    expect(page.locator("[data-response=accepted]")).to_contain_text("I had not seen")
    assert_accessible(page)
    case.refresh_from_db()
    assert case.state == "recovery_period"


def test_uk_2020_negative_cg_the_panel_agrees_and_it_is_issued(page: Page) -> None:
    demo = people()
    case = negative_cg_2020(demo, maker(demo), checked=False)
    assert case.state == "cg_quality_check"

    quality_check_passes(page, case)
    expect(page.locator("main")).to_contain_text("gone to the independent review panel")

    act_as(page, "review.panel")
    page.goto("/reviews/")
    page.get_by_role("link", name=case.reference).click()
    conclusion = page.locator("form[data-form=conclusion]")
    conclusion.get_by_role("button", name="Record the panel's conclusion").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether the panel agrees with the decision"
    )
    assert_accessible(page)
    conclusion = page.locator("form[data-form=conclusion]")
    conclusion.get_by_label("Agree: the decision is issued").check()
    conclusion.get_by_label("The panel's reasons").fill("The consultations support the decision.")
    conclusion.get_by_role("button", name="Record the panel's conclusion").click()
    expect(page.locator("main")).to_contain_text("The panel agreed")
    expect(page.locator("main")).to_contain_text("No decision is waiting for review.")
    assert_accessible(page)
    page.goto(f"/cases/{case.reference}/")
    expect(page.locator("[data-review-outcome=agree]")).to_be_visible()
    assert_accessible(page)
    case.refresh_from_db()
    assert case.state == "negative_cg"
    assert IndependentReview.objects.get(case=case).outcome == "agree"

    act_as(page, "senior.caseworker")
    page.goto("/reviews/measures/")
    expect(page.locator("[data-list=measures]")).to_contain_text("100%")
    assert_accessible(page)
