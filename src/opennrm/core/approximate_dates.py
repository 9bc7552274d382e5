"""Dates that people remember only roughly: "14 March 2025", "March 2025" or "2025".

A potential victim often cannot say the day their exploitation started, only the month or
the year. Such a date is kept at the precision it was given, written as ISO 8601 reduced
precision (``2025-03-14``, ``2025-03``, ``2025``), compared by the span of days it may mean,
and shown as written. Pure: no Django, no database.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
EARLIEST_YEAR = 1900


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class ApproximateDate:
    """A day, a month or a year. ``month`` and ``day`` are None when not known."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("A day needs a month")
        if not EARLIEST_YEAR <= self.year <= 9999:
            raise ValueError(f"The year must be {EARLIEST_YEAR} or later")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError("The month must be from 1 to 12")
        if self.day is not None:
            date(self.year, self.month or 1, self.day)  # raises ValueError if not a real day

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    @property
    def earliest(self) -> date:
        """The first day it may mean."""
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> date:
        """The last day it may mean."""
        if self.day is not None and self.month is not None:
            return date(self.year, self.month, self.day)
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def isoformat(self) -> str:
        """ISO 8601 at the precision given: ``2025-03-14``, ``2025-03`` or ``2025``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def __str__(self) -> str:
        return self.isoformat()


def parse(value: str | date | ApproximateDate) -> ApproximateDate:
    """Read ``2025-03-14``, ``2025-03`` or ``2025`` (or a ``date``); ValueError otherwise."""
    if isinstance(value, ApproximateDate):
        return value
    if isinstance(value, date):
        return ApproximateDate(value.year, value.month, value.day)
    match = _PATTERN.match(str(value).strip())
    if match is None:
        raise ValueError("Enter a date as YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None  # the pattern always has a year
    return ApproximateDate(year, month, day)


def is_after(later: ApproximateDate, earlier: ApproximateDate) -> bool:
    """Whether ``later`` can be on or after ``earlier``: False only when every day ``later``
    may mean falls before every day ``earlier`` may mean ("March 2025" can end in 2025)."""
    return later.latest >= earlier.earliest


def is_future(value: ApproximateDate, today: date) -> bool:
    """Whether every day the date may mean is after ``today``."""
    return value.earliest > today
