"""A jurisdiction's NRM rules as dated versions per nation, loaded from a TOML data file.

``rules_in_force(day, nation)`` (or ``load_jurisdiction(code).rules_on(day, nation)``) gives
the rules in force on ``day`` in one of the jurisdiction's nations, so every case is decided
under the law that applied at the right date and in the right place. A change in the law is
a new dated version in ``data/<code>.toml``, never a code change (ADRs 0002 and 0010).

In the data each rule is a list of versions ``{from, to?, nations?, value, source}``. A
version without ``nations`` applies in every nation of the jurisdiction; one with
``nations = ["scotland"]`` only there. On load every nation's timeline of every rule is
checked on its own (it starts on the jurisdiction's ``rules_from`` date, has no gaps and no
overlaps, and its values have the right type), then each nation's timelines are merged into
whole-nation versions: a ``RuleSet`` for every interval in which no rule changes there.

A file may say ``extends = "uk"``: it starts from that jurisdiction and replaces the
timelines it lists (for the nations its versions name) and, if it has any, the panel phases.
"""

import re
import tomllib
import warnings
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from opennrm.policy.calendar import Nation
from opennrm.policy.guardians import GuardianArea, GuardianDataError, parse_guardian_areas

__all__ = [
    "DATA_DIR",
    "RULE_NAMES",
    "ByAgeGroup",
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
    "rules_in_force",
    "to_nation",
]

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class ByAgeGroup:
    """A yes/no rule that may differ for children and adults (e.g. independent review)."""

    child: bool
    adult: bool

    def applies(self, *, is_child: bool) -> bool:
        """The value for a child (``is_child``) or for an adult."""
        return self.child if is_child else self.adult


type RuleValue = str | int | bool | tuple[str, ...] | ByAgeGroup | None


@dataclass(frozen=True)
class _Kind:
    """What a rule's value is, and whether a version may leave it out ("no such rule")."""

    type: type
    nullable: bool = False


# Each dated rule and the kind of its value. Documented in docs/policy.md; the RuleSet
# fields below carry the same names.
_RULE_KINDS: dict[str, _Kind] = {
    "rg_threshold": _Kind(str),
    "cg_standard": _Kind(str),
    "ca_rg_target_working_days": _Kind(int),
    "panel_rg_target_days": _Kind(int, nullable=True),
    "recovery_period_days": _Kind(int),
    "cg_min_days_after_rg": _Kind(int),
    "negative_rg_paused": _Kind(bool),
    "reconsideration_window_days": _Kind(int, nullable=True),
    "support_during_reconsideration": _Kind(bool),
    "review_negative_rg": _Kind(ByAgeGroup),
    "review_negative_cg": _Kind(ByAgeGroup),
    "review_due_working_days": _Kind(int),
    "quality_check_negative_rg": _Kind(bool),
    "quality_check_negative_cg": _Kind(bool),
    "panel_min_days_before_18th_birthday": _Kind(int, nullable=True),
    "panel_cg_at_rg_meeting": _Kind(bool),
    "panel_quorum_agencies": _Kind(tuple, nullable=True),
    "move_on_days": _Kind(int),
    "public_order_disqualification_available": _Kind(ByAgeGroup),
}
RULE_NAMES: tuple[str, ...] = tuple(_RULE_KINDS)

_TOP_LEVEL_KEYS = frozenset(
    {
        "jurisdiction",
        "name",
        "competent_authority",
        "rules_from",
        "nations",
        "extends",
        "model",
        "rules",
        "panel_phases",
        "guardian_areas",
    }
)
_VERSION_KEYS = frozenset({"from", "to", "nations", "value", "source"})
_PHASE_KEYS = frozenset({"name", "from", "source", "note", "sites"})
_SITE_KEYS = frozenset({"name", "from", "to", "authorities"})
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class PolicyError(Exception):
    """The rule data is wrong, or a rule was asked for a date or nation it does not cover."""


