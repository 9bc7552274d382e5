"""Disclosure control: no published count below the threshold, and no withheld count that
a single total gives away."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from opennrm.statistics.disclosure import (
    DisclosureError,
    Mark,
    Protection,
    Total,
    grid_totals,
    protect,
    round_to,
    suppress,
)
from opennrm.statistics.tables import Dimension, long_table, publish


def grid_values(cells: list[list[int]]) -> list[int]:
    values = []
    for row in cells:
        values += [*row, sum(row)]
    columns = len(cells[0])
    values += [sum(row[c] for row in cells) for c in range(columns)] + [
        sum(sum(row) for row in cells)
    ]
    return values


grids = st.integers(1, 6).flatmap(
    lambda columns: st.lists(
        st.lists(st.integers(0, 40), min_size=columns, max_size=columns), min_size=1, max_size=7
    )
)


def assert_protected(values: list[int], totals: list[Total], marks: list[Mark], k: int) -> None:
    for value, mark in zip(values, marks, strict=True):
        if mark is Mark.PUBLISHED:
            assert value == 0 or value >= k, "a small count was published"
    for total in totals:
        withheld = [i for i in (total.total, *total.parts) if marks[i] is not Mark.PUBLISHED]
        assert len(withheld) != 1, "a withheld count can be worked out from one total"


@given(grids, st.integers(2, 15))
def test_grids_are_protected(cells, threshold) -> None:
    values = grid_values(cells)
    totals = grid_totals(len(cells), len(cells[0]))
    for total in totals:
        assert values[total.total] == sum(values[i] for i in total.parts)
    marks = suppress(values, totals, threshold)
    assert_protected(values, totals, marks, threshold)


@given(
    st.dictionaries(
        st.tuples(st.sampled_from("ABC"), st.sampled_from("xyz"), st.sampled_from("pq")),
        st.integers(1, 30),
        min_size=1,
    ),
    st.integers(2, 12),
)
def test_rolled_up_long_tables_are_protected(groups, threshold) -> None:
    table = long_table(
        slug="t",
        title="t",
        dimensions=[Dimension("a"), Dimension("b"), Dimension("c")],
        value_heading="n",
        groups=groups,
    )
    for total in table.totals:
        assert table.counts[total.total] == sum(table.counts[i] for i in total.parts)
    marks = suppress(table.counts, table.totals, threshold)
    assert_protected(table.counts, table.totals, marks, threshold)
    published = publish(table, Protection(threshold=threshold))
    shown = [c for row in published.rows for c in row if c.is_count and not c.withheld]
    assert all(c.value == 0 or c.value >= threshold for c in shown)


def test_a_small_count_and_its_complement_are_withheld() -> None:
    # 3 | 20 | 23 ; 12 | 30 | 42 ; 15 | 50 | 65
    values = grid_values([[3, 20], [12, 30]])
    marks = suppress(values, grid_totals(2, 2), 10)
    assert marks[0] is Mark.PRIMARY
    # Its row and column each lose one more: the smallest other count in each.
    assert marks[3] is Mark.SECONDARY  # 12, same column
    assert marks[1] is Mark.SECONDARY  # 20, same row
    assert marks[4] is Mark.SECONDARY  # 30: row 2 and column 2 would give 12 and 20 away
    cells = protect(values, grid_totals(2, 2), Protection(threshold=10))
    assert [c.text for c in cells] == ["[c]", "[c]", "23", "[c]", "[c]", "42", "15", "50", "65"]


def test_national_tables_publish_everything() -> None:
    cells = protect([1, 2, 3], [Total(2, (0, 1))], Protection(threshold=None))
    assert [c.value for c in cells] == [1, 2, 3]


@pytest.mark.parametrize("threshold", [0, -3])
def test_a_threshold_below_one_is_refused(threshold) -> None:
    with pytest.raises(DisclosureError, match="1 or more"):
        Protection(threshold=threshold)
    with pytest.raises(DisclosureError):
        suppress([1], [], threshold)


def test_rounding_after_suppression() -> None:
    assert [round_to(v, 5) for v in (0, 2, 3, 12, 13)] == [0, 0, 5, 10, 15]
    cells = protect([12, 36, 48], [Total(2, (0, 1))], Protection(threshold=10, rounding=5))
    assert [c.value for c in cells] == [10, 35, 50]
