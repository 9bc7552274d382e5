"""Three referral journeys end to end in Chromium, every page checked with axe-core in its
valid and its error state."""

import re

import pytest
from playwright.sync_api import Page, expect

from opennrm.accounts.demo import DEMO_PASSWORD, seed_demo_accounts
from opennrm.cases.models import Case
from opennrm.referrals.models import Referral
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
        files=[
            {"name": "statement.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
        ]
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


def test_child_referred_by_cardiff_goes_to_the_cardiff_panel(page: Page) -> None:
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


def test_consenting_adult_referred_by_an_ngo(page: Page) -> None:
    seed_demo_accounts()
    begin(page, "ngo.fr@demo.opennrm.test")
    show_errors_then(page, lambda p: p.get_by_label("England").check())
    answer(page, lambda p: p.get_by_label("No", exact=True).check())  # under 18
    show_errors_then(page, lambda p: p.get_by_label("No", exact=True).check())  # at exploitation
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
