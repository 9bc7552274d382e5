"""Release files: ODS and XLSX parsed back (cover sheet, contents, notes, one table per
sheet with its header row, no merged cells, numbers as numbers, formula-safe text), CSV,
and export_statistics with its errors (nothing half-written)."""

import csv
import io
import os
import zipfile

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from odf import opendocument
from odf.table import Table, TableCell, TableRow
from odf.text import P

from opennrm.accounts.models import Organisation
from opennrm.audit.models import AuditEvent
from opennrm.statistics.release import TABLES
from tests.integration.statistics.fixture import hand_year

pytestmark = pytest.mark.django_db

SHEETS = ["Cover_sheet", "Table_of_contents", "Notes"] + [f"Table_{i}" for i in range(1, 12)]


def export(tmp_path, *arguments: str) -> str:
    err = io.StringIO()
    call_command("export_statistics", *arguments, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def ods_rows(sheet) -> list[list[object]]:
    rows = []
    for row in sheet.getElementsByType(TableRow):
        values: list[object] = []
        for cell in row.getElementsByType(TableCell):
            assert not cell.getAttribute("numbercolumnsspanned"), "merged cells"
            if cell.getAttribute("valuetype") == "float":
                values.append(float(cell.getAttribute("value")))
            else:
                values.append("".join(str(p) for p in cell.getElementsByType(P)))
        rows.append(values)
    return rows


@pytest.fixture
def year(demo):
    hand_year(demo)
    # A first responder published under a name that would be a formula in a spreadsheet.
    Organisation.objects.filter(name="The Salvation Army").update(published_label="=HYPERLINK(1)")


def test_the_whole_release_as_ods(tmp_path, year) -> None:
    target = tmp_path / "release.ods"
    progress = export(
        tmp_path, "--table", "all", "--period", "2023", "--format", "ods", "--output", str(target)
    )
    assert "100% (11/11)" in progress
    document = opendocument.load(str(target))
    sheets = {s.getAttribute("name"): s for s in document.spreadsheet.getElementsByType(Table)}
    assert list(sheets) == SHEETS
    cover = ods_rows(sheets["Cover_sheet"])
    assert cover[0] == ["National Referral Mechanism statistics, 2023"]
    assert ["Period covered", "2023"] in cover
    contents = ods_rows(sheets["Table_of_contents"])
    assert contents[1] == ["Sheet name", "Table title"]
    assert [row[0] for row in contents[2:]] == SHEETS[3:]
    notes = ods_rows(sheets["Notes"])
    assert notes[1] == ["Note number", "Note text"]
    assert notes[2][1].startswith("[c] means the count is withheld")
    over_time = ods_rows(sheets["Table_1"])
    assert over_time[0][0].startswith("NRM referrals by age at exploitation")
    assert over_time[2] == [
        "Year",
        "Quarter",
        "Age at exploitation",
        "Location of exploitation",
        "NRM referrals",
    ]
    assert over_time[3] == ["2023", "Q1", "Adult (18 or over)", "UK", 1.0]
    assert over_time[-1] == ["Total", "Total", "Total", "Total", 6.0]
    first_responders = ods_rows(sheets["Table_2"])
    assert any(row[1] == "'=HYPERLINK(1)" for row in first_responders[3:])
    assert all(row for row in over_time), "no blank rows"


def test_the_whole_release_as_xlsx(tmp_path, year) -> None:
    target = tmp_path / "release.xlsx"
    export(
        tmp_path, "--table", "all", "--period", "2023", "--format", "xlsx", "--output", str(target)
    )
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert not sheet.merged_cells.ranges, f"merged cells on {sheet.title}"
    rg = book["Table_3"]
    assert rg["A3"].value == "Year"
    assert rg["C3"].value == "Adult (18 or over) - Negative reasonable grounds"
    assert [c.value for c in rg[8]] == ["2023", "Total", 1, 2, 3, 0, 1, 1, 0, 0, 0, 4]
    assert isinstance(rg["L8"].value, int)
    assert "Table_3" in rg.tables
    cells = [c.value for row in book["Table_2"].iter_rows() for c in row]
    assert "'=HYPERLINK(1)" in cells
    assert not any(isinstance(v, str) and v.startswith("=") for v in cells)


def test_one_table_as_csv_and_the_release_as_a_zip(tmp_path, year) -> None:
    target = tmp_path / "dtn.csv"
    export(
        tmp_path,
        "--table",
        "duty-to-notify",
        "--period",
        "2023",
        "--format",
        "csv",
        "--output",
        str(target),
    )
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert rows == [["Nationality", "Total"], ["Albanian", "1"], ["Eritrean", "1"], ["Total", "2"]]
    archive = tmp_path / "release.zip"
    export(
        tmp_path,
        "--table",
        "all",
        "--period",
        "2023-Q2",
        "--format",
        "csv",
        "--output",
        str(archive),
    )
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
    assert names[:3] == ["cover_sheet.csv", "table_of_contents.csv", "notes.csv"]
    assert {f"{slug}.csv" for slug in TABLES} == set(names[3:])


def test_protected_exports_withhold_small_counts_and_are_audited(tmp_path, year) -> None:
    target = tmp_path / "local.csv"
    export(
        tmp_path,
        "--table",
        "referrals-by-local-authority",
        "--period",
        "2023",
        "--format",
        "csv",
        "--output",
        str(target),
        "--threshold",
        "5",
    )
    text = target.read_text(encoding="utf-8-sig")
    assert "[c]" in text
    event = AuditEvent.objects.filter(action="statistics.exported").latest("id")
    assert event.object_id == "referrals-by-local-authority"
    assert event.payload == {
        "period": "2023",
        "format": "csv",
        "threshold": 5,
        "protect_all": False,
        "rounding": 0,
    }


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--period", "2023-Q5"], "not a period"),
        (["--period", "1999"], "NRM began"),
        (["--table", "everything"], "no table called"),
        (["--threshold", "0"], "1 or more"),
        (["--area", "Atlantis"], "No area is called"),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(tmp_path, demo, arguments, message) -> None:
    target = tmp_path / "release.ods"
    base = {"--table": "all", "--period": "2023", "--format": "ods", "--output": str(target)}
    for flag, value in zip(arguments[::2], arguments[1::2], strict=True):
        base[flag] = value
    with pytest.raises(CommandError, match=message):
        call_command(
            "export_statistics",
            *[x for pair in base.items() for x in pair],
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_path_leaves_no_file(tmp_path, demo) -> None:
    missing = tmp_path / "no-such-folder" / "release.ods"
    with pytest.raises(CommandError, match="does not exist"):
        export(
            tmp_path,
            "--table",
            "all",
            "--period",
            "2023",
            "--format",
            "ods",
            "--output",
            str(missing),
        )
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            # Running as root: permissions do not stop writes, so make the path a folder.
            target = locked
            expected = "is a folder"
        else:
            target = locked / "release.ods"
            expected = "Cannot write"
        with pytest.raises(CommandError, match=expected):
            export(
                tmp_path,
                "--table",
                "all",
                "--period",
                "2023",
                "--format",
                "ods",
                "--output",
                str(target),
            )
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)
