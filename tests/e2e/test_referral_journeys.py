"""Referral journeys end to end in Chromium — the whole form, on to the decisions for the
child and the consenting adult — with every page checked by axe-core in its valid and
error state. The child's referral is made without JavaScript."""

import re
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Page, expect

from opennrm.cases.models import Case
from opennrm.demo.accounts import DEMO_PASSWORD, seed_demo_accounts
from opennrm.demo.referrals import seed_demo_referrals
from opennrm.referrals.models import Referral
from tests import documents
from tests.e2e.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

Fill = Callable[[Page], object]


def save(page: Page) -> None:
    page.get_by_role("button", name="Save and continue").click()


def show_errors_then(page: Page, fill: Fill) -> None:
    """Submit the page empty (error state, checked), then answer it (checked) and go on."""
    assert_accessible(page)
    save(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    fill(page)
    save(page)


def answer(page: Page, fill: Fill) -> None:
    assert_accessible(page)
    fill(page)
    save(page)


def choose(page: Page, legend: str, option: str) -> None:
    page.get_by_role("group", name=legend).get_by_label(option, exact=True).check()


def pick(page: Page, label: str, option: str) -> None:
    """Choose from a long list: a type-ahead with JavaScript, a plain select without."""
    box = page.get_by_label(label, exact=True)
    if box.evaluate("element => element.tagName") == "SELECT":
        box.select_option(option)
        return
    box.fill(option[:5])
    page.get_by_role("option", name=option, exact=True).click()


def begin(page: Page, email: str) -> None:
    sign_in(page, email, DEMO_PASSWORD)
    page.get_by_role("link", name="Make a referral").first.click()
    assert_accessible(page)
    page.get_by_role("button", name="Start a referral").click()
    assert_accessible(page)  # the task list
    page.get_by_role("link", name="Before you start").click()


def about_the_person(page: Page, *, nationality: str, identity: bool = True) -> None:
    """Gender to Home Office references."""
    answer(page, lambda p: p.get_by_label("Female", exact=True).check())
    show_errors_then(page, lambda p: pick(p, "Nationality", nationality))
    answer(
        page,
        lambda p: (
            p.get_by_label("Education and what they did after leaving school (optional)").fill(
                "Left school at 15."
            ),
            identity and p.get_by_label("Place of birth (optional)").fill("Shkodër"),
        ),
    )
    show_errors_then(page, lambda p: p.get_by_label("No", exact=True).check())  # children
    answer(page, lambda p: p.get_by_label("No", exact=True).check())  # interpreter
    if identity:
        answer(
            page,
            lambda p: p.get_by_label("Home Office references (optional)").fill("HO-REF-1234"),
        )


def what_happened(page: Page, *, situations: Callable[[Page], None]) -> None:
    """Exploitation to where they are staying now, with two or more answers to every
    question that has several."""
    show_errors_then(
        page,
        lambda p: (
            p.get_by_label("Forced to work for nothing or almost nothing").check(),
            p.get_by_label("Forced to commit a crime, such as growing cannabis").check(),
            p.get_by_label("Both in the UK and overseas").check(),
        ),
    )
    show_errors_then(
        page, lambda p: p.get_by_label("What happened to the person?").fill("<b>Made</b> to work.")
    )
    situations(page)
    show_errors_then(page, lambda p: p.get_by_label("Within the last 3 months").check())
    show_errors_then(
        page,
        lambda p: (
            p.get_by_label("What do you know about the exploiters? (optional)").fill(
                "A man called Dritan."
            ),
            choose(p, "Do you know anything about where the exploiters are now?", "No"),
        ),
    )
    show_errors_then(page, lambda p: p.get_by_label("Not sure", exact=True).check())  # reported
    answer(
        page,
        lambda p: (
            p.get_by_label("Town or city (optional)").fill("Leeds"),
            pick(p, "County or region (optional)", "West Yorkshire"),
        ),
    )


def one_situation(page: Page) -> None:
    answer(
        page,
        lambda p: (
            p.get_by_label("Month").first.fill("3"),
            p.get_by_label("Year").first.fill("2025"),
            choose(p, "Are they still in this situation?", "No"),
        ),
    )
    assert_accessible(page)  # the summary of situations
    page.get_by_label("No", exact=True).check()
    save(page)


def two_situations_one_changed_and_one_removed(page: Page) -> None:
    # The first, known only to the month.
    answer(
        page,
        lambda p: (
            p.get_by_label("Month").first.fill("3"),
            p.get_by_label("Year").first.fill("2025"),
            choose(p, "Are they still in this situation?", "No"),
            pick(p, "Country overseas (optional)", "Albania"),
            pick(p, "Second country (optional)", "Greece"),
            p.get_by_label("What were they made to do? (optional)").fill("Car washing."),
        ),
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You have added 1 exploitation situation"
    )
    expect(page.get_by_text("March 2025")).to_be_visible()
    show_errors_then(page, lambda p: p.get_by_label("Yes", exact=True).check())  # add another
    # The second: only a day is typed (error), then the whole date.
    assert_accessible(page)
    page.get_by_label("Day").first.fill("14")
    save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the month and year it started"
    )
    assert_accessible(page)
    page.get_by_label("Month").first.fill("6")
    page.get_by_label("Year").first.fill("2024")
    choose(page, "Are they still in this situation?", "Not sure")
    page.get_by_label("What were they made to do? (optional)").fill("Cannabis farm.")
    save(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You have added 2 exploitation situations"
    )
    expect(page.get_by_text("14 June 2024")).to_be_visible()
    # Change the first.
    page.get_by_role("link", name="Change situation 1").click()
    answer(
        page, lambda p: p.get_by_label("What were they made to do? (optional)").fill("Nail bar.")
    )
    expect(page.get_by_text("Nail bar.")).to_be_visible()
    # Remove the second, once sure.
    page.get_by_role("link", name="Remove situation 2").click()
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Situation 2 has been removed.")).to_be_visible()
    expect(page.get_by_text("Cannabis farm.")).to_have_count(0)
    assert_accessible(page)
    page.get_by_label("No", exact=True).check()
    save(page)


