"""Working days in each UK nation, from the `holidays` package (never hand-written).

England and Wales share bank holidays; Scotland adds 2 January and St Andrew's Day and
moves others; Northern Ireland adds St Patrick's Day and the Battle of the Boyne.
"""

from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays


class Nation(StrEnum):
    """A UK nation: where the first responder is decides whose bank holidays count."""

    ENGLAND = "england"
    WALES = "wales"
    SCOTLAND = "scotland"
    NORTHERN_IRELAND = "northern_ireland"


_SUBDIVISION = {
    Nation.ENGLAND: "ENG",
    Nation.WALES: "WLS",
    Nation.SCOTLAND: "SCT",
    Nation.NORTHERN_IRELAND: "NIR",
}


@lru_cache(maxsize=512)
def _bank_holidays(nation: Nation, year: int) -> frozenset[date]:
    calendar = holidays.country_holidays("GB", subdiv=_SUBDIVISION[nation], years=year)
    return frozenset(calendar.keys())


def is_working_day(day: date, nation: Nation | str) -> bool:
    """Monday to Friday and not a bank holiday in ``nation``."""
    return day.weekday() < 5 and day not in _bank_holidays(Nation(nation), day.year)


def add_working_days(start: date, days: int, nation: Nation | str) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself never counts).

    With ``days == 0``: ``start`` if it is a working day, otherwise the next working day.
    """
    if days < 0:
        raise ValueError("days must be zero or more")
    nation = Nation(nation)
    current = start
    if days == 0:
        while not is_working_day(current, nation):
            current += timedelta(days=1)
        return current
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current, nation):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, nation: Nation | str) -> int:
    """Working days after ``start`` up to and including ``end``; negative if ``end`` is
    earlier ("3 working days left", or "2 working days overdue")."""
    nation = Nation(nation)
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = (start, end) if sign == 1 else (end, start)
    count = 0
    current = low
    while current < high:
        current += timedelta(days=1)
        if is_working_day(current, nation):
            count += 1
    return sign * count
