"""Spreadsheet cells that cannot run as formulas ("CSV injection", ASVS 5.0 V1.2.10).

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
taken as a formula by Excel, LibreOffice and Google Sheets when an export is opened, and a
formula can run commands or send data away. Such text is written with a leading
apostrophe, which spreadsheets show as plain text. Numbers stay numbers: only text is
changed, so ``-5`` as an integer is still a negative number.

Every CSV, ODS and XLSX writer passes each cell through ``safe_cell`` (or a whole row
through ``safe_row``).
"""

from collections.abc import Iterable
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value to write: text that could start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """``safe_cell`` applied to every cell of a row."""
    return [safe_cell(value) for value in values]
