"""Releases as files, following the UK Analysis Function's guidance for releasing
statistics in spreadsheets: a cover sheet, a table of contents and a notes sheet, then one
table per sheet, each starting with its title, with one header row directly above its data,
no merged cells, no blank rows inside a table, numbers stored as numbers and ``[c]`` for a
withheld count (explained in the notes).

- **ODS** (OpenDocument, the format UK official statistics are published in) with odfpy;
- **XLSX** with XlsxWriter (each table also marked as an Excel table, with its header row);
- **CSV**, one table per file: a single table, or for a whole release a ZIP of one CSV per
  table with the cover, contents and notes as CSVs too.

Every cell goes through ``core.exports.safe_cell`` so that no text can run as a formula.
Files are written to a temporary file beside the destination and renamed into place: an
error leaves no partial file behind.
"""

import csv
import io
import os
import tempfile
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

import xlsxwriter
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableColumnProperties, TextProperties
from odf.table import Table as OdsTable
from odf.table import TableCell, TableColumn, TableRow
from odf.text import P

from opennrm.core.exports import safe_cell, safe_row
from opennrm.statistics.disclosure import SUPPRESSED
from opennrm.statistics.tables import PublishedTable


class Format(StrEnum):
    CSV = "csv"
    ODS = "ods"
    XLSX = "xlsx"


CONTENT_TYPES = {
    Format.CSV: "text/csv",
    Format.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
ZIP_CONTENT_TYPE = "application/zip"


class ExportError(Exception):
    """The file could not be written (the message says where and why)."""


@dataclass(frozen=True)
class Release:
    """What a release file holds: its tables and what the cover sheet says about them."""

    title: str
    period_title: str
    produced_on: date
    tables: Sequence[PublishedTable]
    protection_note: str
    area_note: str = ""


def sheet_name(position: int) -> str:
    """``Table_1``…: short names without spaces, as the guidance asks."""
    return f"Table_{position}"


def _notes(release: Release) -> list[tuple[str, str]]:
    """(note number, text) for the notes sheet: the conventions, then each table's notes."""
    notes = [
        (
            "Note 1",
            f"{SUPPRESSED} means the count is withheld to protect the people it describes: "
            "a count below the threshold, or one that would let a small count be worked out "
            "from a total.",
        ),
        ("Note 2", "Total means every value of that column; a subtotal names what it adds up."),
    ]
    seen: set[str] = {text for _, text in notes}
    for table in release.tables:
        for text in table.notes:
            if text not in seen:
                seen.add(text)
                notes.append((f"Note {len(notes) + 1}", text))
    return notes


def _cover(release: Release) -> list[list[str]]:
    rows = [
        [release.title],
        ["Period covered", release.period_title],
        ["Produced", release.produced_on.strftime("%-d %B %Y")],
        ["Source", "OpenNRM case data: referrals, Duty to Notify reports, cases and decisions."],
        [
            "About these tables",
            "Counted straight from the case records: referrals by the date received, "
            "decisions by the date made, in UK time.",
        ],
        ["Disclosure control", release.protection_note],
    ]
    if release.area_note:
        rows.append(["Area", release.area_note])
    rows.append(["Contents", "The Table_of_contents sheet lists every table in this file."])
    return rows


def _contents(release: Release) -> list[list[str]]:
    return [
        [sheet_name(position), table.title]
        for position, table in enumerate(release.tables, start=1)
    ]


def _table_preamble(table: PublishedTable) -> list[list[str]]:
    """The lines above a table's header row."""
    return [
        [table.title],
        ["This worksheet contains one table. Notes are on the Notes worksheet."],
    ]


# ODS --------------------------------------------------------------------------------


class _OdsBook:
    def __init__(self) -> None:
        self.document = OpenDocumentSpreadsheet()
        self.bold = Style(name="Heading", family="table-cell")
        self.bold.addElement(TextProperties(fontweight="bold"))
        self.document.automaticstyles.addElement(self.bold)
        self.wide = Style(name="Wide", family="table-column")
        self.wide.addElement(TableColumnProperties(columnwidth="6cm"))
        self.document.automaticstyles.addElement(self.wide)

    def sheet(self, name: str, rows: Sequence[Sequence[Any]], header_row: int | None) -> None:
        sheet = OdsTable(name=name)
        width = max((len(row) for row in rows), default=1)
        for _ in range(width):
            sheet.addElement(TableColumn(stylename=self.wide))
        for number, row in enumerate(rows):
            element = TableRow()
            heading = number == 0 or number == header_row
            for value in safe_row(row):
                element.addElement(self._cell(value, heading))
            sheet.addElement(element)
        self.document.spreadsheet.addElement(sheet)

    def _cell(self, value: Any, heading: bool) -> TableCell:
        attributes: dict[str, Any] = {"stylename": self.bold} if heading else {}
        if isinstance(value, bool) or not isinstance(value, int | float):
            cell = TableCell(valuetype="string", **attributes)
            cell.addElement(P(text="" if value is None else str(value)))
        else:
            cell = TableCell(valuetype="float", value=value, **attributes)
            cell.addElement(P(text=f"{value:g}" if isinstance(value, float) else str(value)))
        return cell

    def save(self, stream: BinaryIO) -> None:
        self.document.write(stream)


def write_ods(release: Release, stream: BinaryIO) -> None:
    book = _OdsBook()
    book.sheet("Cover_sheet", _cover(release), None)
    book.sheet(
        "Table_of_contents", [["Contents"], ["Sheet name", "Table title"], *_contents(release)], 1
    )
    book.sheet("Notes", [["Notes"], ["Note number", "Note text"], *_notes(release)], 1)
    for position, table in enumerate(release.tables, start=1):
        preamble = _table_preamble(table)
        book.sheet(
            sheet_name(position),
            [*preamble, table.columns, *table.plain_rows()],
            len(preamble),
        )
    book.save(stream)


# XLSX -------------------------------------------------------------------------------


def write_xlsx(release: Release, stream: BinaryIO) -> None:
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})

    def simple(name: str, rows: Sequence[Sequence[Any]], header_row: int | None) -> Any:
        sheet = workbook.add_worksheet(name)
        for number, row in enumerate(rows):
            style = bold if number == 0 or number == header_row else None
            for column, value in enumerate(safe_row(row)):
                sheet.write(number, column, "" if value is None else value, style)
        return sheet

    cover = simple("Cover_sheet", _cover(release), None)
    cover.set_column(0, 0, 24)
    cover.set_column(1, 1, 90, wrap)
    contents = simple(
        "Table_of_contents", [["Contents"], ["Sheet name", "Table title"], *_contents(release)], 1
    )
    contents.set_column(0, 0, 20)
    contents.set_column(1, 1, 100)
    notes = simple("Notes", [["Notes"], ["Note number", "Note text"], *_notes(release)], 1)
    notes.set_column(0, 0, 14)
    notes.set_column(1, 1, 100, wrap)
    for position, table in enumerate(release.tables, start=1):
        sheet = workbook.add_worksheet(sheet_name(position))
        preamble = _table_preamble(table)
        for number, row in enumerate(preamble):
            sheet.write(number, 0, safe_cell(row[0]), bold if number == 0 else None)
        first = len(preamble)
        rows = table.plain_rows()
        columns = [str(safe_cell(c)) for c in table.columns]
        # An Excel table: its header row is the columns, each written as text.
        sheet.add_table(
            first,
            0,
            first + max(len(rows), 1),
            len(columns) - 1,
            {
                "name": sheet_name(position),
                "columns": [{"header": heading} for heading in columns],
                "style": "Table Style Light 1",
                "autofilter": False,
                "data": [safe_row(row) for row in rows] or [[""] * len(columns)],
            },
        )
        sheet.set_column(0, len(columns) - 1, 22)
    workbook.close()


