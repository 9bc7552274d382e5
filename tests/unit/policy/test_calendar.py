"""Working days per UK nation: known bank holidays, and properties against a brute-force
day-by-day count that uses the `holidays` package directly."""

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opennrm.policy.calendar import (
    Nation,
    add_working_days,
    bank_holidays,
    is_working_day,
    working_days_between,
)

# One independent, lazily-expanding calendar per nation (not the module's cached sets).
BRUTE_FORCE_CALENDARS = {
    nation: holidays.country_holidays("GB", subdiv=code)
    for nation, code in {
        Nation.ENGLAND: "ENG",
        Nation.WALES: "WLS",
        Nation.SCOTLAND: "SCT",
        Nation.NORTHERN_IRELAND: "NIR",
    }.items()
}
nations = st.sampled_from(list(Nation))
days = st.dates(date(2015, 1, 1), date(2030, 12, 31))


def brute_force_is_working_day(day: date, nation: Nation) -> bool:
    return day.weekday() < 5 and day not in BRUTE_FORCE_CALENDARS[nation]


def brute_force_between(a: date, b: date, nation: Nation) -> int:
    low, high = sorted((a, b))
    count = sum(
        brute_force_is_working_day(low + timedelta(days=i), nation)
        for i in range(1, (high - low).days + 1)
    )
    return count if b >= a else -count


@pytest.mark.parametrize(
    ("day", "nation", "working"),
    [
        (date(2026, 1, 2), Nation.SCOTLAND, False),  # 2 January is a Scottish bank holiday
        (date(2026, 1, 2), Nation.ENGLAND, True),
        (date(2026, 11, 30), Nation.SCOTLAND, False),  # St Andrew's Day (a Monday in 2026)
        (date(2026, 11, 30), Nation.WALES, True),
        (date(2025, 12, 1), Nation.SCOTLAND, False),  # St Andrew's Day 2025 observed
        (date(2026, 3, 17), Nation.NORTHERN_IRELAND, False),  # St Patrick's Day
        (date(2026, 3, 17), Nation.ENGLAND, True),
        (date(2026, 7, 13), Nation.NORTHERN_IRELAND, False),  # Battle of the Boyne observed
        (date(2026, 4, 6), Nation.ENGLAND, False),  # Easter Monday
        (date(2026, 4, 6), Nation.SCOTLAND, True),  # not a Scottish bank holiday
        (date(2026, 8, 3), Nation.SCOTLAND, False),  # Scotland's summer bank holiday
        (date(2026, 8, 31), Nation.ENGLAND, False),
        (date(2026, 8, 31), Nation.SCOTLAND, True),
        # Christmas substitutes differ: 2 Jan 2027 is a Saturday, so Scotland has Monday 4th.
        (date(2027, 1, 4), Nation.SCOTLAND, False),
        (date(2027, 1, 4), Nation.ENGLAND, True),
        (date(2026, 12, 28), Nation.ENGLAND, False),  # Boxing Day observed
        (date(2026, 11, 21), Nation.ENGLAND, False),  # a Saturday
    ],
)
def test_each_nation_has_its_own_bank_holidays(day: date, nation: Nation, working: bool) -> None:
    assert is_working_day(day, nation) is working


def test_nations_may_be_given_by_their_value() -> None:
    assert is_working_day(date(2026, 1, 2), "scotland") is False
    with pytest.raises(ValueError):
        is_working_day(date(2026, 1, 2), "cornwall")


def test_bank_holidays_are_cached_per_nation_and_year() -> None:
    assert bank_holidays(Nation.SCOTLAND, 2026) is bank_holidays(Nation.SCOTLAND, 2026)
    assert all(day.year == 2026 for day in bank_holidays(Nation.SCOTLAND, 2026))


def test_zero_working_days_is_the_start_or_the_next_working_day() -> None:
    saturday = date(2026, 11, 21)
    monday = date(2026, 11, 23)
    assert add_working_days(saturday, 0, Nation.ENGLAND) == monday
    assert add_working_days(monday, 0, Nation.ENGLAND) == monday
    # Christmas Eve 2026 is a Thursday; then Christmas, a weekend and Boxing Day observed.
    assert add_working_days(date(2026, 12, 25), 0, Nation.ENGLAND) == date(2026, 12, 29)


