"""Figures as pages show them: protected counts in small tables (a list with its total, or
a grid with row and column totals), each cell reading its number, "fewer than N" for a
small count, or ``[c]`` for one withheld so that a small count cannot be worked out."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from opennrm.statistics.charts import Chart
from opennrm.statistics.disclosure import (
    SUPPRESSED,
    Cell,
    Mark,
    Protection,
    Total,
    grid_totals,
    protect,
)


@dataclass(frozen=True)
class Figure:
    """One published number on a page."""

    text: str
    value: int | float | None
    withheld: bool = False
    small: bool = False


def figure(cell: Cell, protection: Protection) -> Figure:
    if cell.mark is Mark.PRIMARY and protection.threshold is not None:
        return Figure(
            _("fewer than %(n)s") % {"n": protection.threshold}, None, withheld=True, small=True
        )
    if cell.value is None:
        return Figure(SUPPRESSED, None, withheld=True)
    return Figure(number_format(cell.value, force_grouping=True), cell.value)


def measure(value: float | None, count: int, protection: Protection, unit: str = "") -> Figure:
    """A median or a rate, withheld when it summarises too few records."""
    threshold = protection.threshold or 0
    if protection.suppresses and 0 < count < threshold:
        return Figure(_("fewer than %(n)s decisions") % {"n": threshold}, None, True, True)
    if value is None:
        return Figure(_("none"), None)
    text = number_format(round(value, 1), decimal_pos=None, force_grouping=True)
    return Figure(f"{text}{unit}", value)


@dataclass
class FigureTable:
    """A small table of figures: a heading per column, a label and figures per row."""

    columns: list[str]
    rows: list[tuple[str, list[Figure]]] = field(default_factory=list)

    @property
    def withheld(self) -> bool:
        return any(f.withheld for _, figures in self.rows for f in figures)


def protected_list(
    heading: str,
    value_heading: str,
    items: Sequence[tuple[str, int]],
    protection: Protection,
) -> FigureTable:
    """Labelled counts and their total, protected together."""
    values = [count for _, count in items] + [sum(count for _, count in items)]
    totals = [Total(len(items), tuple(range(len(items))))] if items else []
    cells = protect(values, totals, protection)
    table = FigureTable([heading, value_heading])
    for (label, _count), cell in zip(items, cells, strict=False):
        table.rows.append((label, [figure(cell, protection)]))
    table.rows.append((_("Total"), [figure(cells[-1], protection)]))
    return table


def protected_counts(
    heading: str,
    value_heading: str,
    items: Sequence[tuple[str, int]],
    protection: Protection,
) -> FigureTable:
    """Labelled counts that overlap (no total adds them up), each protected on its own."""
    cells = protect([count for _, count in items], [], protection)
    table = FigureTable([heading, value_heading])
    for (label, _count), cell in zip(items, cells, strict=True):
        table.rows.append((label, [figure(cell, protection)]))
    return table


def protected_grid(
    heading: str,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    counts: Mapping[tuple[str, str], int],
    protection: Protection,
) -> FigureTable:
    """A grid of counts with a total column and a total row, protected together."""
    rows, columns = len(row_labels), len(column_labels)
    values: list[int] = []
    for row in row_labels:
        line = [int(counts.get((row, column), 0)) for column in column_labels]
        values += [*line, sum(line)]
    column_sums = [
        sum(values[r * (columns + 1) + c] for r in range(rows)) for c in range(columns + 1)
    ]
    values += column_sums
    cells = protect(values, grid_totals(rows, columns), protection)
    table = FigureTable([heading, *column_labels, _("Total")])
    width = columns + 1
    for r, label in enumerate([*row_labels, _("Total")]):
        table.rows.append((label, [figure(cells[r * width + c], protection) for c in range(width)]))
    return table


@dataclass
class Section:
    """One part of a dashboard or local picture: a heading, what it shows, a chart and
    the table of the same figures."""

    key: str
    title: str
    description: str
    table: FigureTable
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)
