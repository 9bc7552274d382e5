"""Working days in each UK nation, from the `holidays` package (never hand-written).

The reasonable-grounds target of the competent authority is counted in working days in the
calendar of the UK nation where the first responder is. England and Wales share bank
holidays; Scotland adds 2 January and St Andrew's Day, has no Easter Monday or late-August
holiday (it has an early-August one) and moves Christmas substitutes differently; Northern
Ireland adds St Patrick's Day and the Battle of the Boyne.

A working day is Monday to Friday and not a bank holiday (including a substitute "observed"
day) in that nation.
"""

from bisect import bisect_right
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

__all__ = ["Nation", "add_working_days", "bank_holidays", "is_working_day", "working_days_between"]


class Nation(StrEnum):
    """A UK nation: where the first responder is decides whose bank holidays count."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern_ireland"


# holidays.UK ("GB") subdivision codes.
_SUBDIVISION: dict[Nation, str] = {
    Nation.ENGLAND: "ENG",
    Nation.WALES: "WLS",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}


@lru_cache(maxsize=1024)
def bank_holidays(nation: Nation, year: int) -> frozenset[date]:
    """Every bank holiday (substitute days included) in ``nation`` during ``year``."""
    # "GB" is the holidays.UK calendar; the subdivision picks the nation's bank holidays.
    calendar = holidays.country_holidays("GB", subdiv=_SUBDIVISION[nation], years=year)
    return frozenset(day for day in calendar if day.year == year)


@lru_cache(maxsize=1024)
def _weekday_holidays(nation: Nation, year: int) -> tuple[date, ...]:
    """The bank holidays of ``year`` that fall Monday to Friday, in order."""
    return tuple(sorted(day for day in bank_holidays(nation, year) if day.weekday() < 5))


def is_working_day(d: date, nation: Nation | str) -> bool:
    """Whether ``d`` is a working day in ``nation``: Monday to Friday, not a bank holiday."""
    return d.weekday() < 5 and d not in bank_holidays(Nation(nation), d.year)


def add_working_days(start: date, n: int, nation: Nation | str) -> date:
    """The ``n``-th working day after ``start`` in ``nation``.

    Counting starts on the day after ``start``: ``start`` itself never counts, so the
    reasonable-grounds target for a referral received on ``start`` is
    ``add_working_days(start, 5, nation)``.

    With ``n == 0`` the result is ``start`` if it is a working day, otherwise the next
    working day (the first day work on something received on ``start`` can happen).

    Raises ``ValueError`` for a negative ``n``.
    """
    if n < 0:
        raise ValueError(f"n must be zero or more, not {n}")
    nation = Nation(nation)
    current = start
    if n == 0:
        while not is_working_day(current, nation):
            current += timedelta(days=1)
        return current
    remaining = n
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current, nation):
            remaining -= 1
    return current


def _weekdays_up_to(d: date) -> int:
    """Monday-to-Friday days from 1 January of year 1 (a Monday) to ``d`` inclusive."""
    weeks, extra = divmod(d.toordinal(), 7)
    return 5 * weeks + min(extra, 5)


def _working_days_after_up_to(low: date, high: date, nation: Nation) -> int:
    """Working days in ``(low, high]`` for ``low <= high``."""
    count = _weekdays_up_to(high) - _weekdays_up_to(low)
    for year in range(low.year, high.year + 1):
        in_year = _weekday_holidays(nation, year)
        count -= bisect_right(in_year, high) - bisect_right(in_year, low)
    return count


def working_days_between(a: date, b: date, nation: Nation | str) -> int:
    """The signed number of working days from ``a`` to ``b`` in ``nation``.

    For ``b`` after ``a``: the working days after ``a`` up to and including ``b``, so that
    ``working_days_between(a, add_working_days(a, n, nation), nation) == n``. For ``b``
    before ``a`` the same count from ``b`` to ``a``, negated. Read it as "3 working days
    left" (``working_days_between(today, due) == 3``) or "2 working days overdue"
    (``== -2``).
    """
    nation = Nation(nation)
    if b >= a:
        return _working_days_after_up_to(a, b, nation)
    return -_working_days_after_up_to(b, a, nation)
