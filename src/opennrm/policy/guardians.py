"""Where an independent child trafficking guardian (ICTG) service is available, as dated data.

The guardian service was introduced area by area (early adopters from 2017, more areas from
2021), so whether a child can be referred to it depends on their local authority and the
date. A jurisdiction's data file lists ``[[guardian_areas]]``: each names the local
authorities it covers (exactly as on the referral form's list), the day from which the
service runs there (and, optionally, the last day), and its source. Pure: no Django.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

__all__ = [
    "GuardianArea",
    "GuardianSupport",
    "guardian_support_kind",
    "parse_guardian_areas",
]

_AREA_KEYS = frozenset({"name", "from", "to", "authorities", "source"})


class GuardianSupport(StrEnum):
    """How a guardian supports a child (the two kinds of ICTG support).

    *Direct* guardians work one-to-one with a child for whom nobody in the UK holds
    parental responsibility; *indirect* support (regional practice co-ordinators) works
    with the professionals around a child who has someone with parental responsibility.
    """

    DIRECT = "direct"
    INDIRECT = "indirect"


def guardian_support_kind(*, someone_holds_parental_responsibility: bool) -> GuardianSupport:
    """Which kind of guardian support a child is referred for."""
    if someone_holds_parental_responsibility:
        return GuardianSupport.INDIRECT
    return GuardianSupport.DIRECT


@dataclass(frozen=True)
class GuardianArea:
    """An area where the guardian service runs, and the local authorities it covers."""

    name: str
    effective_from: date
    effective_to: date | None
    authorities: frozenset[str]
    source: str

    def covers(self, local_authority: str, on: date) -> bool:
        """Whether a child of ``local_authority`` can be referred to the service on ``on``."""
        in_force = self.effective_from <= on and (
            self.effective_to is None or on <= self.effective_to
        )
        return in_force and local_authority in self.authorities


class GuardianDataError(ValueError):
    """The guardian areas in a data file are malformed (``PolicyError`` wraps it)."""


def _date(value: object, where: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise GuardianDataError(f"{where}: expected a date such as 2021-06-01, got {value!r}.")
    return value


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise GuardianDataError(f"{where}: expected some text, got {value!r}.")
    return value


def parse_guardian_areas(code: str, raw: object) -> tuple[GuardianArea, ...]:
    """Check and build the guardian areas of a data file.

    Refused: unknown keys, an area without authorities or source, an end before the
    start, and an authority covered by two areas at the same time.
    """
    if raw is None:
        return ()
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        raise GuardianDataError(f"{code}: guardian_areas must be a list of tables.")
    areas: list[GuardianArea] = []
    names: set[str] = set()
    for number, entry in enumerate(raw, start=1):
        where = f"{code}: guardian_areas {number}"
        if not isinstance(entry, Mapping):
            raise GuardianDataError(f"{where}: expected a table.")
        table: Mapping[str, Any] = entry
        unknown = set(table) - _AREA_KEYS
        if unknown:
            raise GuardianDataError(f"{where}: unknown keys {sorted(unknown)}.")
        name = _text(table.get("name"), f"{where} 'name'")
        where = f"{code}: guardian area {name!r}"
        if name in names:
            raise GuardianDataError(f"{where}: two areas have this name.")
        names.add(name)
        starts = _date(table.get("from"), f"{where} 'from'")
        ends = _date(table["to"], f"{where} 'to'") if "to" in table else None
        if ends is not None and ends < starts:
            raise GuardianDataError(f"{where}: ends ({ends}) before it starts ({starts}).")
        raw_authorities = table.get("authorities")
        if not isinstance(raw_authorities, Sequence) or isinstance(raw_authorities, str):
            raise GuardianDataError(f"{where}: 'authorities' must be a list of names.")
        authorities = [_text(a, f"{where} authority") for a in raw_authorities]
        if not authorities or len(set(authorities)) != len(authorities):
            raise GuardianDataError(f"{where}: list each local authority once.")
        area = GuardianArea(
            name=name,
            effective_from=starts,
            effective_to=ends,
            authorities=frozenset(authorities),
            source=_text(table.get("source"), f"{where} 'source'"),
        )
        for other in areas:
            overlap = (other.effective_to is None or starts <= other.effective_to) and (
                ends is None or other.effective_from <= ends
            )
            shared = area.authorities & other.authorities
            if overlap and shared:
                raise GuardianDataError(
                    f"{where}: {sorted(shared)[0]!r} is also in {other.name!r} at the same "
                    "time; end one area before the other starts."
                )
        areas.append(area)
    return tuple(areas)