def assessment_and_risk(page: Page, *, cooperation: bool = True) -> None:
    show_errors_then(
        page,
        lambda p: (
            p.get_by_label("Not paid, or paid very little").check(),
            p.get_by_label("Threats against them or their family").check(),
            choose(p, "Do you have any concerns about the credibility of the account?", "No"),
        ),
    )
    answer(
        page,
        lambda p: (
            p.get_by_label("A lawyer or legal representative").check(),
            p.get_by_label("A social worker").check(),
        ),
    )
    show_errors_then(page, lambda p: p.get_by_label("No", exact=True).check())  # other victims

    def police(p: Page) -> None:
        p.get_by_label("Crime reference number (optional)").fill("CR/2026/118")
        pick(p, "Police force (optional)", "West Yorkshire Police")
        if cooperation:
            choose(
                p,
                "Are they willing to help with investigations or criminal proceedings?",
                "Yes",
            )

    if cooperation:
        show_errors_then(page, police)
    else:
        answer(page, police)


def support_and_contact(page: Page, *, adult: bool) -> None:
    answer(
        page,
        lambda p: (
            p.get_by_label("Safe accommodation").check(),
            p.get_by_label("Counselling").check(),
        ),
    )
    answer(page, lambda p: p.get_by_label("Their phone number (optional)").fill("07700 900456"))
    if adult:
        show_errors_then(page, lambda p: p.get_by_label("The person", exact=True).check())


