"""A jurisdiction's NRM rules as dated versions, loaded from a TOML data file.

``load_jurisdiction("uk").rules_on(day)`` gives the rules in force on ``day``, so every case
is decided under the law that applied at the right date. A change in the law is a new dated
version in ``data/<code>.toml``, never a code change (ADR 0002).

In the data each rule is its own timeline of versions ``{from, to?, value, source}``. On load
the timelines are checked (each starts on the jurisdiction's ``rules_from`` date, no gaps,
no overlaps, values of the right type) and merged into whole-jurisdiction versions: a
``RuleSet`` for every interval in which no rule changes.
"""

import re
import tomllib
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

__all__ = [
    "DATA_DIR",
    "RULE_NAMES",
    "DatedValue",
    "Jurisdiction",
    "PanelPhase",
    "PanelSite",
    "PolicyError",
    "RuleSet",
    "RuleValue",
    "jurisdiction_from_toml",
    "load_jurisdiction",
    "parse_jurisdiction",
]

DATA_DIR = Path(__file__).parent / "data"

type RuleValue = str | int | bool | None

# Each dated rule: the type of its value and whether a version may leave the value out
# (meaning "no such rule in force", e.g. no reconsideration window before February 2024).
_RULE_TYPES: dict[str, tuple[type, bool]] = {
    "rg_threshold": (str, False),
    "cg_standard": (str, False),
    "ca_rg_target_working_days": (int, False),
    "panel_rg_target_days": (int, True),
    "recovery_period_days": (int, False),
    "reconsideration_window_days": (int, True),
    "review_negative_rg": (bool, False),
    "review_negative_cg": (bool, False),
    "panel_min_days_before_18th_birthday": (int, True),
}
RULE_NAMES: tuple[str, ...] = tuple(_RULE_TYPES)

_TOP_LEVEL_KEYS = frozenset(
    {"jurisdiction", "name", "competent_authority", "rules_from", "rules", "panel_phases"}
)
_VERSION_KEYS = frozenset({"from", "to", "value", "source"})
_PHASE_KEYS = frozenset({"name", "from", "source", "note", "sites"})
_SITE_KEYS = frozenset({"name", "from", "to", "authorities"})
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class PolicyError(Exception):
    """The rule data is wrong, or a rule was asked for a date it does not cover."""


@dataclass(frozen=True)
class DatedValue:
    """One version of one rule: its value from ``effective_from`` to ``effective_to``
    (both inclusive; ``None`` means still in force), and the source in law or guidance."""

    effective_from: date
    effective_to: date | None
    value: RuleValue
    source: str

    def covers(self, on: date) -> bool:
        """Whether this version was in force on ``on``."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class RuleSet:
    """The whole set of rules in force from ``effective_from`` to ``effective_to``
    (inclusive; ``None`` while still in force). Nothing changes inside that interval."""

    effective_from: date
    effective_to: date | None
    # The reasonable-grounds (first-stage) threshold as the decision maker must apply it.
    rg_threshold: str
    # The conclusive-grounds standard of proof.
    cg_standard: str
    # The competent authority's RG target: this many working days after the day of receipt.
    ca_rg_target_working_days: int
    # A devolved child panel's RG target in calendar days after receipt; None: no panels.
    panel_rg_target_days: int | None
    # The recovery and reflection period a positive RG decision starts, in days.
    recovery_period_days: int
    # Calendar days after a decision to ask for reconsideration; None: no limit was set.
    reconsideration_window_days: int | None
    # Whether negative RG / CG decisions go to independent review before being issued.
    review_negative_rg: bool
    review_negative_cg: bool
    # A devolved panel decides only for children more than this many days from their 18th
    # birthday on the referral date; None: no such limit.
    panel_min_days_before_18th_birthday: int | None

    def covers(self, on: date) -> bool:
        """Whether this set of rules was in force on ``on``."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class PanelSite:
    """A devolved child decision-making panel site and the local authorities it covers,
    named exactly as in the referral form's list of local authorities."""

    name: str
    phase: str
    effective_from: date
    effective_to: date | None
    authorities: frozenset[str]

    def covers(self, local_authority: str, on: date) -> bool:
        """Whether this site decides for children of ``local_authority`` referred on ``on``."""
        in_force = self.effective_from <= on and (
            self.effective_to is None or on <= self.effective_to
        )
        return in_force and local_authority in self.authorities


