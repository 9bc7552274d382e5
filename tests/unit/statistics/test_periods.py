from datetime import date

import pytest

from opennrm.statistics.periods import UnknownPeriod, parse_period, recent_quarters


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2023", date(2023, 1, 1), date(2024, 1, 1)),
        ("2023-Q4", date(2023, 10, 1), date(2024, 1, 1)),
        ("2024-q1", date(2024, 1, 1), date(2024, 4, 1)),
        (" 2022 Q2 ", date(2022, 4, 1), date(2022, 7, 1)),
    ],
)
def test_years_and_quarters(text, start, end) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("text", ["2023-Q5", "Q4", "last year", "", "2008", "23-Q1"])
def test_unknown_periods_are_refused_in_words(text) -> None:
    with pytest.raises(UnknownPeriod, match=r"year|quarter|NRM began"):
        parse_period(text)


def test_a_year_has_four_quarters_and_recent_quarters_run_oldest_first() -> None:
    assert [q.code for q in parse_period("2023").quarters] == [
        "2023-Q1",
        "2023-Q2",
        "2023-Q3",
        "2023-Q4",
    ]
    assert [q.code for q in recent_quarters(date(2024, 2, 1), 3)] == [
        "2023-Q3",
        "2023-Q4",
        "2024-Q1",
    ]
