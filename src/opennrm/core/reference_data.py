"""The reference lists used by the live UK referral form, and OpenNRM's classification of
the local authorities on it.

They are read once per process and kept in memory: they are small and change only with a
release.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _read_rows(filename: str) -> list[dict[str, str]]:
    path = Path(settings.REFERENCE_DATA_DIR) / filename
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return [
                {key: (value or "").strip() for key, value in row.items()}
                for row in csv.DictReader(handle)
                if row.get("name")
            ]
    except FileNotFoundError:
        raise ImproperlyConfigured(
            f"Reference list {path} is missing: set OPENNRM_REFERENCE_DATA_DIR."
        ) from None


def _read_names(filename: str) -> tuple[str, ...]:
    return tuple(row["name"] for row in _read_rows(filename))


@dataclass(frozen=True)
class ChildrensServicesAuthority:
    """A body with children's services duties: who must be told about a child.

    ``kind`` is county, unitary, metropolitan_borough, london_borough or sui_generis in
    England, principal_council in Wales, council in Scotland, hsc_trust in Northern
    Ireland. ``source`` is "reference list" for a name on the Home Office form's list, or
    the law that created a body the list does not have yet.
    """

    name: str
    nation: str
    kind: str
    source: str


@cache
def first_responder_organisation_names() -> tuple[str, ...]:
    return _read_names("first_responder_organisations.csv")


@cache
def local_authority_names() -> tuple[str, ...]:
    """Every name on the Home Office form's list, including district councils, combined
    authorities and abolished councils (see ``childrens_services_authority_names``)."""
    return _read_names("uk_local_authorities.csv")


@cache
def childrens_services_authorities() -> tuple[ChildrensServicesAuthority, ...]:
    """The authorities with children's services duties, sorted by name (ignoring a leading
    "The"): county and unitary councils, metropolitan and London boroughs, Welsh and
    Scottish councils, and Northern Ireland's Health and Social Care Trusts."""
    rows = [
        ChildrensServicesAuthority(row["name"], row["nation"], row["kind"], row["source"])
        for row in _read_rows("childrens_services_authorities.csv")
    ]
    return tuple(sorted(rows, key=lambda a: sort_key(a.name)))


@cache
def childrens_services_authority_names() -> tuple[str, ...]:
    """The names a child's referral may give as its local authority, sorted."""
    return tuple(authority.name for authority in childrens_services_authorities())


def sort_key(name: str) -> str:
    """Alphabetical order as a reader expects it: "The Highland Council" under H."""
    return name.removeprefix("The ").casefold()


@cache
def region_names() -> tuple[str, ...]:
    """UK counties and regions, for where the person is staying now."""
    return _read_names("uk_counties_and_regions.csv")


@cache
def nationality_names() -> tuple[str, ...]:
    """Demonyms as used by the official statistics (``UK``, ``Albanian``, ``Unknown``…)."""
    return _read_names("nationalities.csv")


@cache
def country_names() -> tuple[str, ...]:
    return _read_names("countries.csv")


@cache
def police_force_names() -> tuple[str, ...]:
    return _read_names("uk_police_forces.csv")