def to_nation(value: Nation | str) -> Nation:
    """``value`` as a ``Nation``; ``PolicyError`` naming the nations for anything else."""
    try:
        return Nation(value)
    except ValueError:
        known = ", ".join(nation.value for nation in Nation)
        raise PolicyError(f"{value!r} is not a UK nation (one of: {known}).") from None


def default_nation(nation: Nation | str | None, caller: str) -> Nation:
    """The nation a caller gave, or England with a ``DeprecationWarning`` for callers that
    predate rules by nation (England and Wales share every rule, so their answers are
    unchanged; Scotland and Northern Ireland differ)."""
    if nation is None:
        warnings.warn(
            f"{caller}() without a nation uses the England and Wales rules; pass the nation.",
            DeprecationWarning,
            stacklevel=3,
        )
        return Nation.ENGLAND
    return to_nation(nation)


@dataclass(frozen=True)
class DatedValue:
    """One version of one rule: its value from ``effective_from`` to ``effective_to``
    (both inclusive; ``None`` means still in force) in ``nations``, and its source in law
    or guidance."""

    effective_from: date
    effective_to: date | None
    value: RuleValue
    source: str
    nations: frozenset[Nation] = frozenset(Nation)

    def covers(self, on: date) -> bool:
        """Whether this version was in force on ``on``."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


@dataclass(frozen=True)
class RuleSet:
    """The whole set of rules in force in ``nation`` from ``effective_from`` to
    ``effective_to`` (inclusive; ``None`` while still in force). Nothing changes inside
    that interval."""

    nation: Nation
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
    # The recovery and reflection (support) period a positive RG decision starts, in days.
    recovery_period_days: int
    # The fewest days after a positive RG decision before a CG decision may be made.
    cg_min_days_after_rg: int
    # Whether negative RG decisions were being held back (not issued) on this date.
    negative_rg_paused: bool
    # Calendar days after a decision to ask for reconsideration; None: no limit was set.
    reconsideration_window_days: int | None
    # Whether support continues while a reconsideration request is considered.
    support_during_reconsideration: bool
    # Whether negative RG / CG decisions go to independent review before being issued,
    # for children and for adults.
    review_negative_rg: ByAgeGroup
    review_negative_cg: ByAgeGroup
    # Working days after a decision is sent to review by which the review panel answers.
    review_due_working_days: int
    # Whether a senior caseworker checks negative RG / CG decisions before review or issue.
    quality_check_negative_rg: bool
    quality_check_negative_cg: bool
    # A devolved panel decides only for children more than this many days from their 18th
    # birthday on the referral date; None: no such limit.
    panel_min_days_before_18th_birthday: int | None
    # Whether a panel may record the CG decision at the same meeting as the RG decision.
    panel_cg_at_rg_meeting: bool
    # The agencies that must be present for a panel to decide; None: no panels.
    panel_quorum_agencies: tuple[str, ...] | None
    # The move-on period after a positive CG decision, in days.
    move_on_days: int
    # Whether a competent authority may disqualify a child / an adult on public-order
    # grounds (NABA 2022 s63).
    public_order_disqualification_available: ByAgeGroup

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


type Timelines = Mapping[str, Mapping[Nation, tuple[DatedValue, ...]]]


@dataclass(frozen=True, eq=False)
class Jurisdiction:
    """One country's NRM rules: a timeline per rule and nation, merged into dated
    ``RuleSet`` versions per nation, and the devolved child decision-making sites.

    ``extends`` names the jurisdiction this one was built from (``None`` for a base);
    ``model`` is true for a model of how the rules could be, rather than the law."""

    code: str
    name: str
    competent_authority: str
    rules_from: date
    nations: tuple[Nation, ...]
    timelines: Timelines
    versions_by_nation: Mapping[Nation, tuple[RuleSet, ...]]
    panel_phases: tuple[PanelPhase, ...]
    extends: str | None = None
    model: bool = False
    # Where the independent child trafficking guardian service runs (``guardians``).
    guardian_areas: tuple[GuardianArea, ...] = ()

    @property
    def panel_sites(self) -> tuple[PanelSite, ...]:
        """Every panel site of every phase."""
        return tuple(site for phase in self.panel_phases for site in phase.sites)

    def _nation(self, nation: Nation | str) -> Nation:
        found = to_nation(nation)
        if found not in self.nations:
            raise PolicyError(f"{self.name} has no rules for {found.value}.")
        return found

    def versions(self, nation: Nation | str) -> tuple[RuleSet, ...]:
        """Every whole-nation version of the rules in ``nation``, oldest first."""
        return self.versions_by_nation[self._nation(nation)]

    def timeline(self, rule: str, nation: Nation | str) -> tuple[DatedValue, ...]:
        """Every version of one rule in one nation, oldest first (for documentation and
        audit)."""
        try:
            by_nation = self.timelines[rule]
        except KeyError:
            raise PolicyError(f"{self.code}: there is no rule called {rule!r}.") from None
        return by_nation[self._nation(nation)]

    def rules_on(self, on: date, nation: Nation | str | None = None) -> RuleSet:
        """The rules in force on ``on`` in ``nation``.

        Without a nation, the England and Wales rules, with a ``DeprecationWarning``.
        Raises ``PolicyError`` for a date before the first recorded version or a nation
        the jurisdiction does not have.
        """
        versions = self.versions(default_nation(nation, "rules_on"))
        index = bisect_right([version.effective_from for version in versions], on) - 1
        if index < 0:
            raise PolicyError(
                f"{self.name}: no NRM rules are recorded before {self.rules_from.isoformat()}, "
                f"so none apply on {on.isoformat()}."
            )
        return versions[index]

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

    def guardian_area_for(self, local_authority: str | None, on: date) -> GuardianArea | None:
        """The guardian service area covering ``local_authority`` on ``on``, if any."""
        if not local_authority:
            return None
        return next((a for a in self.guardian_areas if a.covers(local_authority, on)), None)


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


def _code(value: object, where: str) -> str:
    if not isinstance(value, str) or not _CODE.match(value):
        raise PolicyError(f"{where}: {value!r} is not a jurisdiction code (lower-case letters).")
    return value


def _nations(value: object, where: str, allowed: Iterable[Nation]) -> frozenset[Nation]:
    allowed = tuple(allowed)
    names = [_text(item, f"{where} nation") for item in _list(value, where)]
    if not names or len(set(names)) != len(names):
        raise PolicyError(f"{where}: list each nation once.")
    nations = frozenset(to_nation(name) for name in names)
    outside = nations - set(allowed)
    if outside:
        raise PolicyError(
            f"{where}: {sorted(n.value for n in outside)} are not nations of this jurisdiction."
        )
    return nations


def _rule_value(rule: str, entry: Mapping[str, Any], where: str) -> RuleValue:
    kind = _RULE_KINDS[rule]
    if "value" not in entry:
        if kind.nullable:
            return None
        raise PolicyError(f"{where}: a value is required for {rule}.")
    value: object = entry["value"]
    if kind.type is ByAgeGroup:
        table = _table(value, f"{where} value", frozenset({"child", "adult"}))
        if set(table) != {"child", "adult"} or not all(type(v) is bool for v in table.values()):
            raise PolicyError(
                f"{where}: {rule} takes {{ child = true/false, adult = true/false }}, "
                f"got {value!r}."
            )
        return ByAgeGroup(child=table["child"], adult=table["adult"])
    if kind.type is tuple:
        items = _list(value, f"{where} value")
        if not items or not all(isinstance(item, str) and item.strip() for item in items):
            raise PolicyError(f"{where}: {rule} takes a list of names, got {value!r}.")
        if len(set(items)) != len(items):
            raise PolicyError(f"{where}: {rule} lists a name twice.")
        return tuple(items)
    # bool is a subclass of int: a true/false where a number is wanted is a data error.
    if type(value) is not kind.type:
        raise PolicyError(f"{where}: {rule} takes a {kind.type.__name__}, got {value!r}.")
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if value < 0:
            raise PolicyError(f"{where}: {rule} cannot be negative, got {value!r}.")
        return value
    if isinstance(value, str) and value.strip():
        return value
    raise PolicyError(f"{where}: {rule} cannot be empty.")


def _nation_timeline(
    where: str, versions: list[DatedValue], rules_from: date
) -> tuple[DatedValue, ...]:
    """Check one nation's versions of one rule: from ``rules_from``, no gaps or overlaps,
    the last open-ended. Fills in each ``to`` left out."""
    versions = sorted(versions, key=lambda version: version.effective_from)
    if versions[0].effective_from != rules_from:
        raise PolicyError(
            f"{where}: the first version starts on {versions[0].effective_from}, not on "
            f"rules_from ({rules_from}); every rule must say what applied from the start."
        )
    checked: list[DatedValue] = []
    for index, version in enumerate(versions):
        starts, ends = version.effective_from, version.effective_to
        if index + 1 < len(versions):
            next_starts = versions[index + 1].effective_from
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
        checked.append(DatedValue(starts, ends, version.value, version.source, version.nations))
    return tuple(checked)


def _timelines_by_nation(
    code: str,
    rule: str,
    raw: object,
    rules_from: date,
    nations: tuple[Nation, ...],
    *,
    every_nation: bool,
) -> dict[Nation, tuple[DatedValue, ...]]:
    """One rule's versions, checked nation by nation. With ``every_nation`` each of the
    jurisdiction's nations needs a timeline; otherwise (an override in an extending file)
    only the nations its versions name get one."""
    where = f"{code}: rules.{rule}"
    entries = _list(raw, where)
    if not entries:
        raise PolicyError(f"{where}: no versions.")
    by_nation: dict[Nation, list[DatedValue]] = {}
    for number, raw_entry in enumerate(entries, start=1):
        at = f"{where} version {number}"
        entry = _table(raw_entry, at, _VERSION_KEYS)
        if "from" not in entry:
            raise PolicyError(f"{at}: 'from' is required.")
        starts = _date(entry["from"], f"{at} 'from'")
        ends = _date(entry["to"], f"{at} 'to'") if "to" in entry else None
        if ends is not None and ends < starts:
            raise PolicyError(f"{at}: ends ({ends}) before it starts ({starts}).")
        applies_in = (
            _nations(entry["nations"], f"{at} 'nations'", nations)
            if "nations" in entry
            else frozenset(nations)
        )
        version = DatedValue(
            starts,
            ends,
            _rule_value(rule, entry, at),
            _text(entry.get("source"), f"{at} 'source'"),
            applies_in,
        )
        for nation in applies_in:
            by_nation.setdefault(nation, []).append(version)
    if every_nation:
        missing = [nation.value for nation in nations if nation not in by_nation]
        if missing:
            raise PolicyError(f"{where}: no version applies in {missing}.")
    return {
        nation: _nation_timeline(f"{where} ({nation.value})", versions, rules_from)
        for nation, versions in by_nation.items()
    }


def _value_on(timeline: tuple[DatedValue, ...], on: date) -> RuleValue:
    for version in timeline:
        if version.covers(on):
            return version.value
    raise PolicyError(f"No version covers {on}.")  # unreachable after validation


def _merge(nation: Nation, timelines: Timelines) -> tuple[RuleSet, ...]:
    """Whole-nation versions: a new ``RuleSet`` wherever any one rule changes there."""
    mine = {rule: by_nation[nation] for rule, by_nation in timelines.items()}
    starts = sorted({v.effective_from for timeline in mine.values() for v in timeline})
    versions: list[RuleSet] = []
    for index, starting in enumerate(starts):
        ending = starts[index + 1] - timedelta(days=1) if index + 1 < len(starts) else None
        values: dict[str, Any] = {rule: _value_on(mine[rule], starting) for rule in RULE_NAMES}
        versions.append(
            RuleSet(nation=nation, effective_from=starting, effective_to=ending, **values)
        )
    return tuple(versions)


def _check_panel_target(
    where: str, site: PanelSite, versions_by_nation: Mapping[Nation, tuple[RuleSet, ...]]
) -> None:
    """A site may only be in force while every nation's rules set a panel RG target."""
    for version in (v for versions in versions_by_nation.values() for v in versions):
        overlaps = (site.effective_to is None or version.effective_from <= site.effective_to) and (
            version.effective_to is None or site.effective_from <= version.effective_to
        )
        if overlaps and version.panel_rg_target_days is None:
            raise PolicyError(
                f"{where}: in force from {version.effective_from}, when "
                f"rules.panel_rg_target_days sets no target for panels ({version.nation.value})."
            )


