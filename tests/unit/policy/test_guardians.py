"""Where the guardian service runs, as dated data: checked when loaded, and read by date."""

import csv
from datetime import date
from pathlib import Path

import pytest

from opennrm.policy import PolicyError, load_jurisdiction
from opennrm.policy.guardians import GuardianSupport, guardian_support_kind
from opennrm.policy.rules import jurisdiction_from_toml

UK = load_jurisdiction("uk")
LOCAL_AUTHORITIES = (
    Path(__file__).resolve().parents[3]
    / "src"
    / "opennrm"
    / "core"
    / "reference"
    / "childrens_services_authorities.csv"
)


@pytest.mark.parametrize(
    ("authority", "before", "from_"),
    [
        ("City of Cardiff Council", date(2016, 12, 31), date(2017, 1, 1)),
        ("Manchester City Council", date(2016, 12, 31), date(2017, 1, 1)),
        ("Hampshire County Council", date(2016, 12, 31), date(2017, 1, 1)),
        ("Leeds City Council", date(2020, 12, 31), date(2021, 1, 1)),
        ("London Borough of Camden", date(2020, 12, 31), date(2021, 1, 1)),
    ],
)
def test_areas_are_covered_from_their_dates(authority: str, before: date, from_: date) -> None:
    assert UK.guardian_area_for(authority, before) is None
    assert UK.guardian_area_for(authority, from_) is not None


def test_an_area_without_the_service() -> None:
    assert UK.guardian_area_for("Solihull Metropolitan Borough Council", date(2026, 1, 1)) is None
    assert UK.guardian_area_for(None, date(2026, 1, 1)) is None


@pytest.mark.parametrize("code", ["uk", "uk_reformed"])
def test_every_guardian_authority_is_on_the_local_authority_list(code: str) -> None:
    with LOCAL_AUTHORITIES.open(encoding="utf-8", newline="") as handle:
        known = {row["name"] for row in csv.DictReader(handle)}
    named = {a for area in load_jurisdiction(code).guardian_areas for a in area.authorities}
    assert len(named) > 90
    assert named <= known, sorted(named - known)


def test_every_area_cites_its_source() -> None:
    assert all("MSA 2015 s48" in area.source for area in UK.guardian_areas)


def test_direct_support_when_nobody_holds_parental_responsibility() -> None:
    assert guardian_support_kind(someone_holds_parental_responsibility=False) is (
        GuardianSupport.DIRECT
    )
    assert guardian_support_kind(someone_holds_parental_responsibility=True) is (
        GuardianSupport.INDIRECT
    )


BASE = (Path(__file__).resolve().parents[3] / "src/opennrm/policy/data/uk.toml").read_text()


def _with(areas: str) -> str:
    head = BASE.split("[[guardian_areas]]", 1)[0]
    return head + areas


@pytest.mark.parametrize(
    ("areas", "message"),
    [
        (
            '[[guardian_areas]]\nname = "A"\nfrom = 2021-01-01\nsource = "s"\nauthorities = []\n',
            "list each local authority once",
        ),
        (
            '[[guardian_areas]]\nname = "A"\nfrom = 2021-01-01\nto = 2020-01-01\nsource = "s"\n'
            'authorities = ["X"]\n',
            "ends",
        ),
        (
            '[[guardian_areas]]\nname = "A"\nfrom = 2021-01-01\nsource = "s"\nauthorities = ["X"]\n'
            'colour = "red"\n',
            "unknown keys",
        ),
        (
            '[[guardian_areas]]\nname = "A"\nfrom = 2021-01-01\nsource = "s"\n'
            'authorities = ["X"]\n[[guardian_areas]]\nname = "B"\nfrom = 2022-01-01\n'
            'source = "s"\nauthorities = ["X"]\n',
            "also in 'A'",
        ),
        (
            '[[guardian_areas]]\nname = "A"\nfrom = "soon"\nsource = "s"\nauthorities = ["X"]\n',
            "expected a date",
        ),
    ],
)
def test_malformed_areas_are_refused(areas: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        jurisdiction_from_toml(_with(areas), code="uk")


def test_a_file_that_extends_another_keeps_its_areas_unless_it_lists_its_own() -> None:
    reformed = load_jurisdiction("uk_reformed")
    assert reformed.guardian_areas == UK.guardian_areas
