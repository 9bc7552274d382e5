"""Statistics in a browser, every page checked with axe in its valid and its error state:
a statistician's release, table, dashboard (national and for an area), fairness page, open
data and published names; a panel chair's local picture."""

import pytest
from playwright.sync_api import Page, expect

from opennrm.accounts.models import Organisation, User
from opennrm.demo.accounts import DEMO_PASSWORD, seed_demo_accounts
from opennrm.statistics.calibration import Disparity, Profile
from opennrm.statistics.synthetic import generate
from tests.e2e.helpers import assert_accessible, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PLANTED = Profile(
    uniform=True, disparities=(Disparity("Albanian", "2023-Q2", "reasonable_grounds", 0.85),)
)


def world(records: int) -> dict[str, User]:
    seed_demo_accounts()
    generate(referrals=records, first_year=2023, last_year=2023, seed=21, profile=PLANTED)
    return {u.email.split("@")[0]: u for u in User.objects.all()}


def test_a_statistician_produces_and_reads_a_release(page: Page) -> None:
    world(900)
    cardiff = Organisation.objects.get(name="Cardiff child decision-making panel")
    sign_in(page, "statistician@demo.opennrm.test", DEMO_PASSWORD)
    expect(page.locator("[data-section=statistics]")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Every official table").click()
    page.get_by_label("Period").fill("2023")
    page.get_by_role("button", name="Show period").click()
    expect(page.locator("[data-figure=referrals]")).not_to_have_text("0")
    assert_accessible(page)

    page.get_by_role("link", name="Referrals by first responder").click()
    expect(page.locator("[data-table=referrals-by-first-responder]")).to_contain_text(
        "Government agency"
    )
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="ODS file").click()
    assert download.value.suggested_filename.endswith(".ods")
    page.get_by_label("Period").fill("2023-Q5")
    page.get_by_role("button", name="Show table").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a year, like 2023")
    assert_accessible(page)

    page.goto("/statistics/dashboard/?period=2023")
    for section in ("trend", "mix", "backlog", "timeliness"):
        expect(page.locator(f"[data-section={section}] svg[role=img]")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Area").select_option(str(cardiff.pk))
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("h1")).to_contain_text("Dashboard")
    expect(page.locator(".govuk-caption-l")).to_have_text("Cardiff child decision-making panel")
    assert_accessible(page)
    page.get_by_label("Withhold counts below").fill("0")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The threshold must be 1 or more")
    assert_accessible(page)

    page.goto("/statistics/fairness/?period=2023-Q2")
    expect(page.locator("[data-flag=rate][data-group=Albanian]")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Period").fill("next year")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)

    page.goto("/statistics/open-data/?period=2023")
    expect(page.locator("[data-figure=generalised]")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Smallest group of identical records (k)").fill("1")
    page.get_by_role("button", name="Prepare").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("k must be 2 or more")
    assert_accessible(page)

    page.goto("/statistics/first-responders/?q=Immigration")
    assert_accessible(page)
    page.get_by_role(
        "link", name="Change Home Office - Immigration Enforcement IE - DET Heathrow"
    ).click()
    assert_accessible(page)
    page.get_by_label("Name to publish").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name to publish")
    assert_accessible(page)
    page.get_by_label("Name to publish").fill("Home Office - Immigration Enforcement IE")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is now published as")
    assert_accessible(page)


def test_a_panel_chair_sees_the_local_picture_of_their_own_area(page: Page) -> None:
    world(300)
    cardiff = Organisation.objects.get(name="Cardiff child decision-making panel")
    sign_in(page, "panel.chair@demo.opennrm.test", DEMO_PASSWORD)
    page.get_by_role("link", name="Local picture: Cardiff child decision-making panel").click()
    expect(page.locator("h1")).to_contain_text("Cardiff child decision-making panel")
    page.get_by_label("Period").fill("2023")
    page.get_by_role("button", name="Apply filters").click()
    for section in ("exploitation", "age", "gender", "nationality", "county-lines", "decisions"):
        expect(page.locator(f"[data-section={section}]")).to_be_visible()
    expect(page.locator("main")).to_contain_text("fewer than 10")
    assert_accessible(page)
    page.get_by_label("Withhold counts below").fill("-2")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The threshold must be 1 or more")
    assert_accessible(page)
    page.goto(f"/statistics/areas/{cardiff.pk + 1000}/")
    expect(page.locator("h1")).to_contain_text("Page not found")
    assert_accessible(page)
