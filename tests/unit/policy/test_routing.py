"""Routing a referral to a devolved child panel or the Single Competent Authority, and
routing it again after an age assessment."""

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from opennrm.policy import Nation, load_jurisdiction
from opennrm.policy.deadlines import DecisionMakerType
from opennrm.policy.routing import (
    Route,
    RouteReason,
    days_until_eighteen,
    eighteenth_birthday,
    reroute_after_age_assessment,
    route_referral,
    turns_eighteen_between,
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
        "nation": Nation.WALES,
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
        ("Belfast Health and Social Care Trust", "Northern Ireland", PHASE_3),
        ("Western Health and Social Care Trust", "Northern Ireland", PHASE_3),
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


def test_routing_without_a_nation_warns() -> None:
    arguments: dict[str, Any] = {"nation": None}
    with pytest.warns(DeprecationWarning, match="route_referral"):
        assert route(**arguments).decision_maker == "panel"


# Referral dates from the pilot on, and children in Cardiff (a panel area since June 2021).
panel_era = st.dates(date(2021, 6, 1), date(2030, 12, 31))


@settings(max_examples=300, deadline=None)
@given(panel_era, st.integers(-400, 6000))
def test_more_than_100_days_from_18_goes_to_the_panel_otherwise_the_competent_authority(
    received: date, days_before_18th: int
) -> None:
    birthday = received + timedelta(days=days_before_18th)
    assume((birthday.month, birthday.day) != (2, 29))  # no 29 February 18 years earlier
    date_of_birth = born_days_before_18th(days_before_18th, received)
    days = days_until_eighteen(date_of_birth, received)
    result = route(received_on=received, date_of_birth=date_of_birth)
    if days > 100:
        assert result.decision_maker is DecisionMakerType.PANEL
        assert result.reason_code is RouteReason.PANEL_AREA
    else:
        assert result.decision_maker is DecisionMakerType.COMPETENT_AUTHORITY
        assert result.reason_code is RouteReason.TOO_CLOSE_TO_EIGHTEEN


@settings(max_examples=300, deadline=None)
@given(
    panel_era,
    st.one_of(st.none(), st.dates(date(2004, 1, 1), date(2030, 12, 31))),
    st.booleans(),
    st.sampled_from(
        ["City of Cardiff Council", "Leeds City Council", "Belfast Health and Social Care Trust"]
    ),
    st.sampled_from(list(Nation)),
)
def test_an_age_disputed_child_always_goes_to_the_competent_authority(
    received: date,
    date_of_birth: date | None,
    public_order: bool,
    local_authority: str,
    nation: Nation,
) -> None:
    result = route(
        received_on=received,
        date_of_birth=date_of_birth,
        age_disputed=True,
        public_order=public_order,
        local_authority=local_authority,
        nation=nation,
    )
    assert result.decision_maker is DecisionMakerType.COMPETENT_AUTHORITY
    assert result.panel_site is None


def reroute(**overrides: Any) -> Route:
    arguments: dict[str, Any] = {
        "found_to_be_child": True,
        "date_of_birth": date(2012, 1, 1),
        "received_on": RECEIVED,
        "public_order": False,
        "local_authority": "City of Cardiff Council",
        "jurisdiction": UK,
        "nation": Nation.WALES,
    }
    arguments.update(overrides)
    return reroute_after_age_assessment(**arguments)


def test_an_assessment_finding_an_adult_routes_to_the_competent_authority() -> None:
    assert route(age_disputed=True).reason_code is RouteReason.AGE_DISPUTED
    result = reroute(found_to_be_child=False, date_of_birth=date(2000, 1, 1))
    assert result.decision_maker is DecisionMakerType.COMPETENT_AUTHORITY
    assert result.panel_site is None
    assert result.reason_code is RouteReason.ASSESSED_ADULT
    assert result.reason.endswith("Decided by the Single Competent Authority.")


def test_an_assessment_confirming_a_child_reapplies_the_panel_rule() -> None:
    confirmed = reroute()
    assert confirmed.decision_maker is DecisionMakerType.PANEL
    assert confirmed.panel_site is not None
    assert confirmed.panel_site.name == "Cardiff"
    # The assessed date of birth puts them within 100 days of 18 on the referral date.
    close = reroute(date_of_birth=born_days_before_18th(100))
    assert close.reason_code is RouteReason.TOO_CLOSE_TO_EIGHTEEN
    # Outside a panel area, or under public-order consideration, the rule still says no.
    assert reroute(local_authority="Leeds City Council").reason_code is (
        RouteReason.NO_PANEL_FOR_AREA
    )
    assert reroute(public_order=True).reason_code is RouteReason.PUBLIC_ORDER


@settings(max_examples=200, deadline=None)
@given(
    panel_era,
    st.one_of(st.none(), st.dates(date(2004, 1, 1), date(2030, 12, 31))),
    st.booleans(),
    st.sampled_from(
        ["City of Cardiff Council", "Leeds City Council", "Belfast Health and Social Care Trust"]
    ),
)
def test_a_confirmed_child_is_routed_as_if_their_age_had_never_been_disputed(
    received: date, date_of_birth: date | None, public_order: bool, local_authority: str
) -> None:
    common: dict[str, Any] = {
        "received_on": received,
        "date_of_birth": date_of_birth,
        "public_order": public_order,
        "local_authority": local_authority,
    }
    assert reroute(**common) == route(**common, age_disputed=False)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 1, 1), date(2026, 12, 31), date(2026, 3, 1)),  # born 29 Feb 2008
        (date(2026, 3, 1), date(2026, 3, 1), date(2026, 3, 1)),  # both ends count
        (date(2026, 3, 2), date(2026, 12, 31), None),
        (date(2025, 1, 1), date(2026, 2, 28), None),
    ],
)
def test_a_case_page_can_say_when_a_child_turns_18(
    start: date, end: date, expected: date | None
) -> None:
    assert turns_eighteen_between(date(2008, 2, 29), start, end) == expected


def test_turns_eighteen_between_needs_a_date_of_birth_and_an_ordered_period() -> None:
    assert turns_eighteen_between(None, date(2026, 1, 1), date(2026, 12, 31)) is None
    with pytest.raises(ValueError, match="before its start"):
        turns_eighteen_between(date(2008, 1, 1), date(2026, 2, 1), date(2026, 1, 1))