@dataclass(frozen=True)
class PanelPhase:
    """A phase of the devolved decision-making programme and the sites it added."""

    name: str
    effective_from: date
    source: str
    note: str
    sites: tuple[PanelSite, ...]


@dataclass(frozen=True, eq=False)
class Jurisdiction:
    """One country's NRM rules: a timeline per rule, merged into dated ``RuleSet``
    versions, and the devolved child decision-making sites with their dates."""

    code: str
    name: str
    competent_authority: str
    rules_from: date
    timelines: Mapping[str, tuple[DatedValue, ...]]
    versions: tuple[RuleSet, ...]
    panel_phases: tuple[PanelPhase, ...]

    @property
    def panel_sites(self) -> tuple[PanelSite, ...]:
        """Every panel site of every phase."""
        return tuple(site for phase in self.panel_phases for site in phase.sites)

    def timeline(self, rule: str) -> tuple[DatedValue, ...]:
        """Every version of one rule, oldest first (for documentation and audit)."""
        try:
            return self.timelines[rule]
        except KeyError:
            raise PolicyError(f"{self.code}: there is no rule called {rule!r}.") from None

    def rules_on(self, on: date) -> RuleSet:
        """The rules in force on ``on``.

        Raises ``PolicyError`` for a date before the first recorded version.
        """
        index = bisect_right([version.effective_from for version in self.versions], on) - 1
        if index < 0:
            raise PolicyError(
                f"{self.name}: no NRM rules are recorded before {self.rules_from.isoformat()}, "
                f"so none apply on {on.isoformat()}."
            )
        return self.versions[index]

    def panel_site_for(self, local_authority: str | None, on: date) -> PanelSite | None:
        """The devolved panel site covering ``local_authority`` on ``on``, if any."""
        if not local_authority:
            return None
        for site in self.panel_sites:
            if site.covers(local_authority, on):
                return site
        return None

    def authorities_named(self) -> frozenset[str]:
        """Every local authority named by any panel site (to check against reference data)."""
        return frozenset(name for site in self.panel_sites for name in site.authorities)


def _date(value: object, where: str) -> date:
    # tomllib gives a datetime for "2023-01-30T00:00"; a rule starts on a day, not a time.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise PolicyError(f"{where}: expected a date such as 2023-01-30, got {value!r}.")
    return value