def _panel_phases(
    code: str, raw: object, versions_by_nation: Mapping[Nation, tuple[RuleSet, ...]]
) -> tuple[PanelPhase, ...]:
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
            _check_panel_target(at, site, versions_by_nation)
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


def _guardian_areas(
    code: str, raw: object, inherited: tuple[GuardianArea, ...]
) -> tuple[GuardianArea, ...]:
    """The file's guardian areas, or (for a file that extends another and lists none) the
    base's."""
    if raw is None:
        return inherited
    try:
        return parse_guardian_areas(code, raw)
    except GuardianDataError as error:
        raise PolicyError(str(error)) from None


def _build(
    *,
    code: str,
    name: str,
    competent_authority: str,
    rules_from: date,
    nations: tuple[Nation, ...],
    timelines: dict[str, dict[Nation, tuple[DatedValue, ...]]],
    raw_phases: object,
    inherited_phases: tuple[PanelPhase, ...] | None,
    extends: str | None,
    model: bool,
    raw_guardian_areas: object = None,
    inherited_guardian_areas: tuple[GuardianArea, ...] = (),
) -> Jurisdiction:
    frozen: Timelines = MappingProxyType(
        {rule: MappingProxyType(timelines[rule]) for rule in RULE_NAMES}
    )
    versions_by_nation = MappingProxyType({nation: _merge(nation, frozen) for nation in nations})
    if inherited_phases is not None and raw_phases is None:
        # Re-check the inherited sites against the (possibly overridden) panel rules.
        phases = inherited_phases
        for site in (site for phase in phases for site in phase.sites):
            _check_panel_target(f"{code}: site {site.name!r}", site, versions_by_nation)
    else:
        phases = _panel_phases(code, [] if raw_phases is None else raw_phases, versions_by_nation)
    return Jurisdiction(
        code=code,
        name=name,
        competent_authority=competent_authority,
        rules_from=rules_from,
        nations=nations,
        timelines=frozen,
        versions_by_nation=versions_by_nation,
        panel_phases=phases,
        extends=extends,
        model=model,
        guardian_areas=_guardian_areas(code, raw_guardian_areas, inherited_guardian_areas),
    )


