"""Statistical tables as plain values: how a table is laid out, how its totals are formed
and how it is published under disclosure control. Pure: the counts come from the
database (``queries``), already aggregated; nothing here sees a referral.

Two shapes, as the Home Office publishes them:

- **Long tables** (one row per combination of categories and a count column). Totals are
  rows in which an aggregated column reads ``Total`` (a *rollup*): every combination, then
  its subtotal over the last column, then over the last two, and so on. A column can name
  its own subtotal (the first responder table's ``Government agency total``).
- **Wide tables** (one row per quarter, a column per category, a ``Total`` column and,
  for a year, a ``Total`` row).

Every total is also recorded as an equation (``disclosure.Total``) so that disclosure
control can make sure no withheld count can be worked out from it.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from opennrm.statistics.disclosure import SUPPRESSED, Cell, Mark, Protection, Total, protect
from opennrm.statistics.labels import TOTAL


@dataclass(frozen=True)
class CountRef:
    """A count cell: ``Table.counts[index]``."""

    index: int


@dataclass(frozen=True)
class Measure:
    """A measure that is not a count (a median, a percentile), published only when the
    number of records it summarises (``Table.counts[count_index]``) is not small."""

    value: float | None
    count_index: int


type Value = str | int | CountRef | Measure


@dataclass
class Table:
    """An official table before disclosure control."""

    slug: str
    title: str
    columns: list[str]
    rows: list[list[Value]] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Below national level (a local authority, a police force area): protected by default.
    local: bool = False

    def add_count(self, value: int) -> CountRef:
        self.counts.append(int(value))
        return CountRef(len(self.counts) - 1)


@dataclass(frozen=True)
class PublishedCell:
    """What a published table shows in one cell."""

    value: str | int | float | None
    withheld: bool = False
    # Withheld because it is itself small (not only to protect another).
    small: bool = False
    is_count: bool = False

    @property
    def text(self) -> str:
        if self.withheld:
            return SUPPRESSED
        if self.value is None:
            return ""
        if isinstance(self.value, float):
            return f"{self.value:g}"
        return str(self.value)


@dataclass(frozen=True)
class PublishedTable:
    slug: str
    title: str
    columns: list[str]
    rows: list[list[PublishedCell]]
    notes: list[str]
    protection: Protection

    @property
    def withheld(self) -> int:
        return sum(1 for row in self.rows for cell in row if cell.withheld)

    def plain_rows(self) -> list[list[str | int | float]]:
        """Rows as spreadsheet values: numbers stay numbers, withheld cells read ``[c]``."""
        return [
            [
                SUPPRESSED if cell.withheld else ("" if cell.value is None else cell.value)
                for cell in row
            ]
            for row in self.rows
        ]


def publish(table: Table, protection: Protection) -> PublishedTable:
    """The table as it may be published under ``protection``."""
    cells: list[Cell] = protect(table.counts, table.totals, protection)
    threshold = protection.threshold or 0
    rows = []
    for row in table.rows:
        published: list[PublishedCell] = []
        for value in row:
            if isinstance(value, CountRef):
                cell = cells[value.index]
                published.append(
                    PublishedCell(
                        cell.value,
                        withheld=cell.withheld,
                        small=cell.mark is Mark.PRIMARY,
                        is_count=True,
                    )
                )
            elif isinstance(value, Measure):
                small = protection.suppresses and 0 < table.counts[value.count_index] < threshold
                published.append(
                    PublishedCell(
                        None if small or value.value is None else round(value.value, 1),
                        withheld=small,
                        small=small,
                    )
                )
            else:
                published.append(PublishedCell(value))
        rows.append(published)
    return PublishedTable(table.slug, table.title, table.columns, rows, table.notes, protection)


# Long tables ------------------------------------------------------------------------

type Key = tuple[str, ...]
type SortKey = Callable[[str], Any]


def _natural(value: str) -> Any:
    return value.casefold()


@dataclass(frozen=True)
class Dimension:
    """A column of a long table: its heading, how its values sort, and how its subtotal
    reads (``Total`` unless ``total_label`` says otherwise, given the values to its left)."""

    heading: str
    sort: SortKey = _natural
    total_label: Callable[[Key], str] | None = None


def _subtotal_key(key: Key, depth: int, dimensions: Sequence[Dimension]) -> Key:
    """``key`` with every column from ``depth`` on aggregated."""
    labels = list(key[:depth])
    for position in range(depth, len(key)):
        dimension = dimensions[position]
        if position == depth and dimension.total_label is not None:
            labels.append(dimension.total_label(tuple(key[:depth])))
        else:
            labels.append(TOTAL)
    return tuple(labels)


def long_table(
    *,
    slug: str,
    title: str,
    dimensions: Sequence[Dimension],
    value_heading: str,
    groups: Mapping[Key, int],
    rollup_from: int = 0,
    grand_total: bool = True,
    notes: Iterable[str] = (),
    local: bool = False,
) -> Table:
    """A long table of ``groups`` (one count per combination of the dimensions' values)
    with subtotals over every column from ``rollup_from`` on, each total recorded as an
    equation of the rows beneath it. ``grand_total`` adds the total over every column
    (when ``rollup_from`` is above 0, the columns before it are totalled too)."""
    width = len(dimensions)
    detail = {key: n for key, n in groups.items() if n}
    # (depth, key) -> count; depth = number of columns still specific.
    levels: dict[int, dict[Key, int]] = {width: dict(detail)}
    children: dict[tuple[int, Key], list[Key]] = defaultdict(list)
    for depth in range(width - 1, rollup_from - 1, -1):
        level: dict[Key, int] = defaultdict(int)
        for key, n in levels[depth + 1].items():
            parent = _subtotal_key(key, depth, dimensions)
            if parent not in level:
                children[(depth, parent)] = []
            level[parent] += n
            children[(depth, parent)].append(key)
        levels[depth] = dict(level)
    everything = tuple(TOTAL for _ in range(width))
    if grand_total and rollup_from > 0:
        levels[-1] = {everything: sum(detail.values())}
        children[(-1, everything)] = list(levels[rollup_from])
    if not detail:
        # Nothing to count: the table still says so, with a total of 0.
        levels = {-1: {everything: 0}}
        children = defaultdict(list)

    table = Table(
        slug=slug,
        title=title,
        columns=[d.heading for d in dimensions] + [value_heading],
        notes=list(notes),
        local=local,
    )
    refs: dict[tuple[int, Key], CountRef] = {}
    ordered: list[tuple[Any, int, Key]] = []
    for depth, level in levels.items():
        for key in level:
            ordered.append((_row_sort(key, depth, dimensions), depth, key))
    ordered.sort(key=lambda item: item[0])
    for _sort, depth, key in ordered:
        ref = table.add_count(levels[depth][key])
        refs[(depth, key)] = ref
        table.rows.append([*key, ref])
    for (depth, parent), members in children.items():
        if not members:
            continue
        below = depth + 1 if depth >= 0 else rollup_from
        table.totals.append(
            Total(refs[(depth, parent)].index, tuple(refs[(below, m)].index for m in members))
        )
    return table


def _row_sort(key: Key, depth: int, dimensions: Sequence[Dimension]) -> tuple[Any, ...]:
    """Rows sort column by column; within a group the combinations come first and the
    subtotal after them; the grand total last."""
    if depth < 0:
        return ((1,),)
    parts: list[Any] = []
    for position, value in enumerate(key):
        if position >= depth:
            parts.append((1, ""))
        else:
            parts.append((0, dimensions[position].sort(value)))
    return ((0,), *parts)


# Wide tables ------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """A group of a wide table's columns that adds up to its own total column."""

    heading: str
    parts: tuple[str, ...]


def wide_table(
    *,
    slug: str,
    title: str,
    leading: Sequence[str],
    row_keys: Sequence[tuple[str, ...]],
    bands: Sequence[Band],
    counts: Mapping[tuple[tuple[str, ...], str, str], int],
    total_row: tuple[str, ...] | None,
    notes: Iterable[str] = (),
    local: bool = False,
) -> Table:
    """One row per ``row_keys`` entry (its leading columns), for each band its parts and
    ``<band> - Total``, then a ``Total`` column; ``total_row`` (its leading labels) adds a
    row of column totals. ``counts`` maps (row key, band heading, part) to a count."""
    columns = list(leading)
    for band in bands:
        columns += [f"{band.heading} - {part}" for part in band.parts]
        columns.append(f"{band.heading} - {TOTAL}")
    columns.append(TOTAL)
    table = Table(slug=slug, title=title, columns=columns, notes=list(notes), local=local)
    grid: list[list[CountRef]] = []
    for key in row_keys:
        refs: list[CountRef] = []
        band_totals: list[CountRef] = []
        for band in bands:
            parts = [
                table.add_count(counts.get((key, band.heading, part), 0)) for part in band.parts
            ]
            band_total = table.add_count(sum(table.counts[p.index] for p in parts))
            table.totals.append(Total(band_total.index, tuple(p.index for p in parts)))
            refs += [*parts, band_total]
            band_totals.append(band_total)
        overall = table.add_count(sum(table.counts[b.index] for b in band_totals))
        table.totals.append(Total(overall.index, tuple(b.index for b in band_totals)))
        refs.append(overall)
        grid.append(refs)
        table.rows.append([*key, *refs])
    if total_row is not None and grid:
        column_refs: list[CountRef] = []
        for column in range(len(grid[0])):
            ref = table.add_count(sum(table.counts[row[column].index] for row in grid))
            table.totals.append(Total(ref.index, tuple(row[column].index for row in grid)))
            column_refs.append(ref)
        # The total row adds up across too (its band totals and overall total).
        position = 0
        band_refs = []
        for band in bands:
            parts = column_refs[position : position + len(band.parts)]
            band_ref = column_refs[position + len(band.parts)]
            table.totals.append(Total(band_ref.index, tuple(p.index for p in parts)))
            band_refs.append(band_ref)
            position += len(band.parts) + 1
        table.totals.append(Total(column_refs[-1].index, tuple(b.index for b in band_refs)))
        table.rows.append([*total_row, *column_refs])
    return table
