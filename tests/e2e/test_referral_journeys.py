"""Three referral journeys end to end in Chromium — on to the decisions for the child and
the consenting adult — with every page checked by axe-core in its valid and error state."""

import re

import pytest
import time_machine
from playwright.sync_api import Page, expect

from opennrm.accounts.demo import DEMO_PASSWORD, seed_demo_accounts
from opennrm.cases.models import Case
from opennrm.referrals.models import Referral
from tests import documents
from tests.e2e.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def save(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def show_errors_then(page: Page, fill) -> None:
    """Submit the page empty (error state, checked), then answer it (checked) and go on."""
    assert_accessible(page)
    save(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    fill(page)
    save(page)


def answer(page: Page, fill) -> None:
    assert_accessible(page)
    fill(page)
    save(page)


def begin(page: Page, email: str) -> None:
    sign_in(page, email, DEMO_PASSWORD)
    page.get_by_role("link", name="Make a referral").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Start a referral").click()
    assert_accessible(page)  # the task list
    page.get_by_role("link", name="Before you start").click()


def common_pages(page: Page, *, nationality: str) -> None:
    answer(page, lambda p: p.get_by_label("Female").check())
    show_errors_then(
        page, lambda p: p.get_by_label("Nationality", exact=True).select_option(nationality)
    )
    answer(page, lambda p: p.get_by_label("No", exact=True).check())  # interpreter
    show_errors_then(
        page,
        lambda p: (
            p.get_by_label("Criminal exploitation").check(),
            p.get_by_label("In the UK", exact=True).check(),
        ),
    )
    show_errors_then(
        page, lambda p: p.get_by_label("What happened to the person?").fill("<b>Made</b> to work.")
    )
    answer(page, lambda p: p.get_by_label("No", exact=True).check())  # still in the situation
    answer(page, lambda p: None)  # exploiters (optional)
    answer(page, lambda p: p.get_by_label("No", exact=True).check())  # credibility
    answer(page, lambda p: p.get_by_label("No", exact=True).check())  # other victims


def finish(page: Page) -> str:
    # Support, then (if asked) contact, then evidence and the first responder's details.
    answer(page, lambda p: p.get_by_label("Safe accommodation").check())
    if "Contacting the person" in page.title():
        answer(page, lambda p: None)
    expect(page.get_by_role("heading", name="Your details")).to_be_visible()
    answer(page, lambda p: None)
    assert_accessible(page)  # task list with everything but evidence
    page.get_by_role("link", name="Evidence").click()
    assert_accessible(page)
    page.get_by_role("button", name="Upload file").click()
    assert_accessible(page)  # error state: no file chosen
    page.get_by_label("Upload evidence (optional)").set_input_files(
        files=[{"name": "statement.pdf", "mimeType": "application/pdf", "buffer": documents.pdf()}]
    )
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_role("term")).to_have_text("statement.pdf")
    assert_accessible(page)
    save(page)
    page.get_by_role("link", name="Check your answers").click()
    assert_accessible(page)
    expect(page.get_by_text("<b>Made</b> to work.")).to_be_visible()  # shown as text
    page.get_by_role("button", name=re.compile("^Submit")).click()
    expect(page.locator(".govuk-panel__title")).to_be_visible()
    assert_accessible(page)
    return page.locator(".govuk-panel__body strong").inner_text()


def open_case(page: Page, reference: str) -> None:
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    assert_accessible(page)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_child_referred_by_cardiff_to_a_negative_rg_decision_with_letters(page: Page) -> None:
    seed_demo_accounts()
    begin(page, "cardiff.fr@demo.opennrm.test")
    answer(page, lambda p: p.get_by_label("Wales").check())  # organisation pre-selected
    show_errors_then(page, lambda p: p.get_by_label("Yes", exact=True).check())  # under 18
    show_errors_then(
        page,
        lambda p: (
            p.get_by_label("Local authority", exact=True).select_option("City of Cardiff Council"),
            p.get_by_label("Children's services contact name").fill("Duty social worker"),
            p.get_by_label("Phone number").fill("029 2087 2087"),
            p.get_by_role("group", name="Have children's services been told about this child?")
            .get_by_label("Yes", exact=True)
            .check(),
            p.get_by_role("group", name="Have the police been told about this child?")
            .get_by_label("Yes", exact=True)
            .check(),
        ),
    )
    show_errors_then(page, lambda p: p.get_by_label("Given name").fill("Jayden"))
    show_errors_then(
        page,
        lambda p: (
            p.get_by_label("Day").fill("14"),
            p.get_by_label("Month").fill("6"),
            p.get_by_label("Year").fill("2012"),
            p.get_by_label("No", exact=True).check(),
        ),
    )
    common_pages(page, nationality="British")
    reference = finish(page)
    expect(page.get_by_text("Cardiff child decision-making panel will decide")).to_be_visible()
    case = Case.objects.get(reference=reference)
    assert case.decision_maker_type == "panel"
    assert case.is_child

    # The Cardiff panel decides: a child's case needs the local authority and their wishes.
    sign_out(page)
    sign_in(page, "panel.chair@demo.opennrm.test", DEMO_PASSWORD)
    open_case(page, reference)
    page.get_by_role("link", name="Make reasonable grounds decision").click()
    assert_accessible(page)
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
    assert (
        page.request.get(
            page.get_by_role("link", name="Download the letter as a PDF").get_attribute("href")
        )
        .body()
        .startswith(b"%PDF")
    )


def test_consenting_adult_referred_by_an_ngo_to_a_positive_cg_decision(page: Page) -> None:
    with time_machine.travel("2026-03-02 09:00 +00:00", tick=True):
        seed_demo_accounts()
        begin(page, "ngo.fr@demo.opennrm.test")
        show_errors_then(page, lambda p: p.get_by_label("England").check())
        answer(page, lambda p: p.get_by_label("No", exact=True).check())  # under 18
        show_errors_then(
            page, lambda p: p.get_by_label("No", exact=True).check()
        )  # at exploitation
        show_errors_then(page, lambda p: p.get_by_label("Yes", exact=True).check())  # consent
        answer(page, lambda p: p.get_by_label("Given name").fill("Arben"))
        answer(page, lambda p: p.get_by_label("No", exact=True).check())  # age disputed
        common_pages(page, nationality="Albanian")
        reference = finish(page)
        assert reference.startswith("NRM-")
        expect(page.get_by_text("Single Competent Authority will decide")).to_be_visible()
        page.get_by_role("link", name="Your organisation's referrals").click()
        expect(page.get_by_role("link", name=reference)).to_be_visible()
        assert_accessible(page)
        page.get_by_role("link", name=reference).click()
        assert_accessible(page)

        # The competent authority takes the case and decides on reasonable grounds.
        sign_out(page)
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
        expect(page.get_by_text("A recovery and reflection period has started")).to_be_visible()
        assert_accessible(page)

    # After the recovery period (30 days from 30 January 2023), the conclusive decision.
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
    assert Case.objects.get(reference=reference).state == "positive_cg"


def test_non_consenting_adult_becomes_a_duty_to_notify_report(page: Page) -> None:
    seed_demo_accounts()
    begin(page, "police.fr@demo.opennrm.test")
    answer(page, lambda p: p.get_by_label("England").check())
    answer(page, lambda p: p.get_by_label("No", exact=True).check())
    answer(page, lambda p: p.get_by_label("Yes", exact=True).check())  # under 18 at exploitation
    answer(page, lambda p: p.get_by_label("No", exact=True).check())  # no consent
    show_errors_then(
        page,
        lambda p: (
            p.get_by_label("Why did the person not consent to be referred?").fill("Afraid."),
            p.get_by_label("No", exact=True).check(),
        ),
    )
    common_pages(page, nationality="Romanian")
    reference = finish(page)
    assert reference.startswith("DTN-")
    referral = Referral.objects.get(reference=reference)
    assert referral.person.given_name == ""
    assert not Case.objects.exists()
