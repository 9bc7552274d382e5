"""Who a child's referral names as its local authority: only bodies with children's
services duties, as classified data derived from the Home Office form's list."""

import csv
from pathlib import Path

from opennrm.core import reference_data

REFERENCE = Path(reference_data.__file__).parent / "reference"


def read(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


FORM_LIST = {row["name"] for row in read("uk_local_authorities.csv")}
OFFERED = read("childrens_services_authorities.csv")
EXCLUDED = read("local_authorities_without_childrens_services.csv")

KINDS = {
    "england": {"county", "unitary", "metropolitan_borough", "london_borough", "sui_generis"},
    "wales": {"principal_council"},
    "scotland": {"council"},
    "northern_ireland": {"hsc_trust"},
}


def test_every_name_on_the_forms_list_is_classified_once() -> None:
    offered = {row["name"] for row in OFFERED}
    excluded = {row["name"] for row in EXCLUDED}
    assert not offered & excluded
    assert offered | excluded >= FORM_LIST, sorted(FORM_LIST - offered - excluded)
    assert excluded <= FORM_LIST


def test_every_entry_exists_on_the_forms_list_or_cites_the_law_that_made_it() -> None:
    for row in OFFERED:
        if row["source"] == "reference list":
            assert row["name"] in FORM_LIST, row
        else:
            assert "Order" in row["source"] and (
                "SI 20" in row["source"] or "1995" in row["source"]
            ), row


def test_no_district_abolished_combined_or_northern_irish_council_remains() -> None:
    names = set(reference_data.childrens_services_authority_names())
    for row in EXCLUDED:
        assert row["reason"] in {
            "district",
            "abolished",
            "combined_authority",
            "strategic_authority",
            "northern_ireland_council",
        }
        assert row["name"] not in names
    for gone in (
        "Aylesbury Vale District Council",
        "North Yorkshire County Council",
        "Cumbria County Council",
        "Bournemouth",
        "Greater London Authority",
        "Belfast City Council",
        "West Midlands Combined Authority",
        "East Suffolk Council",
    ):
        assert gone not in names


def test_abolished_councils_name_successors_that_are_offered() -> None:
    names = set(reference_data.childrens_services_authority_names())
    for row in EXCLUDED:
        for successor in filter(None, (s.strip() for s in row["replaced_by"].split(";"))):
            assert successor in names, row


def test_each_nation_has_its_authorities_and_kinds() -> None:
    by_nation: dict[str, int] = {}
    for authority in reference_data.childrens_services_authorities():
        assert authority.kind in KINDS[authority.nation], authority
        by_nation[authority.nation] = by_nation.get(authority.nation, 0) + 1
    # 153 English authorities with children's services; 22 Welsh and 32 Scottish
    # councils; Northern Ireland's five Health and Social Care Trusts.
    assert by_nation == {"england": 153, "wales": 22, "scotland": 32, "northern_ireland": 5}


def test_the_list_is_sorted_as_a_reader_expects() -> None:
    names = list(reference_data.childrens_services_authority_names())
    assert names == sorted(names, key=reference_data.sort_key)
    assert names.index("The Highland Council") < names.index("Isle of Anglesey County Council")
