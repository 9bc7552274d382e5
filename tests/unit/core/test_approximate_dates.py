"""Dates known only to the month or the year: kept at their precision, compared by the days
they may mean."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opennrm.core.approximate_dates import (
    ApproximateDate,
    Precision,
    is_after,
    is_future,
    parse,
)

days = st.dates(date(1900, 1, 1), date(2100, 12, 31))


@st.composite
def approximate(draw) -> ApproximateDate:
    day = draw(days)
    precision = draw(st.sampled_from(list(Precision)))
    if precision is Precision.DAY:
        return ApproximateDate(day.year, day.month, day.day)
    if precision is Precision.MONTH:
        return ApproximateDate(day.year, day.month)
    return ApproximateDate(day.year)


@given(approximate())
def test_written_as_iso_8601_at_its_precision_and_read_back(value) -> None:
    text = value.isoformat()
    assert len(text) == {Precision.DAY: 10, Precision.MONTH: 7, Precision.YEAR: 4}[value.precision]
    assert parse(text) == value


@given(approximate())
def test_it_spans_from_its_earliest_to_its_latest_day(value) -> None:
    assert value.earliest <= value.latest
    assert value.earliest.year == value.latest.year == value.year
    if value.precision is Precision.DAY:
        assert value.earliest == value.latest
    if value.precision is Precision.MONTH:
        assert value.earliest.day == 1 and value.latest.month == value.month
        assert (value.latest.replace(day=28) - value.earliest).days == 27
    if value.precision is Precision.YEAR:
        assert (value.earliest, value.latest) == (
            date(value.year, 1, 1),
            date(value.year, 12, 31),
        )


@given(approximate(), approximate())
def test_an_end_is_refused_only_when_every_day_it_may_mean_is_before_the_start(start, end) -> None:
    assert is_after(end, start) == (end.latest >= start.earliest)
    # A date is never before itself, whatever its precision.
    assert is_after(start, start)


@given(approximate(), days)
def test_a_date_is_in_the_future_only_if_every_day_it_may_mean_is(value, today) -> None:
    assert is_future(value, today) == (value.earliest > today)


def test_the_year_a_date_is_in_is_not_in_the_future_during_that_year() -> None:
    assert not is_future(parse("2026"), date(2026, 1, 1))
    assert not is_future(parse("2026-11"), date(2026, 11, 1))
    assert is_future(parse("2026-12"), date(2026, 11, 30))


def test_march_can_end_in_the_same_year_and_2024_cannot_end_in_2023() -> None:
    assert is_after(parse("2025"), parse("2025-03"))
    assert not is_after(parse("2023-12-31"), parse("2024"))


@pytest.mark.parametrize(
    "text", ["2025-13", "2025-02-30", "25-03", "2025-3", "March 2025", "", "1899", "2025-00"]
)
def test_anything_else_is_refused(text) -> None:
    with pytest.raises(ValueError):
        parse(text)


def test_a_day_needs_a_month() -> None:
    with pytest.raises(ValueError):
        ApproximateDate(2025, None, 14)


def test_a_full_date_object_is_a_day() -> None:
    assert parse(date(2011, 6, 14)) == ApproximateDate(2011, 6, 14)
