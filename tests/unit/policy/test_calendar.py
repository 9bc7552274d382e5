"""Working days per UK nation: property tests against a brute-force count."""

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opennrm.policy.calendar import (
    Nation,
    add_working_days,
    is_working_day,
    working_days_between,
)

SUBDIVISION = {"england": "ENG", "wales": "WLS", "scotland": "SCT", "northern_ireland": "NIR"}
nations = st.sampled_from(list(Nation))
days = st.dates(date(2015, 1, 1), date(2030, 12, 31))


def brute_force_is_working_day(day: date, nation: Nation) -> bool:
    calendar = holidays.country_holidays("GB", subdiv=SUBDIVISION[nation], years=day.year)
    return day.weekday() < 5 and day not in calendar


@settings(max_examples=300)
@given(days, st.integers(1, 60), nations)
def test_adding_working_days_never_lands_on_a_weekend_or_holiday(start, n, nation) -> None:
    result = add_working_days(start, n, nation)
    assert result.weekday() < 5
    assert brute_force_is_working_day(result, nation)


@settings(max_examples=200)
@given(days, st.integers(0, 40), st.integers(0, 40), nations)
def test_adding_working_days_is_monotonic_in_n(start, a, b, nation) -> None:
    low, high = sorted((a, b))
    assert add_working_days(start, low, nation) <= add_working_days(start, high, nation)


@settings(max_examples=200)
@given(days, days, st.integers(1, 20), nations)
def test_adding_working_days_is_monotonic_in_the_start(a, b, n, nation) -> None:
    early, late = sorted((a, b))
    assert add_working_days(early, n, nation) <= add_working_days(late, n, nation)


@settings(max_examples=200)
@given(days, st.integers(1, 40), nations)
def test_adding_working_days_agrees_with_a_day_by_day_count(start, n, nation) -> None:
    current, counted = start, 0
    while counted < n:
        current += timedelta(days=1)
        if brute_force_is_working_day(current, nation):
            counted += 1
    assert add_working_days(start, n, nation) == current


@settings(max_examples=200)
@given(days, st.integers(1, 40), nations)
def test_working_days_between_inverts_adding(start, n, nation) -> None:
    end = add_working_days(start, n, nation)
    assert working_days_between(start, end, nation) == n
    assert working_days_between(end, start, nation) == -n


def test_zero_working_days_is_the_next_working_day() -> None:
    saturday = date(2026, 11, 21)
    assert add_working_days(saturday, 0, "england") == date(2026, 11, 23)
    assert add_working_days(date(2026, 11, 23), 0, "england") == date(2026, 11, 23)
    with pytest.raises(ValueError):
        add_working_days(saturday, -1, "england")


@pytest.mark.parametrize(
    ("day", "nation", "working"),
    [
        (date(2026, 1, 2), "scotland", False),  # 2 January is a Scottish bank holiday
        (date(2026, 1, 2), "england", True),
        (date(2026, 11, 30), "scotland", False),  # St Andrew's Day
        (date(2026, 11, 30), "wales", True),
        (date(2026, 3, 17), "northern_ireland", False),  # St Patrick's Day
        (date(2026, 3, 17), "england", True),
        (date(2026, 8, 3), "scotland", False),  # Scotland's summer bank holiday
        (date(2026, 8, 31), "england", False),
        (date(2026, 8, 31), "scotland", True),
    ],
)
def test_nations_have_their_own_bank_holidays(day, nation, working) -> None:
    assert is_working_day(day, nation) is working