def evidence_and_check(page: Page) -> None:
    expect(page.get_by_role("heading", name="Your details")).to_be_visible()
    answer(page, lambda p: None)
    assert_accessible(page)  # task list with everything but evidence
    page.get_by_role("link", name="Evidence").click()
    assert_accessible(page)
    page.get_by_role("button", name="Upload file").click()
    assert_accessible(page)  # error state: no file chosen
    page.get_by_label("Upload a file").set_input_files(
        files=[
            {
                "name": "Ana Hoxha statement.pdf",
                "mimeType": "application/pdf",
                "buffer": documents.pdf(),
            }
        ]
    )
    page.get_by_label("What is this document? (optional)").fill("Signed witness statement")
    page.get_by_role("button", name="Upload file").click()
    expect(page.get_by_text("Signed witness statement")).to_be_visible()
    assert_accessible(page)
    save(page)
    page.get_by_role("link", name="Check your answers").click()
    assert_accessible(page)


def submit(page: Page) -> str:
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


@pytest.fixture
def without_javascript(browser: Browser, live_server) -> Iterator[Page]:
    """A page with JavaScript switched off, and a twin with it on that shares its session:
    axe-core needs JavaScript, so each page is checked again in the twin."""
    plain = browser.new_context(base_url=live_server.url, locale="en-GB", java_script_enabled=False)
    contexts: list[BrowserContext] = [plain]
    page = plain.new_page()
    page.set_default_timeout(10_000)

    def twin() -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="en-GB",
            bypass_csp=True,
            storage_state=plain.storage_state(),
        )
        contexts.append(context)
        twin_page = context.new_page()
        twin_page.set_default_timeout(10_000)
        return twin_page

    page.twin = twin  # type: ignore[attr-defined]
    yield page
    for context in contexts:
        context.close()


