"""A jurisdiction's rules as dated versions, loaded from a TOML data file.

``load_jurisdiction("uk").rules_on(day)`` gives the rules in force on ``day``, so every
case is decided under the law that applied at the right date.
"""

import tomllib
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"

_DATED_RULES = (
    "rg_threshold",
    "cg_standard",
    "ca_rg_target_working_days",
    "panel_rg_target_days",
    "recovery_period_days",
    "reconsideration_window_days",
    "review_negative_rg",
    "review_negative_cg",
    "panel_min_days_before_18th_birthday",
)


class PolicyError(Exception):
    """The rule data is wrong, or a rule was asked for a date it does not cover."""


@dataclass(frozen=True)
class DatedValue:
    starts: date
    value: Any
    source: str


@dataclass(frozen=True)
class PanelSite:
    """A devolved child decision-making site and the local authorities it covers."""

    name: str
    starts: date
    ends: date | None
    authorities: frozenset[str]

    def covers(self, local_authority: str, on: date) -> bool:
        in_force = self.starts <= on and (self.ends is None or on < self.ends)
        return in_force and local_authority in self.authorities


@dataclass(frozen=True)
class RuleSet:
    """The rules in force on one date."""

    on: date
    rg_threshold: str
    cg_standard: str
    ca_rg_target_working_days: int
    panel_rg_target_days: int | None
    recovery_period_days: int
    reconsideration_window_days: int | None
    review_negative_rg: bool
    review_negative_cg: bool
    panel_min_days_before_18th_birthday: int | None


class Jurisdiction:
    """One country's NRM rules, each a timeline of dated versions."""

    def __init__(self, code: str, data: dict[str, Any]) -> None:
        self.code = code
        self.name: str = data.get("name", code)
        self.competent_authority: str = data.get("competent_authority", "Competent authority")
        self._timelines: dict[str, list[DatedValue]] = {}
        for rule in _DATED_RULES:
            entries = data.get(rule, [])
            timeline = sorted(
                (DatedValue(e["from"], e["value"], e.get("source", "")) for e in entries),
                key=lambda entry: entry.starts,
            )
            starts = [entry.starts for entry in timeline]
            if len(set(starts)) != len(starts):
                raise PolicyError(f"{code}: {rule} has two versions starting on the same day.")
            if any(not isinstance(s, date) for s in starts):
                raise PolicyError(f"{code}: {rule} has a version without a valid 'from' date.")
            self._timelines[rule] = timeline
        self.panel_sites = tuple(
            PanelSite(
                name=site["name"],
                starts=site["from"],
                ends=site.get("until"),
                authorities=frozenset(site["authorities"]),
            )
            for site in data.get("panel_sites", [])
        )
        first = self._timelines["rg_threshold"]
        if not first:
            raise PolicyError(f"{code}: no reasonable-grounds threshold is defined.")
        self.earliest = first[0].starts

    def _value(self, rule: str, on: date) -> Any:
        timeline = self._timelines[rule]
        index = bisect_right([entry.starts for entry in timeline], on) - 1
        return None if index < 0 else timeline[index].value

    def timeline(self, rule: str) -> list[DatedValue]:
        """Every version of one rule, oldest first (for documentation and audit)."""
        return list(self._timelines[rule])

    def rules_on(self, on: date) -> RuleSet:
        """The rules in force on ``on``."""
        if on < self.earliest:
            raise PolicyError(f"{self.code}: no rules are recorded before {self.earliest}.")
        window = self._value("reconsideration_window_days", on)
        return RuleSet(
            on=on,
            rg_threshold=self._value("rg_threshold", on),
            cg_standard=self._value("cg_standard", on),
            ca_rg_target_working_days=self._value("ca_rg_target_working_days", on),
            panel_rg_target_days=self._value("panel_rg_target_days", on),
            recovery_period_days=self._value("recovery_period_days", on),
            reconsideration_window_days=window or None,
            review_negative_rg=bool(self._value("review_negative_rg", on)),
            review_negative_cg=bool(self._value("review_negative_cg", on)),
            panel_min_days_before_18th_birthday=self._value(
                "panel_min_days_before_18th_birthday", on
            ),
        )

    def panel_site_for(self, local_authority: str | None, on: date) -> PanelSite | None:
        """The devolved panel site covering ``local_authority`` on ``on``, if any."""
        if not local_authority:
            return None
        for site in self.panel_sites:
            if site.covers(local_authority, on):
                return site
        return None


@cache
def load_jurisdiction(code: str) -> Jurisdiction:
    """Load and check ``data/<code>.toml`` (cached: rules change only with a release)."""
    path = DATA_DIR / f"{code}.toml"
    if not path.is_file():
        raise PolicyError(f"No rules for jurisdiction {code!r} (expected {path}).")
    with path.open("rb") as handle:
        try:
            data = tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise PolicyError(f"{path}: {error}") from None
    return Jurisdiction(code, data)