def _text(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise PolicyError(f"{where}: expected some text, got {value!r}.")
    return value


def _table(value: object, where: str, allowed: frozenset[str]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise PolicyError(f"{where}: expected a table, got {value!r}.")
    unknown = set(value) - allowed
    if unknown:
        raise PolicyError(f"{where}: unknown keys {sorted(unknown)} (allowed: {sorted(allowed)}).")
    return value


def _list(value: object, where: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise PolicyError(f"{where}: expected a list, got {value!r}.")
    return value


def _rule_value(rule: str, entry: Mapping[str, Any], where: str) -> RuleValue:
    kind, nullable = _RULE_TYPES[rule]
    if "value" not in entry:
        if nullable:
            return None
        raise PolicyError(f"{where}: a value is required for {rule}.")
    value: object = entry["value"]
    # bool is a subclass of int: a true/false where a number is wanted is a data error.
    if type(value) is not kind:
        raise PolicyError(f"{where}: {rule} takes a {kind.__name__}, got {value!r}.")
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if value < 0:
            raise PolicyError(f"{where}: {rule} cannot be negative, got {value!r}.")
        return value
    if isinstance(value, str) and value.strip():
        return value
    raise PolicyError(f"{where}: {rule} cannot be empty.")


def _timeline(code: str, rule: str, raw: object, rules_from: date) -> tuple[DatedValue, ...]:
    where = f"{code}: rules.{rule}"
    entries = _list(raw, where)
    if not entries:
        raise PolicyError(f"{where}: no versions.")
    parsed: list[tuple[date, date | None, RuleValue, str]] = []
    for number, raw_entry in enumerate(entries, start=1):
        at = f"{where} version {number}"
        entry = _table(raw_entry, at, _VERSION_KEYS)
        if "from" not in entry:
            raise PolicyError(f"{at}: 'from' is required.")
        starts = _date(entry["from"], f"{at} 'from'")
        ends = _date(entry["to"], f"{at} 'to'") if "to" in entry else None
        if ends is not None and ends < starts:
            raise PolicyError(f"{at}: ends ({ends}) before it starts ({starts}).")
        source = _text(entry.get("source"), f"{at} 'source'")
        parsed.append((starts, ends, _rule_value(rule, entry, at), source))
    parsed.sort(key=lambda item: item[0])
    if parsed[0][0] != rules_from:
        raise PolicyError(
            f"{where}: the first version starts on {parsed[0][0]}, not on rules_from "
            f"({rules_from}); every rule must say what applied from the start."
        )
    versions: list[DatedValue] = []
    for index, (starts, ends, value, source) in enumerate(parsed):
        if index + 1 < len(parsed):
            next_starts = parsed[index + 1][0]
            if ends is None:
                ends = next_starts - timedelta(days=1)
            if ends >= next_starts or next_starts == starts:
                raise PolicyError(
                    f"{where}: the version from {starts} overlaps the version from {next_starts}."
                )
            if ends + timedelta(days=1) != next_starts:
                raise PolicyError(
                    f"{where}: gap between {ends} and {next_starts}: no version applies there."
                )
        elif ends is not None:
            raise PolicyError(
                f"{where}: the last version ends on {ends}; add a version saying what "
                "applies after it."
            )
        versions.append(DatedValue(starts, ends, value, source))
    return tuple(versions)


def _value_on(timeline: tuple[DatedValue, ...], on: date) -> RuleValue:
    for version in timeline:
        if version.covers(on):
            return version.value
    raise PolicyError(f"No version covers {on}.")  # unreachable after validation


def _merge(timelines: Mapping[str, tuple[DatedValue, ...]]) -> tuple[RuleSet, ...]:
    """Whole-jurisdiction versions: a new ``RuleSet`` wherever any one rule changes."""
    starts = sorted({v.effective_from for timeline in timelines.values() for v in timeline})
    versions: list[RuleSet] = []
    for index, starting in enumerate(starts):
        ending = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else None
        values: dict[str, Any] = {rule: _value_on(timelines[rule], starting) for rule in timelines}
        versions.append(RuleSet(effective_from=starting, effective_to=ending, **values))
    return tuple(versions)


def _panel_phases(code: str, raw: object, versions: tuple[RuleSet, ...]) -> tuple[PanelPhase, ...]:
    phases: list[PanelPhase] = []
    site_names: set[str] = set()
    coverage: dict[str, list[PanelSite]] = {}
    for number, raw_phase in enumerate(_list(raw, f"{code}: panel_phases"), start=1):
        where = f"{code}: panel_phases {number}"
        phase = _table(raw_phase, where, _PHASE_KEYS)
        name = _text(phase.get("name"), f"{where} 'name'")
        where = f"{code}: panel phase {name!r}"
        phase_from = _date(phase.get("from"), f"{where} 'from'")
        sites: list[PanelSite] = []
        for raw_site in _list(phase.get("sites"), f"{where} 'sites'"):
            site_table = _table(raw_site, f"{where} site", _SITE_KEYS)
            site_name = _text(site_table.get("name"), f"{where} site 'name'")
            at = f"{where} site {site_name!r}"
            if site_name in site_names:
                raise PolicyError(f"{at}: two sites have this name.")
            site_names.add(site_name)
            starts = _date(site_table.get("from", phase_from), f"{at} 'from'")
            if starts < phase_from:
                raise PolicyError(f"{at}: starts ({starts}) before its phase ({phase_from}).")
            ends = _date(site_table["to"], f"{at} 'to'") if "to" in site_table else None
            if ends is not None and ends < starts:
                raise PolicyError(f"{at}: ends ({ends}) before it starts ({starts}).")
            authorities = [
                _text(a, f"{at} authority")
                for a in _list(site_table.get("authorities"), f"{at} 'authorities'")
            ]
            if not authorities or len(set(authorities)) != len(authorities):
                raise PolicyError(f"{at}: list each member local authority once.")
            site = PanelSite(site_name, name, starts, ends, frozenset(authorities))
            for version in versions:
                overlaps = (ends is None or version.effective_from <= ends) and (
                    version.effective_to is None or starts <= version.effective_to
                )
                if overlaps and version.panel_rg_target_days is None:
                    raise PolicyError(
                        f"{at}: in force from {version.effective_from}, when "
                        "rules.panel_rg_target_days sets no target for panels."
                    )
            for authority in authorities:
                for other in coverage.get(authority, []):
                    if (other.effective_to is None or starts <= other.effective_to) and (
                        ends is None or other.effective_from <= ends
                    ):
                        raise PolicyError(
                            f"{at}: {authority!r} is also covered by {other.name!r} at the "
                            "same time; end one site before the other starts."
                        )
                coverage.setdefault(authority, []).append(site)
            sites.append(site)
        note = phase.get("note", "")
        phases.append(
            PanelPhase(
                name=name,
                effective_from=phase_from,
                source=_text(phase.get("source"), f"{where} 'source'"),
                note=note if isinstance(note, str) else "",
                sites=tuple(sites),
            )
        )
    return tuple(phases)


def parse_jurisdiction(data: Mapping[str, Any], *, code: str) -> Jurisdiction:
    """Check a jurisdiction's rule data (as read from TOML) and build its ``Jurisdiction``.

    Raises ``PolicyError`` naming the rule and version for anything wrong: a missing or
    unknown rule, a value of the wrong type, a gap or overlap between versions.
    """
    data = _table(data, code, _TOP_LEVEL_KEYS)
    if data.get("jurisdiction") != code:
        raise PolicyError(f"{code}: the file says jurisdiction = {data.get('jurisdiction')!r}.")
    rules_from = _date(data.get("rules_from"), f"{code}: rules_from")
    rules = _table(data.get("rules"), f"{code}: rules", frozenset(RULE_NAMES))
    missing = [rule for rule in RULE_NAMES if rule not in rules]
    if missing:
        raise PolicyError(f"{code}: rules missing: {missing}.")
    timelines = {rule: _timeline(code, rule, rules[rule], rules_from) for rule in RULE_NAMES}
    versions = _merge(timelines)
    return Jurisdiction(
        code=code,
        name=_text(data.get("name"), f"{code}: name"),
        competent_authority=_text(data.get("competent_authority"), f"{code}: competent_authority"),
        rules_from=rules_from,
        timelines=MappingProxyType(timelines),
        versions=versions,
        panel_phases=_panel_phases(code, data.get("panel_phases", []), versions),
    )


def jurisdiction_from_toml(text: str, *, code: str) -> Jurisdiction:
    """Parse and check rule data given as TOML text (used for tests and tooling)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"{code}: {error}") from None
    return parse_jurisdiction(data, code=code)


@cache
def load_jurisdiction(code: str) -> Jurisdiction:
    """Load and check ``data/<code>.toml`` (cached: the rules change only with a release)."""
    if not _CODE.match(code):
        raise PolicyError(f"{code!r} is not a jurisdiction code (lower-case letters only).")
    path = DATA_DIR / f"{code}.toml"
    if not path.is_file():
        raise PolicyError(f"No rules for jurisdiction {code!r} (expected {path}).")
    return jurisdiction_from_toml(path.read_text(encoding="utf-8"), code=code)