def test_child_referred_by_cardiff_without_javascript_to_both_panel_decisions_at_a_meeting(
    without_javascript: Page,
) -> None:
    page = without_javascript
    seed_demo_accounts()
    sign_in(page, "cardiff.fr@demo.opennrm.test", DEMO_PASSWORD)
    checker = page.twin()  # type: ignore[attr-defined]

    def checked(fill: Fill) -> None:
        """Check the page in the twin (axe needs JavaScript), then answer it here."""
        checker.goto(page.url)
        assert_accessible(checker)
        fill(page)
        save(page)

    page.get_by_role("link", name="Make a referral").first.click()
    page.get_by_role("button", name="Start a referral").click()
    expect(page.locator("body")).not_to_have_class(re.compile("js-enabled"))
    page.get_by_role("link", name="Before you start").click()
    checked(lambda p: p.get_by_label("Wales").check())  # organisation pre-selected
    checked(lambda p: p.get_by_label("Yes", exact=True).check())  # under 18
    # Children's services: the error state is checked in the twin, which saves nothing.
    checker.goto(page.url)
    checker.get_by_role("button", name="Save and continue").click()
    expect(checker.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(checker)
    checked(
        lambda p: (
            pick(p, "Local authority", "City of Cardiff Council"),
            p.get_by_label("Children's services contact name").fill("Duty social worker"),
            p.get_by_label("Phone number").fill("029 2087 2087"),
            choose(p, "Have children's services been told about this child?", "Yes"),
            choose(p, "Have the police been told about this child?", "Yes"),
        )
    )
    checked(lambda p: p.get_by_label("Given name").fill("Jayden"))
    checked(
        lambda p: (
            p.get_by_label("Day").fill("14"),
            p.get_by_label("Month").fill("6"),
            p.get_by_label("Year").fill("2012"),
            p.get_by_label("No", exact=True).check(),
        )
    )
    checked(lambda p: p.get_by_label("Male", exact=True).check())
    checked(lambda p: pick(p, "Nationality", "British"))
    checked(lambda p: p.get_by_label("Place of birth (optional)").fill("Cardiff"))
    checked(lambda p: p.get_by_label("No", exact=True).check())  # children
    checked(lambda p: p.get_by_label("No", exact=True).check())  # interpreter
    checked(lambda p: None)  # Home Office references
    checked(
        lambda p: (
            p.get_by_label("Forced to commit a crime, such as growing cannabis").check(),
            p.get_by_label("Forced to commit fraud, such as using their identity").check(),
            p.get_by_label("This is county lines exploitation").check(),
            p.get_by_label("In the UK", exact=True).check(),
        )
    )
    checked(lambda p: p.get_by_label("What happened to the person?").fill("Carried drugs."))
    checked(
        lambda p: (
            p.get_by_label("Year").first.fill("2025"),
            choose(p, "Are they still in this situation?", "Yes"),
        )
    )
    checked(lambda p: p.get_by_label("No", exact=True).check())  # add another situation
    checked(lambda p: p.get_by_label("Within the last week").check())
    checked(lambda p: choose(p, "Do you know anything about where the exploiters are now?", "No"))
    checked(lambda p: p.get_by_label("Yes", exact=True).check())  # first chance to report
    checked(lambda p: pick(p, "County or region (optional)", "South Glamorgan"))
    checked(
        lambda p: (
            p.get_by_label("Made to commit crimes").check(),
            p.get_by_label("Threats against them or their family").check(),
            choose(p, "Do you have any concerns about the credibility of the account?", "No"),
        )
    )
    checked(
        lambda p: (
            p.get_by_label("A social worker").check(),
            p.get_by_label("A school, college or teacher").check(),
        )
    )
    checked(lambda p: p.get_by_label("Yes", exact=True).check())  # other victims
    checked(
        lambda p: choose(
            p, "Are they willing to help with investigations or criminal proceedings?", "Yes"
        )
    )
    checked(
        lambda p: (
            p.get_by_label("Safe accommodation").check(),
            p.get_by_label("Counselling").check(),
        )
    )
    checked(lambda p: None)  # contact
    expect(page.get_by_role("heading", name="Your details")).to_be_visible()
    checked(lambda p: None)
    page.get_by_role("link", name="Evidence").click()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("link", name="Check your answers").click()
    checker.goto(page.url)
    assert_accessible(checker)
    for words in (
        "Criminal exploitation",
        "Forced to commit fraud, such as using their identity to claim benefits",
        "14 June 2012",
        "2025",
        "City of Cardiff Council",
        "A school, college or teacher",
    ):
        expect(page.get_by_text(words).first).to_be_visible()
    page.get_by_role("button", name="Submit referral").click()
    expect(page.locator(".govuk-panel__title")).to_have_text("Referral submitted")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    expect(page.get_by_text("Cardiff child decision-making panel will decide")).to_be_visible()
    case = Case.objects.get(reference=reference)
    assert case.decision_maker_type == "panel"
    assert case.is_child

    # The Cardiff panel decides, at a quorate meeting, both decisions at once.
    panel = checker
    sign_out(panel)
    sign_in(panel, "panel.chair@demo.opennrm.test", DEMO_PASSWORD)
    expect(panel.locator('[data-section="panel"]')).to_contain_text(reference)  # awaiting
    assert_accessible(panel)
    panel.get_by_role("link", name="Cardiff child decision-making panel", exact=True).click()
    expect(panel.locator(f'[data-awaiting="{reference}"]')).to_be_visible()
    assert_accessible(panel)
    panel.get_by_role("link", name="Schedule a meeting").click()
    panel.get_by_role("button", name="Schedule meeting").click()
    expect(panel.locator(".govuk-error-summary")).to_contain_text("Enter the date of the meeting")
    assert_accessible(panel)
    today = timezone.localdate()
    panel.get_by_label("Day").fill(str(today.day))
    panel.get_by_label("Month").fill(str(today.month))
    panel.get_by_label("Year").fill(str(today.year))
    panel.get_by_label("Who chairs it?").select_option(label="Siân Davies")
    panel.get_by_role("button", name="Schedule meeting").click()
    expect(panel.locator('[data-quorum="no"]')).to_contain_text("nobody sat for police or health")
    assert_accessible(panel)
    panel.get_by_label("Case reference").fill("NRM-1999-000001")
    panel.get_by_role("button", name="Put on the agenda").click()
    expect(panel.locator(".govuk-error-summary")).to_contain_text("Enter the reference of one")
    assert_accessible(panel)
    panel.get_by_label("Case reference").fill(reference)
    panel.get_by_role("button", name="Put on the agenda").click()
    # A quorum failure: the meeting cannot decide until police and health are present.
    panel.get_by_role("link", name="Reasonable grounds decision").click()
    assert_accessible(panel)
    panel_decision(panel, outcome="Positive", voice="I want to stay with my foster carers.")
    expect(panel.locator(".govuk-error-summary")).to_contain_text("not quorate")
    assert_accessible(panel)
    panel.get_by_role("link", name="The meeting", exact=True).click()
    panel.get_by_role("link", name="Record who attended").click()
    assert_accessible(panel)
    panel.get_by_label("Rhys Morgan (Police)").check()
    panel.get_by_label("Dr Nia Roberts (Health)").check()
    panel.get_by_role("button", name="Save attendance").click()
    expect(panel.locator('[data-quorum="yes"]')).to_be_visible()
    panel.get_by_role("link", name="Reasonable grounds decision").click()
    panel_decision(panel, outcome="Positive", voice="")
    expect(panel.locator(".govuk-error-summary")).to_contain_text("wishes and feelings")
    assert_accessible(panel)
    panel_decision(panel, outcome="Positive", voice="I want to stay with my foster carers.")
    expect(panel.get_by_text("The decision has been recorded and issued.")).to_be_visible()
    panel.get_by_role("link", name="Conclusive grounds decision").click()
    assert_accessible(panel)
    panel_decision(panel, outcome="Positive", voice="I want to stay with my foster carers.")
    expect(panel.get_by_text("It takes effect, and is issued, on")).to_be_visible()
    assert_accessible(panel)
    panel.get_by_role("link", name="Read the minutes").click()
    expect(panel.locator("main")).to_contain_text("Dr Nia Roberts")
    assert_accessible(panel)
    open_case(panel, reference)
    expect(panel.locator("[data-decision-effect]")).to_contain_text("Takes effect on")
    assert_accessible(panel)
    panel.get_by_role("link", name="Read the letter").first.click()
    expect(panel.get_by_text("Addressed to City of Cardiff Council.")).to_be_visible()
    expect(
        panel.get_by_role("heading", name="What has been decided, explained for you")
    ).to_be_visible()
    assert_accessible(panel)
    assert (
        panel.request.get(
            panel.get_by_role("link", name="Download the letter as a PDF").get_attribute("href")
        )
        .body()
        .startswith(b"%PDF")
    )
    case.refresh_from_db()
    assert case.state == "recovery_period"


def panel_decision(page: Page, *, outcome: str, voice: str) -> None:
    """Fill a panel's decision: reasons, the child's voice, best interests, safeguarding."""
    page.get_by_label(outcome, exact=True).check()
    page.get_by_label("Reasons for the decision").fill("His account and the police evidence agree.")
    page.get_by_label("The child's voice: their wishes and feelings").fill(voice)
    page.get_by_label("How the child's best interests were weighed").fill("Stability at school.")
    page.get_by_label("Lead social worker's name").fill("Carys Jones")
    page.get_by_label("Lead social worker's e-mail address").fill(
        "panel.socialcare@demo.opennrm.test"
    )
    page.get_by_role("button", name="Record the panel's decision").click()


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
        # An estimated age of 16 contradicts "not under 18": refused, named, then fixed.
        page.get_by_label("Estimated age, if you do not know their date of birth").fill("16")
        page.get_by_label("No", exact=True).check()  # age disputed
        save(page)
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "You said they are not under 18, but estimated their age as 16"
        )
        assert_accessible(page)
        page.get_by_label("Estimated age, if you do not know their date of birth").fill("")
        page.get_by_label("Day").fill("11")
        page.get_by_label("Month").fill("2")
        page.get_by_label("Year").fill("1991")
        save(page)
        about_the_person(page, nationality="Albanian")
        what_happened(page, situations=two_situations_one_changed_and_one_removed)
        assessment_and_risk(page)
        support_and_contact(page, adult=True)
        evidence_and_check(page)
        # Everything is on check your answers, in words.
        for words in (
            "11 February 1991",
            "Shkodër",
            "Labour exploitation, Criminal exploitation",
            "Forced to work for nothing or almost nothing",
            "March 2025",
            "Albania, Greece",
            "Nail bar.",
            "Within the last 3 months",
            "A man called Dritan.",
            "Not paid, or paid very little",
            "A lawyer or legal representative",
            "West Yorkshire Police",
            "Safe accommodation",
            "The person",
            "Signed witness statement",
            "HO-REF-1234",
        ):
            expect(page.get_by_text(words).first).to_be_visible()
        expect(page.get_by_text("<b>Made</b> to work.")).to_be_visible()  # shown as text
        expect(page.get_by_text("Cannabis farm.")).to_have_count(0)
        reference = submit(page)
        assert reference.startswith("NRM-")
        expect(page.get_by_text("Single Competent Authority will decide")).to_be_visible()
        page.get_by_role("link", name="Your organisation's referrals").click()
        expect(page.get_by_role("link", name=reference)).to_be_visible()
        assert_accessible(page)
        page.get_by_role("link", name=reference).click()
        expect(page.get_by_text("Signed witness statement")).to_be_visible()
        expect(page.get_by_text("HO-REF-1234")).to_have_count(0)
        assert_accessible(page)

        # The competent authority takes the case and decides on reasonable grounds.
        sign_out(page)
        sign_in(page, "caseworker@demo.opennrm.test", DEMO_PASSWORD)
        page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
        page.get_by_label(f"Select {reference}").check()
        page.get_by_role("button", name="Assign selected cases to me").click()
        expect(page.get_by_text(f"1 case is now assigned to you: {reference}.")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("link", name=reference).click()
        expect(page.get_by_text("Labour exploitation, Criminal exploitation").first).to_be_visible()
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
    about_the_person(page, nationality="Romanian", identity=False)
    what_happened(page, situations=one_situation)
    assessment_and_risk(page, cooperation=False)
    # No support, contact or decision questions: straight to the first responder.
    evidence_and_check(page)
    expect(page.get_by_role("link", name="Document 1.pdf", exact=True)).to_be_visible()
    expect(page.get_by_text("Ana Hoxha statement.pdf")).to_have_count(0)
    expect(page.get_by_role("heading", name="Support", exact=True)).to_have_count(0)
    reference = submit(page)
    assert reference.startswith("DTN-")
    referral = Referral.objects.get(reference=reference)
    assert referral.person.given_name == ""
    assert list(referral.evidence.values_list("original_name", flat=True)) == ["Document 1.pdf"]
    assert not Case.objects.exists()


@pytest.mark.parametrize("path", ["/referrals/", "/referrals/drafts/"])
def test_tables_fit_a_320_pixel_screen(page: Page, path: str) -> None:
    seed_demo_accounts()
    seed_demo_referrals()
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(page, "police.fr@demo.opennrm.test", DEMO_PASSWORD)
    if path.endswith("drafts/"):
        page.goto("/referrals/new/")
        page.get_by_role("button", name="Start a referral").click()
    page.goto(path)
    expect(page.locator("table")).to_be_visible()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{path} is {scroll_width} px wide at 320 px"
    assert_accessible(page)
    # Each cell says which column it is in, once the table has stacked.
    expect(page.locator("td[data-label]").first).to_be_visible()