def test_a_negative_number_of_working_days_is_refused() -> None:
    with pytest.raises(ValueError, match="zero or more"):
        add_working_days(date(2026, 11, 21), -1, Nation.ENGLAND)


def test_the_start_day_never_counts() -> None:
    monday = date(2026, 11, 23)
    assert add_working_days(monday, 1, Nation.ENGLAND) == date(2026, 11, 24)
    assert working_days_between(monday, monday, Nation.ENGLAND) == 0


def test_days_left_and_overdue() -> None:
    due = date(2026, 11, 27)  # a Friday
    assert working_days_between(date(2026, 11, 24), due, Nation.ENGLAND) == 3  # 3 left
    assert working_days_between(date(2026, 12, 1), due, Nation.ENGLAND) == -2  # 2 overdue


@settings(max_examples=200, deadline=None)
@given(days, st.integers(1, 60), nations)
def test_adding_working_days_never_lands_on_a_weekend_or_holiday(
    start: date, n: int, nation: Nation
) -> None:
    result = add_working_days(start, n, nation)
    assert result.weekday() < 5
    assert result not in BRUTE_FORCE_CALENDARS[nation]
    assert result > start


@settings(max_examples=200, deadline=None)
@given(days, st.integers(0, 40), st.integers(0, 40), nations)
def test_adding_working_days_is_monotonic_in_n(start: date, a: int, b: int, nation: Nation) -> None:
    low, high = sorted((a, b))
    assert add_working_days(start, low, nation) <= add_working_days(start, high, nation)
    # Strictly later for n >= 1; n = 0 on a non-working day already moves to the next
    # working day, which is also where n = 1 lands.
    if 1 <= low < high:
        assert add_working_days(start, low, nation) < add_working_days(start, high, nation)


@settings(max_examples=200, deadline=None)
@given(days, days, st.integers(0, 20), nations)
def test_adding_working_days_is_monotonic_in_the_start(
    a: date, b: date, n: int, nation: Nation
) -> None:
    early, late = sorted((a, b))
    assert add_working_days(early, n, nation) <= add_working_days(late, n, nation)


@settings(max_examples=200, deadline=None)
@given(days, st.integers(0, 40), nations)
def test_adding_working_days_agrees_with_a_day_by_day_count(
    start: date, n: int, nation: Nation
) -> None:
    current, counted = start, 0
    if n == 0:
        while not brute_force_is_working_day(current, nation):
            current += timedelta(days=1)
    while counted < n:
        current += timedelta(days=1)
        if brute_force_is_working_day(current, nation):
            counted += 1
    assert add_working_days(start, n, nation) == current


@settings(max_examples=200, deadline=None)
@given(days, st.integers(1, 40), nations)
def test_working_days_between_inverts_adding(start: date, n: int, nation: Nation) -> None:
    end = add_working_days(start, n, nation)
    assert working_days_between(start, end, nation) == n
    assert working_days_between(end, start, nation) == -n


@settings(max_examples=200, deadline=None)
@given(days, days, nations)
def test_working_days_between_agrees_with_a_day_by_day_count(
    a: date, b: date, nation: Nation
) -> None:
    assert working_days_between(a, b, nation) == brute_force_between(a, b, nation)
    assert working_days_between(b, a, nation) == -working_days_between(a, b, nation)


@settings(max_examples=200, deadline=None)
@given(days, st.integers(0, 400), nations)
def test_working_days_between_brackets_adding(start: date, span: int, nation: Nation) -> None:
    """k working days to ``end`` means the k-th working day is on or before ``end`` and the
    (k+1)-th after it."""
    end = start + timedelta(days=span)
    k = working_days_between(start, end, nation)
    assert k >= 0
    if k:
        assert add_working_days(start, k, nation) <= end
    assert add_working_days(start, k + 1, nation) > end
