"""Children first, in a browser: an age-disputed young person assessed as an adult and
re-routed, and a missing child whose case is suspended and reinstated, flagged on every
list. Every page is checked by axe-core in its valid and error state."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opennrm.accounts.models import User
from opennrm.demo.accounts import DEMO_PASSWORD, seed_demo_accounts
from opennrm.panels import services
from tests import states
from tests.e2e.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def people() -> dict[str, User]:
    seed_demo_accounts()
    return {u.email.split("@")[0]: u for u in User.objects.all()}


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def fill_date(page: Page, day) -> None:
    page.get_by_label("Day").first.fill(str(day.day))
    page.get_by_label("Month").first.fill(str(day.month))
    page.get_by_label("Year").first.fill(str(day.year))


def test_an_age_disputed_young_person_assessed_as_an_adult_is_rerouted(page: Page) -> None:
    demo = people()
    case = states.refer_child(
        demo,
        person={
            "under_18": "not_sure",
            "given_name": "Linh",
            "family_name": "Nguyen",
            "estimated_age": 16,
            "age_disputed": True,
            "gender": "female",
            "nationalities": ["Vietnamese"],
        },
    )
    # The child's local authority sees her on the child route, and records the assessment.
    sign_in(page, "cardiff.fr@demo.opennrm.test", DEMO_PASSWORD)
    expect(page.locator(f'[data-child="{case.reference}"]')).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Children", exact=True).first.click()
    page.get_by_role("link", name=case.reference).click()
    expect(page.locator('[data-age="uncertain"]')).to_contain_text("treated as a child")
    assert_accessible(page)
    page.get_by_role("link", name="Record an age assessment").click()
    page.get_by_label("Assessing authority").fill("City of Cardiff Council")
    page.get_by_label("An adult (18 or over)").check()
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the date of the age assessment"
    )
    assert_accessible(page)
    fill_date(page, timezone.localdate())
    page.get_by_label("The significant reason to doubt their age was written down").check()
    page.get_by_role("button", name="Save assessment").click()
    # An adult is no longer the council's child to follow.
    expect(page.get_by_text("The age assessment has been recorded.")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The competent authority is asked to seek her consent.
    sign_in(page, "caseworker@demo.opennrm.test", DEMO_PASSWORD)
    page.goto(f"/cases/{case.reference}/")
    expect(page.locator('[data-task="consent"]')).to_be_visible()
    expect(page.locator("main")).to_contain_text("An age assessment found them to be an adult")
    expect(page.locator("main")).to_contain_text("Routed again after an age assessment")
    assert_accessible(page)
    page.get_by_role("link", name="Record their consent").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select whether they consent")
    assert_accessible(page)
    page.get_by_label("They consent to stay in the NRM").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Their answer has been recorded.")).to_be_visible()
    expect(page.locator('[data-task="consent"]')).to_have_count(0)
    assert_accessible(page)


def test_a_missing_child_is_suspended_flagged_and_reinstated(page: Page) -> None:
    demo = people()
    case = states.child_in_recovery(demo)
    services.guardian_assign(
        actor=demo["panel.chair"],
        case=case,
        kind="direct",
        guardian_email="guardian@demo.opennrm.test",
    )
    sign_in(page, "panel.chair@demo.opennrm.test", DEMO_PASSWORD)
    page.goto(f"/cases/{case.reference}/")
    page.get_by_role("link", name="Record that they went missing").click()
    page.get_by_role("button", name="Record as missing").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date they went missing")
    assert_accessible(page)
    fill_date(page, timezone.localdate() - timedelta(days=1))
    page.get_by_label("At what time? (optional)").fill("21:30")
    page.get_by_label("The police have been told").check()
    page.get_by_label("Police reference (optional)").fill("CDF-MISSING-1")
    page.get_by_role("button", name="Record as missing").click()
    expect(page.locator(f'[data-missing-now="{case.reference}"]')).to_be_visible()
    expect(page.locator("main")).to_contain_text("Suspended")
    assert_accessible(page)
    page.goto("/cases/?state=all")
    expect(page.locator(f'[data-missing="{case.reference}"]')).to_be_visible()
    assert_accessible(page)
    page.goto("/home/")
    expect(page.locator('[data-count="missing"]')).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The guardian sees it among their children, and adds a note.
    sign_in(page, "guardian@demo.opennrm.test", DEMO_PASSWORD)
    expect(page.locator('[data-count="children-missing"]')).to_have_text("1")
    assert_accessible(page)
    page.goto("/panels/children/")
    expect(page.locator(f'[data-missing="{case.reference}"]')).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()
    page.get_by_role("link", name="Add a note").click()
    page.get_by_role("button", name="Add note").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your note")
    assert_accessible(page)
    page.get_by_label("Your note").fill("Spoke to his foster carer; police are searching.")
    page.get_by_role("button", name="Add note").click()
    expect(page.locator("main")).to_contain_text("police are searching")
    assert_accessible(page)
    sign_out(page)

    # Back: the chair records his return and the case is reinstated.
    sign_in(page, "panel.chair@demo.opennrm.test", DEMO_PASSWORD)
    page.goto(f"/cases/{case.reference}/")
    page.get_by_role("link", name="Record that they came back").click()
    assert_accessible(page)
    fill_date(page, timezone.localdate())
    page.get_by_label("At what time? (optional)").fill("99:99")
    page.get_by_role("button", name="Record their return").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real time")
    assert_accessible(page)
    page.get_by_label("At what time? (optional)").fill("")
    page.get_by_role("button", name="Record their return").click()
    expect(page.locator(f'[data-missing-now="{case.reference}"]')).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Reinstated")
    assert_accessible(page)