# CSV --------------------------------------------------------------------------------


def rows_csv(rows: Sequence[Sequence[Any]]) -> bytes:
    """Rows as CSV, every cell formula-safe."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    for row in rows:
        writer.writerow(safe_row(row))
    # A byte order mark so that spreadsheets read the text as UTF-8.
    return text.getvalue().encode("utf-8-sig")


def table_csv(table: PublishedTable) -> bytes:
    """One table as CSV: its header row, then its rows."""
    return rows_csv([table.columns, *table.plain_rows()])


def write_csv(release: Release, stream: BinaryIO) -> None:
    """One table: the table itself. Several: a ZIP of one CSV per table, with the cover,
    contents and notes beside them."""
    if len(release.tables) == 1:
        stream.write(table_csv(release.tables[0]))
        return
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("cover_sheet.csv", rows_csv(_cover(release)))
        archive.writestr(
            "table_of_contents.csv",
            rows_csv(
                [
                    ["File name", "Table title"],
                    *[[f"{table.slug}.csv", table.title] for table in release.tables],
                ]
            ),
        )
        archive.writestr("notes.csv", rows_csv([["Note number", "Note text"], *_notes(release)]))
        for table in release.tables:
            archive.writestr(f"{table.slug}.csv", table_csv(table))


WRITERS: dict[Format, Callable[[Release, BinaryIO], None]] = {
    Format.CSV: write_csv,
    Format.ODS: write_ods,
    Format.XLSX: write_xlsx,
}


def content_type(release: Release, file_format: Format) -> str:
    if file_format is Format.CSV and len(release.tables) > 1:
        return ZIP_CONTENT_TYPE
    return CONTENT_TYPES[file_format]


def file_extension(release: Release, file_format: Format) -> str:
    if file_format is Format.CSV and len(release.tables) > 1:
        return "zip"
    return file_format.value


def render(release: Release, file_format: Format) -> bytes:
    """The release as the bytes of one file."""
    stream = io.BytesIO()
    WRITERS[file_format](release, stream)
    return stream.getvalue()


def write_file(release: Release, file_format: Format, destination: Path) -> Path:
    """Write the release to ``destination`` atomically: the whole file, or no file."""
    destination = destination.expanduser()
    folder = destination.parent if str(destination.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"Cannot write {destination}: the folder {folder} does not exist")
    if destination.is_dir():
        raise ExportError(f"Cannot write {destination}: it is a folder, not a file name")
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{destination.name}.", suffix=".partial", dir=folder
        )
    except OSError as error:
        raise ExportError(f"Cannot write to {folder}: {error.strerror}") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            WRITERS[file_format](release, stream)
        os.chmod(temporary, 0o644)
        os.replace(temporary, destination)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise ExportError(f"Cannot write {destination}: {error.strerror}") from error
        raise
    return destination
