"""Routing a referral to a devolved child panel or the Single Competent Authority."""

from datetime import date, timedelta
from typing import Any

import pytest

from opennrm.policy import load_jurisdiction
from opennrm.policy.deadlines import DecisionMakerType
from opennrm.policy.routing import (
    Route,
    RouteReason,
    days_until_eighteen,
    eighteenth_birthday,
    route_referral,
)

UK = load_jurisdiction("uk")
RECEIVED = date(2026, 11, 20)


def route(**overrides: Any) -> Route:
    arguments: dict[str, Any] = {
        "is_child": True,
        "date_of_birth": date(2012, 1, 1),
        "received_on": RECEIVED,
        "age_disputed": False,
        "public_order": False,
        "local_authority": "City of Cardiff Council",
        "jurisdiction": UK,
    }
    arguments.update(overrides)
    return route_referral(**arguments)


def born_days_before_18th(days: int, on: date = RECEIVED) -> date:
    """A date of birth whose 18th birthday falls ``days`` days after ``on``."""
    birthday = on + timedelta(days=days)
    return birthday.replace(year=birthday.year - 18)


def test_an_eligible_child_in_a_panel_area_goes_to_that_panel() -> None:
    result = route()
    assert result.decision_maker is DecisionMakerType.PANEL
    assert result.panel_site is not None
    assert result.panel_site.name == "Cardiff"
    assert result.reason_code is RouteReason.PANEL_AREA
    assert "Cardiff" in result.reason


def test_an_adult_goes_to_the_single_competent_authority() -> None:
    result = route(is_child=False)
    assert result.decision_maker is DecisionMakerType.COMPETENT_AUTHORITY
    assert result.panel_site is None
    assert result.reason_code is RouteReason.ADULT
    assert "Single Competent Authority" in result.reason


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"age_disputed": True}, RouteReason.AGE_DISPUTED),
        ({"public_order": True}, RouteReason.PUBLIC_ORDER),
        ({"local_authority": "Leeds City Council"}, RouteReason.NO_PANEL_FOR_AREA),
        ({"local_authority": None}, RouteReason.NO_PANEL_FOR_AREA),
        ({"local_authority": ""}, RouteReason.NO_PANEL_FOR_AREA),
        ({"received_on": date(2021, 5, 31)}, RouteReason.NO_PANEL_FOR_AREA),  # before the pilot
        ({"date_of_birth": born_days_before_18th(30)}, RouteReason.TOO_CLOSE_TO_EIGHTEEN),
    ],
)
def test_ineligible_children_go_to_the_competent_authority(
    overrides: dict[str, Any], code: RouteReason
) -> None:
    result = route(**overrides)
    assert result.decision_maker is DecisionMakerType.COMPETENT_AUTHORITY
    assert result.panel_site is None
    assert result.reason_code is code
    assert result.reason.endswith("Decided by the Single Competent Authority.")


def test_the_100_day_rule_at_its_boundary() -> None:
    # Pilot scope: "more than 100 days from their 18th birthday" on the referral date.
    # Exactly 100 days before the 18th birthday is not more than 100: the SCA decides.
    assert days_until_eighteen(born_days_before_18th(100), RECEIVED) == 100
    assert route(date_of_birth=born_days_before_18th(100)).decision_maker == "competent_authority"
    assert route(date_of_birth=born_days_before_18th(101)).decision_maker == "panel"


def test_a_child_with_no_date_of_birth_stays_eligible() -> None:
    # MSA 2015 s51: age "not sure" is treated as a child; without a date of birth the
    # 100-day rule cannot rule them out.
    assert route(date_of_birth=None).decision_maker == "panel"


def test_someone_already_18_by_date_of_birth_cannot_go_to_a_panel() -> None:
    result = route(date_of_birth=date(2000, 1, 1))
    assert result.reason_code is RouteReason.TOO_CLOSE_TO_EIGHTEEN


def test_born_on_29_february_turns_18_on_1_march_in_a_common_year() -> None:
    assert eighteenth_birthday(date(2008, 2, 29)) == date(2026, 3, 1)
    assert eighteenth_birthday(date(2006, 2, 28)) == date(2024, 2, 28)
    assert eighteenth_birthday(date(2012, 2, 29)) == date(2030, 3, 1)


PHASE_1 = date(2021, 6, 1)
PHASE_3 = date(2025, 9, 1)
NEWPORT_SITE = "Newport, Torfaen, Blaenau Gwent, Monmouthshire and Caerphilly"


@pytest.mark.parametrize(
    ("authority", "site", "starts"),
    [
        ("City of Cardiff Council", "Cardiff", PHASE_1),
        ("London Borough of Islington", "Islington and Camden", PHASE_1),
        ("London Borough of Camden", "Islington and Camden", PHASE_1),
        ("City of York Council", "North Yorkshire and York", PHASE_1),
        ("Torfaen County Borough Council", NEWPORT_SITE, PHASE_1),
        ("The Glasgow City Council", "Glasgow", PHASE_1),
        ("City of Westminster", "Kensington and Chelsea with Westminster", PHASE_1),
        ("Birmingham City Council", "Birmingham", PHASE_3),
        ("The City of Edinburgh Council", "Edinburgh", PHASE_3),
        ("Hampshire County Council", "Hampshire", PHASE_3),
        ("Belfast City Council", "Northern Ireland", PHASE_3),
        ("Derry City and Strabane District Council", "Northern Ireland", PHASE_3),
        ("Shropshire Council", "Shropshire", PHASE_3),
        ("London Borough of Southwark", "Southwark", PHASE_3),
        ("Telford & Wrekin Council", "Telford and Wrekin", PHASE_3),
        ("West Sussex County Council", "West Sussex", PHASE_3),
    ],
)
def test_panel_areas_are_covered_from_their_dates(authority: str, site: str, starts: date) -> None:
    day_before = starts - timedelta(days=1)
    assert UK.panel_site_for(authority, on=day_before) is None
    covering = UK.panel_site_for(authority, on=starts)
    assert covering is not None
    assert covering.name == site
    before = route(local_authority=authority, received_on=day_before, date_of_birth=None)
    assert before.decision_maker == "competent_authority"
    routed = route(local_authority=authority, received_on=starts, date_of_birth=None)
    assert routed.decision_maker == "panel"
    assert routed.panel_site == covering


def test_phase_2_is_recorded_with_no_named_sites() -> None:
    phases = {phase.name: phase for phase in UK.panel_phases}
    assert phases["Pilot phase 2"].sites == ()
    assert "not named" in phases["Pilot phase 2"].note
    assert len(phases["Pilot phase 1"].sites) == 10
