"""Every dated rule, on both sides of each change in the law."""

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opennrm.policy import PolicyError, load_jurisdiction
from opennrm.policy.deadlines import (
    cg_earliest,
    needs_independent_review,
    reconsideration_deadline,
    recovery_period_ends,
    rg_due,
)
from opennrm.policy.routing import route_referral

UK = load_jurisdiction("uk")
REFERENCE = Path(__file__).resolve().parents[3] / "src" / "opennrm" / "core" / "reference"


def test_rg_threshold_changed_on_30_january_2023() -> None:
    # NABA 2022 s60
    assert "suspect but cannot prove" in UK.rules_on(date(2023, 1, 29)).rg_threshold
    after = UK.rules_on(date(2023, 1, 30)).rg_threshold
    assert "reasonable grounds to believe" in after
    assert "falling short of conclusive proof" in after


def test_cg_is_on_the_balance_of_probabilities() -> None:
    assert "balance of probabilities" in UK.rules_on(date(2024, 5, 1)).cg_standard


@pytest.mark.parametrize(
    ("rg_on", "days"), [(date(2023, 1, 29), 45), (date(2023, 1, 30), 30), (date(2019, 3, 1), 45)]
)
def test_recovery_period_and_earliest_cg(rg_on, days) -> None:
    assert recovery_period_ends(rg_on) == rg_on + timedelta(days=days)
    assert cg_earliest(rg_on) == rg_on + timedelta(days=days)


def test_reconsideration_window_is_30_days_from_february_2024() -> None:
    assert reconsideration_deadline(date(2024, 1, 31)) is None
    assert reconsideration_deadline(date(2024, 2, 1)) == date(2024, 3, 2)


@pytest.mark.parametrize(
    ("decided_on", "expected"),
    [
        (date(2019, 6, 4), False),
        (date(2019, 6, 5), True),
        (date(2022, 12, 31), True),
        (date(2023, 1, 1), False),
    ],
)
def test_negative_cg_went_to_independent_review_from_june_2019_to_december_2022(
    decided_on, expected
) -> None:
    assert needs_independent_review("conclusive_grounds", "negative", decided_on) is expected
    assert not needs_independent_review("conclusive_grounds", "positive", decided_on)
    assert not needs_independent_review("reasonable_grounds", "negative", decided_on)


@pytest.mark.parametrize(
    ("received", "nation", "due"),
    [
        (date(2026, 11, 20), "england", date(2026, 11, 27)),
        # St Andrew's Day, Monday 30 November 2026, is a Scottish holiday.
        (date(2026, 11, 25), "scotland", date(2026, 12, 3)),
        (date(2026, 11, 25), "england", date(2026, 12, 2)),
        # Christmas: England has 25, 26 (28 observed) Dec 2026 and 1 Jan; Scotland adds 2 Jan
        # (Saturday, observed Monday 4 Jan 2027).
        (date(2026, 12, 24), "england", date(2027, 1, 5)),
        (date(2026, 12, 24), "scotland", date(2027, 1, 6)),
        # Easter 2026: Good Friday 3 April everywhere; Easter Monday not in Scotland.
        (date(2026, 4, 2), "england", date(2026, 4, 13)),
        (date(2026, 4, 2), "scotland", date(2026, 4, 10)),
        (date(2026, 3, 16), "northern_ireland", date(2026, 3, 24)),
    ],
)
def test_competent_authority_rg_due_is_the_fifth_working_day(received, nation, due) -> None:
    assert rg_due(received, nation, "competent_authority") == due


def test_panel_rg_due_is_45_calendar_days() -> None:
    assert rg_due(date(2026, 11, 20), "wales", "panel") == date(2027, 1, 4)
    with pytest.raises(PolicyError):
        rg_due(date(2020, 1, 1), "wales", "panel")


def test_rules_before_the_first_version_are_an_error() -> None:
    with pytest.raises(PolicyError):
        UK.rules_on(date(2000, 1, 1))


@given(st.dates(date(2009, 4, 1), date(2035, 1, 1)))
def test_rules_on_any_date_take_the_latest_version_started_by_then(day) -> None:
    for rule in ("recovery_period_days", "rg_threshold", "review_negative_cg"):
        versions = [v for v in UK.timeline(rule) if v.starts <= day]
        assert getattr(UK.rules_on(day), rule) == versions[-1].value


def route(**overrides):
    arguments = {
        "is_child": True,
        "date_of_birth": date(2012, 1, 1),
        "received_on": date(2026, 11, 20),
        "age_disputed": False,
        "public_order": False,
        "local_authority": "City of Cardiff Council",
        "jurisdiction": UK,
    }
    arguments.update(overrides)
    return route_referral(**arguments)


def test_eligible_child_in_a_panel_area_goes_to_the_panel() -> None:
    result = route()
    assert result.decision_maker == "panel"
    assert result.panel_site.name == "Cardiff"


@pytest.mark.parametrize(
    "overrides",
    [
        {"is_child": False},
        {"age_disputed": True},
        {"public_order": True},
        {"local_authority": "Leeds City Council"},
        {"local_authority": None},
        {"received_on": date(2021, 5, 31)},  # before the pilot began
    ],
)
def test_ineligible_cases_go_to_the_competent_authority(overrides) -> None:
    assert route(**overrides).decision_maker == "competent_authority"


def test_the_100_day_rule_at_its_boundary() -> None:
    received = date(2026, 11, 20)
    # Exactly 100 days before the 18th birthday is not "more than 100 days".
    birthday_in_100 = received + timedelta(days=100)
    dob_100 = birthday_in_100.replace(year=birthday_in_100.year - 18)
    birthday_in_101 = received + timedelta(days=101)
    dob_101 = birthday_in_101.replace(year=birthday_in_101.year - 18)
    assert route(date_of_birth=dob_100).decision_maker == "competent_authority"
    assert route(date_of_birth=dob_101).decision_maker == "panel"
    assert route(date_of_birth=None).decision_maker == "panel"


@pytest.mark.parametrize(
    ("authority", "before", "after"),
    [
        ("Birmingham City Council", date(2025, 8, 31), date(2025, 9, 1)),
        ("Belfast City Council", date(2025, 8, 31), date(2025, 9, 1)),
        ("London Borough of Islington", date(2021, 5, 31), date(2021, 6, 1)),
    ],
)
def test_panel_areas_are_covered_from_their_dates(authority, before, after) -> None:
    assert UK.panel_site_for(authority, before) is None
    assert UK.panel_site_for(authority, after) is not None


def test_every_panel_authority_is_on_the_reference_list() -> None:
    with (REFERENCE / "uk_local_authorities.csv").open(encoding="utf-8") as handle:
        known = {row["name"] for row in csv.DictReader(handle)}
    named = {a for site in UK.panel_sites for a in site.authorities}
    assert named
    assert named <= known, named - known