def parse_jurisdiction(
    data: Mapping[str, Any],
    *,
    code: str,
    resolve: Callable[[str], Jurisdiction] | None = None,
) -> Jurisdiction:
    """Check a jurisdiction's rule data (as read from TOML) and build its ``Jurisdiction``.

    ``resolve`` finds the jurisdiction an ``extends = "..."`` file names (by default
    ``load_jurisdiction``). Raises ``PolicyError`` naming the rule, nation and version for
    anything wrong: a missing or unknown rule, a value of the wrong type, a gap or overlap
    between versions in any nation.
    """
    data = _table(data, code, _TOP_LEVEL_KEYS)
    if data.get("jurisdiction") != code:
        raise PolicyError(f"{code}: the file says jurisdiction = {data.get('jurisdiction')!r}.")
    model = data.get("model", False)
    if type(model) is not bool:
        raise PolicyError(f"{code}: model takes true or false, got {model!r}.")
    name = _text(data.get("name"), f"{code}: name")
    raw_rules = data.get("rules", {})
    if "extends" in data:
        return _extend(code, data, name, model, raw_rules, resolve or load_jurisdiction)
    rules_from = _date(data.get("rules_from"), f"{code}: rules_from")
    nations: tuple[Nation, ...] = (
        tuple(n for n in Nation if n in _nations(data["nations"], f"{code}: nations", Nation))
        if "nations" in data
        else tuple(Nation)
    )
    rules = _table(raw_rules, f"{code}: rules", frozenset(RULE_NAMES))
    missing = [rule for rule in RULE_NAMES if rule not in rules]
    if missing:
        raise PolicyError(f"{code}: rules missing: {missing}.")
    timelines = {
        rule: _timelines_by_nation(code, rule, rules[rule], rules_from, nations, every_nation=True)
        for rule in RULE_NAMES
    }
    return _build(
        code=code,
        name=name,
        competent_authority=_text(data.get("competent_authority"), f"{code}: competent_authority"),
        rules_from=rules_from,
        nations=nations,
        timelines=timelines,
        raw_phases=data.get("panel_phases"),
        inherited_phases=None,
        extends=None,
        model=model,
        raw_guardian_areas=data.get("guardian_areas"),
    )


