"""Statistical disclosure control for published counts. Pure: numbers in, cells out.

A table is a list of counts and the *totals* that tie them together: each total says
"this count is the sum of those counts" (a row total, a column total, a subtotal of a
hierarchy). Protection has three steps:

1. **Primary suppression.** Every count from 1 to ``threshold - 1`` is withheld, totals
   included. Zeros are published: a true zero says nothing about any one person.
2. **Secondary suppression.** A total with exactly one withheld count in it would give that
   count away by subtraction, so a second count of it is withheld too — the smallest
   non-zero one, preferring an inner count to the total itself — until every total has
   either no withheld count or at least two.
3. **Rounding** (optional) of what is published, to the nearest multiple of a base.

Withheld cells are shown as ``[c]`` (the Government Statistical Service's convention for
"confidential"). National tables mirror the Home Office, which suppresses nothing; tables
for a local area, and anything published below national level, are protected by default.

No withheld count can be recovered from any single total. Several totals combined can
still narrow a withheld count to a range; that is the accepted limit of cell suppression
without linear programming, and the reason local tables also publish fewer breakdowns.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

SUPPRESSED = "[c]"
DEFAULT_THRESHOLD = 10


class DisclosureError(ValueError):
    """A protection setting that makes no sense (a threshold below 1, say)."""


class Mark(StrEnum):
    PUBLISHED = "published"
    PRIMARY = "primary"  # a small count
    SECONDARY = "secondary"  # withheld so that a small count cannot be worked out


@dataclass(frozen=True)
class Total:
    """``values[total] == sum(values[i] for i in parts)``."""

    total: int
    parts: tuple[int, ...]


@dataclass(frozen=True)
class Protection:
    """How a table is protected: withhold counts below ``threshold`` (``None``: publish
    everything, as the national tables do) and round to ``rounding`` (0 or 1: no rounding)."""

    threshold: int | None = DEFAULT_THRESHOLD
    rounding: int = 0

    def __post_init__(self) -> None:
        if self.threshold is not None and self.threshold < 1:
            raise DisclosureError("The threshold must be a whole number of 1 or more")
        if self.rounding < 0:
            raise DisclosureError("Rounding must be to a whole number of 1 or more")

    @property
    def suppresses(self) -> bool:
        return self.threshold is not None and self.threshold > 1


NONE = Protection(threshold=None)


@dataclass(frozen=True)
class Cell:
    """A count as published: its value, or ``None`` when withheld, and why."""

    value: int | None
    mark: Mark = Mark.PUBLISHED

    @property
    def text(self) -> str:
        return SUPPRESSED if self.value is None else str(self.value)

    @property
    def withheld(self) -> bool:
        return self.value is None


def suppress(values: Sequence[int], totals: Sequence[Total], threshold: int) -> list[Mark]:
    """Primary and secondary suppression (steps 1 and 2 above) of ``values``."""
    if threshold < 1:
        raise DisclosureError("The threshold must be a whole number of 1 or more")
    for value in values:
        if value < 0:
            raise DisclosureError("Counts cannot be negative")
    marks = [Mark.PRIMARY if 0 < value < threshold else Mark.PUBLISHED for value in values]
    changed = True
    while changed:
        changed = False
        for total in totals:
            members = (total.total, *total.parts)
            withheld = [i for i in members if marks[i] is not Mark.PUBLISHED]
            if len(withheld) != 1:
                continue
            # Zeros protect nothing; an inner count is better withheld than the total.
            candidates = [i for i in total.parts if marks[i] is Mark.PUBLISHED and values[i] > 0]
            if not candidates and marks[total.total] is Mark.PUBLISHED and values[total.total]:
                candidates = [total.total]
            if not candidates:
                continue
            chosen = min(candidates, key=lambda i: (values[i], i))
            marks[chosen] = Mark.SECONDARY
            changed = True
    return marks


def round_to(value: int, base: int) -> int:
    """``value`` to the nearest multiple of ``base``, halves upwards (15 → 20 for base 10)."""
    if base <= 1:
        return value
    return ((value + base // 2) // base) * base


def protect(values: Sequence[int], totals: Sequence[Total], protection: Protection) -> list[Cell]:
    """The cells to publish for ``values`` under ``protection``."""
    if protection.threshold is not None and protection.threshold > 1:
        marks = suppress(values, totals, protection.threshold)
    else:
        marks = [Mark.PUBLISHED] * len(values)
    return [
        Cell(round_to(value, protection.rounding), mark)
        if mark is Mark.PUBLISHED
        else Cell(None, mark)
        for value, mark in zip(values, marks, strict=True)
    ]


def grid_totals(rows: int, columns: int) -> list[Total]:
    """The totals of a ``rows`` × ``columns`` grid laid out row by row with a total column
    at the end of each row and a total row at the bottom ((rows + 1) × (columns + 1)
    values, the grand total last)."""
    width = columns + 1

    def at(row: int, column: int) -> int:
        return row * width + column

    found = [
        Total(at(row, columns), tuple(at(row, column) for column in range(columns)))
        for row in range(rows + 1)
    ]
    found += [
        Total(at(rows, column), tuple(at(row, column) for row in range(rows)))
        for column in range(columns + 1)
    ]
    return found
