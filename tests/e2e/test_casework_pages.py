"""Decision makers' pages in a browser: the whole referral on the case page, a duplicate
withdrawn by a senior caseworker, and the work queue on a 320px screen."""

import pytest
from playwright.sync_api import Page, expect

from opennrm.accounts.models import User
from opennrm.demo.accounts import DEMO_PASSWORD, seed_demo_accounts
from tests import states
from tests.e2e.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SITUATIONS = [
    {
        "started_on": "2024-03",
        "ended_on": "2025",
        "uk_places": ["Leeds"],
        "how_it_started": "Offered work in a car wash by a man she met through her cousin.",
        "what_they_were_made_to_do": "Washed cars fourteen hours a day.",
    },
    {
        "started_on": "2022",
        "overseas_countries": ["Italy"],
        "how_it_started": "Promised a job in a restaurant in Milan.",
    },
]


def people() -> dict[str, User]:
    seed_demo_accounts()
    return {u.email.split("@")[0]: u for u in User.objects.all()}


def test_the_case_page_shows_the_whole_referral(page: Page) -> None:
    demo = people()
    case = states.refer_adult(
        demo,
        situations=SITUATIONS,
        exploitation={"types": ["labour", "domestic_servitude"], "location": "uk_and_overseas"},
        assessment={"indicators": ["documents_held", "debt_bondage"], "interview": "At the hub."},
        exploiters="Two men known as Arti and Beni.",
    )
    sign_in(page, "caseworker@demo.opennrm.test", DEMO_PASSWORD)
    page.goto(f"/cases/{case.reference}/")
    main = page.locator("main")
    for words in (
        "Labour exploitation",
        "Domestic servitude",
        "March 2024",
        "Promised a job in a restaurant in Milan.",
        "Two men known as Arti and Beni.",
        "Identity documents held by someone else",
        "Reasonable grounds decision due",
    ):
        expect(main).to_contain_text(words)
    expect(main).not_to_contain_text("domestic_servitude")
    assert_accessible(page)


def test_a_senior_caseworker_withdraws_a_duplicate(page: Page) -> None:
    demo = people()
    first = states.refer_adult(demo)
    second = states.refer_adult(demo)
    sign_in(page, "senior.caseworker@demo.opennrm.test", DEMO_PASSWORD)
    page.goto(f"/cases/{second.reference}/")
    page.get_by_role("link", name="Withdraw a referral made in error or a duplicate").click()
    assert_accessible(page)
    page.get_by_label("It duplicates another referral").check()
    page.get_by_role("button", name="Confirm").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the reference of the referral this one duplicates")
    assert_accessible(page)
    page.get_by_label("Reference of the referral it duplicates").fill(first.reference)
    page.get_by_label("Reason").fill("Referred twice by two officers on the same night.")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("The case has been updated.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Withdrawn: made in error or a duplicate")
    assert_accessible(page)


def test_the_work_queue_and_case_page_fit_a_320px_screen(page: Page) -> None:
    demo = people()
    case = states.case_in_recovery(demo)
    states.case_awaiting_rg(demo)
    page.set_viewport_size({"width": 320, "height": 800})
    sign_in(page, "caseworker@demo.opennrm.test", DEMO_PASSWORD)
    for path in ("/cases/", f"/cases/{case.reference}/", "/home/"):
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width}px wide at a 320px viewport"
        assert_accessible(page)
