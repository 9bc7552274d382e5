"""Long and wide tables: every total adds up, in its row and as an equation."""

from hypothesis import given
from hypothesis import strategies as st

from opennrm.statistics.disclosure import NONE
from opennrm.statistics.tables import Band, Dimension, long_table, publish, wide_table


def test_a_rollup_with_a_named_subtotal() -> None:
    table = long_table(
        slug="fr",
        title="First responders",
        dimensions=[
            Dimension("First responder type"),
            Dimension("First responder", total_label=lambda prefix: f"{prefix[0]} total"),
            Dimension("Gender"),
        ],
        value_heading="People",
        groups={
            ("Police", "Kent Police", "Male"): 4,
            ("Police", "Kent Police", "Female"): 1,
            ("Police", "Essex Police", "Male"): 2,
            ("NGO and third sector", "Unseen", "Female"): 3,
        },
        rollup_from=1,
    )
    rows = publish(table, NONE).plain_rows()
    assert rows == [
        ["NGO and third sector", "Unseen", "Female", 3],
        ["NGO and third sector", "Unseen", "Total", 3],
        ["NGO and third sector", "NGO and third sector total", "Total", 3],
        ["Police", "Essex Police", "Male", 2],
        ["Police", "Essex Police", "Total", 2],
        ["Police", "Kent Police", "Female", 1],
        ["Police", "Kent Police", "Male", 4],
        ["Police", "Kent Police", "Total", 5],
        ["Police", "Police total", "Total", 7],
        ["Total", "Total", "Total", 10],
    ]


@given(st.dictionaries(st.tuples(st.sampled_from("ab"), st.sampled_from("xyz")), st.integers(1, 9)))
def test_every_equation_of_a_long_table_adds_up(groups) -> None:
    table = long_table(
        slug="t",
        title="t",
        dimensions=[Dimension("a"), Dimension("b")],
        value_heading="n",
        groups=groups,
    )
    for total in table.totals:
        assert table.counts[total.total] == sum(table.counts[i] for i in total.parts)
    assert publish(table, NONE).plain_rows()[-1] == ["Total", "Total", sum(groups.values())]


def test_a_wide_table_has_band_totals_a_total_column_and_a_total_row() -> None:
    table = wide_table(
        slug="rg",
        title="RG",
        leading=["Year", "Quarter"],
        row_keys=[("2023", "Q1"), ("2023", "Q2")],
        bands=[Band("Adult", ("Negative", "Positive")), Band("Child", ("Negative", "Positive"))],
        counts={
            (("2023", "Q1"), "Adult", "Negative"): 2,
            (("2023", "Q1"), "Child", "Positive"): 5,
            (("2023", "Q2"), "Adult", "Positive"): 1,
        },
        total_row=("2023", "Total"),
    )
    assert table.columns == [
        "Year",
        "Quarter",
        "Adult - Negative",
        "Adult - Positive",
        "Adult - Total",
        "Child - Negative",
        "Child - Positive",
        "Child - Total",
        "Total",
    ]
    assert publish(table, NONE).plain_rows() == [
        ["2023", "Q1", 2, 0, 2, 0, 5, 5, 7],
        ["2023", "Q2", 0, 1, 1, 0, 0, 0, 1],
        ["2023", "Total", 2, 1, 3, 0, 5, 5, 8],
    ]
    for total in table.totals:
        assert table.counts[total.total] == sum(table.counts[i] for i in total.parts)