def _extend(
    code: str,
    data: Mapping[str, Any],
    name: str,
    model: bool,
    raw_rules: object,
    resolve: Callable[[str], Jurisdiction],
) -> Jurisdiction:
    """A jurisdiction built from another: every rule and panel phase it does not replace
    is the base's."""
    base_code = _code(data["extends"], f"{code}: extends")
    if base_code == code:
        raise PolicyError(f"{code}: a jurisdiction cannot extend itself.")
    for key in ("rules_from", "nations"):
        if key in data:
            raise PolicyError(f"{code}: {key} comes from {base_code!r}; leave it out.")
    base = resolve(base_code)
    rules = _table(raw_rules, f"{code}: rules", frozenset(RULE_NAMES))
    timelines = {rule: dict(base.timelines[rule]) for rule in RULE_NAMES}
    for rule, raw in rules.items():
        replaced = _timelines_by_nation(
            code, rule, raw, base.rules_from, base.nations, every_nation=False
        )
        timelines[rule].update(replaced)
    authority = data.get("competent_authority", base.competent_authority)
    return _build(
        code=code,
        name=name,
        competent_authority=_text(authority, f"{code}: competent_authority"),
        rules_from=base.rules_from,
        nations=base.nations,
        timelines=timelines,
        raw_phases=data.get("panel_phases"),
        inherited_phases=base.panel_phases,
        extends=base_code,
        model=model,
        raw_guardian_areas=data.get("guardian_areas"),
        inherited_guardian_areas=base.guardian_areas,
    )


