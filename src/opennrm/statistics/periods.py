"""Statistical periods: a calendar year (``2023``) or a quarter (``2023-Q4``). Pure.

Tables count referrals by the day they were received (for historic referrals, the day the
older system received them) and decisions by the day they were made, in UK time.
"""

import re
from dataclasses import dataclass
from datetime import date

# The NRM began in 2009; nothing before it can be counted.
FIRST_YEAR = 2009
LAST_YEAR = 2100

_PATTERN = re.compile(r"^\s*(\d{4})(?:\s*-?\s*Q([1-4]))?\s*$", re.IGNORECASE)


class UnknownPeriod(ValueError):
    """A period that is not a year or a quarter we can count."""


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        """The first day after the quarter."""
        if self.number == 4:
            return date(self.year + 1, 1, 1)
        return date(self.year, 3 * self.number + 1, 1)

    @property
    def code(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        """ "Q4", as the tables' Quarter column prints it."""
        return f"Q{self.number}"

    @property
    def title(self) -> str:
        """ "October to December 2023"."""
        months = ("January to March", "April to June", "July to September", "October to December")
        return f"{months[self.number - 1]} {self.year}"

    def next(self) -> "Quarter":
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )


@dataclass(frozen=True)
class Period:
    """A year or a quarter: ``start`` is its first day, ``end`` the first day after it."""

    code: str
    start: date
    end: date

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        found: list[Quarter] = []
        quarter = quarter_of(self.start)
        while quarter.start < self.end:
            found.append(quarter)
            quarter = quarter.next()
        return tuple(found)

    @property
    def is_year(self) -> bool:
        return len(self.quarters) == 4

    @property
    def title(self) -> str:
        """ "2023" or "October to December 2023"."""
        if self.is_year:
            return str(self.start.year)
        return self.quarters[0].title

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)


def quarter_of(day: date) -> Quarter:
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def parse_period(text: str) -> Period:
    """``2023`` (a calendar year) or ``2023-Q4`` (a quarter); anything else is refused with
    a message saying what to enter."""
    match = _PATTERN.match(text or "")
    if match is None:
        raise UnknownPeriod(
            f"{text!r} is not a period: enter a year, like 2023, or a quarter, like 2023-Q4"
        )
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UnknownPeriod(
            f"There are no NRM statistics for {year}: the NRM began in {FIRST_YEAR}"
        )
    if match.group(2):
        quarter = Quarter(year, int(match.group(2)))
        return Period(quarter.code, quarter.start, quarter.end)
    return Period(str(year), date(year, 1, 1), date(year + 1, 1, 1))


def recent_quarters(today: date, count: int) -> tuple[Quarter, ...]:
    """The ``count`` quarters up to and including today's, oldest first."""
    quarter = quarter_of(today)
    found = [quarter]
    for _ in range(count - 1):
        previous = (
            Quarter(quarter.year - 1, 4)
            if quarter.number == 1
            else Quarter(quarter.year, quarter.number - 1)
        )
        found.append(previous)
        quarter = previous
    return tuple(reversed(found))


def period_choices(today: date, years: int = 6) -> list[tuple[str, str]]:
    """Periods to choose from on a page: the recent years and each of their quarters,
    newest first."""
    choices: list[tuple[str, str]] = []
    for year in range(today.year, today.year - years, -1):
        if year < FIRST_YEAR:
            break
        choices.append((str(year), str(year)))
        for number in range(4, 0, -1):
            quarter = Quarter(year, number)
            if quarter.start <= today:
                choices.append((quarter.code, quarter.title))
    return choices