def jurisdiction_from_toml(
    text: str, *, code: str, resolve: Callable[[str], Jurisdiction] | None = None
) -> Jurisdiction:
    """Parse and check rule data given as TOML text (used for tests and tooling)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"{code}: {error}") from None
    return parse_jurisdiction(data, code=code, resolve=resolve)


def _load(code: str, chain: tuple[str, ...]) -> Jurisdiction:
    if not _CODE.match(code):
        raise PolicyError(f"{code!r} is not a jurisdiction code (lower-case letters only).")
    if code in chain:
        raise PolicyError(f"{' extends '.join((*chain, code))}: a jurisdiction extends itself.")
    path = DATA_DIR / f"{code}.toml"
    if not path.is_file():
        raise PolicyError(f"No rules for jurisdiction {code!r} (expected {path}).")
    return jurisdiction_from_toml(
        path.read_text(encoding="utf-8"),
        code=code,
        resolve=lambda base: _load(base, (*chain, code)),
    )


@cache
def load_jurisdiction(code: str) -> Jurisdiction:
    """Load and check ``data/<code>.toml`` (cached: the rules change only with a release)."""
    return _load(code, ())


def rules_in_force(
    on: date, nation: Nation | str, jurisdiction: Jurisdiction | None = None
) -> RuleSet:
    """The rules in force on ``on`` in ``nation`` under ``jurisdiction``.

    Pass the jurisdiction the service is configured for; without one, the UK rules apply.
    """
    return (jurisdiction or load_jurisdiction("uk")).rules_on(on, nation)
