"""A jurisdiction's rules as dated versions: every UK change in the law on both sides of
its date, and the checks that refuse bad rule data."""

from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opennrm.policy import PolicyError, load_jurisdiction
from opennrm.policy.rules import RULE_NAMES, jurisdiction_from_toml

UK = load_jurisdiction("uk")
OLD_THRESHOLD = "I suspect but cannot prove that the person is a potential victim of modern slavery"
NEW_THRESHOLD = (
    "There are reasonable grounds to believe, based on all available general and specific "
    "evidence but falling short of conclusive proof, that a person is a victim of modern slavery"
)


def test_the_uk_rules_load_and_are_cached() -> None:
    assert load_jurisdiction("uk") is UK
    assert UK.name == "United Kingdom"
    assert UK.competent_authority == "Single Competent Authority"


def test_rg_threshold_changed_on_30_january_2023() -> None:
    # NABA 2022 s60
    assert UK.rules_on(date(2023, 1, 29)).rg_threshold == OLD_THRESHOLD
    assert UK.rules_on(date(2023, 1, 30)).rg_threshold == NEW_THRESHOLD


def test_cg_standard_is_the_balance_of_probabilities() -> None:
    for day in (date(2015, 7, 31), date(2023, 1, 30), date(2030, 1, 1)):
        assert UK.rules_on(day).cg_standard == "on the balance of probabilities"


def test_recovery_period_fell_from_45_to_30_days_on_30_january_2023() -> None:
    # NABA 2022 s61: at least 30 days
    assert UK.rules_on(date(2023, 1, 29)).recovery_period_days == 45
    assert UK.rules_on(date(2023, 1, 30)).recovery_period_days == 30


def test_reconsideration_window_is_30_days_from_1_february_2024() -> None:
    assert UK.rules_on(date(2024, 1, 31)).reconsideration_window_days is None
    assert UK.rules_on(date(2024, 2, 1)).reconsideration_window_days == 30


@pytest.mark.parametrize(
    ("day", "reviewed"),
    [
        (date(2019, 6, 4), False),
        (date(2019, 6, 5), True),
        (date(2022, 12, 31), True),
        (date(2023, 1, 1), False),
    ],
)
def test_negative_cg_review_ran_from_5_june_2019_to_31_december_2022(
    day: date, reviewed: bool
) -> None:
    rules = UK.rules_on(day)
    assert rules.review_negative_cg is reviewed
    assert rules.review_negative_rg is False  # never in the UK


@pytest.mark.parametrize(
    ("day", "panel_days", "min_days"),
    [(date(2021, 5, 31), None, None), (date(2021, 6, 1), 45, 100)],
)
def test_panel_rules_start_with_the_pilot(
    day: date, panel_days: int | None, min_days: int | None
) -> None:
    rules = UK.rules_on(day)
    assert rules.panel_rg_target_days == panel_days
    assert rules.panel_min_days_before_18th_birthday == min_days
    assert rules.ca_rg_target_working_days == 5


def test_rules_before_the_first_version_are_an_error() -> None:
    assert UK.rules_on(date(2009, 4, 1)).effective_from == date(2009, 4, 1)
    with pytest.raises(PolicyError, match="no NRM rules are recorded before 2009-04-01"):
        UK.rules_on(date(2009, 3, 31))


def test_versions_are_contiguous_and_the_last_is_open() -> None:
    versions = UK.versions
    assert versions[0].effective_from == UK.rules_from
    for earlier, later in pairwise(versions):
        assert earlier.effective_to == later.effective_from - timedelta(days=1)
    assert versions[-1].effective_to is None


def test_every_rule_version_cites_a_source() -> None:
    for rule in RULE_NAMES:
        assert all(version.source for version in UK.timeline(rule))
    with pytest.raises(PolicyError, match="no rule called"):
        UK.timeline("appeal_window_days")


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2009, 4, 1), date(2035, 12, 31)))
def test_rules_on_returns_the_version_whose_interval_contains_the_date(day: date) -> None:
    rules = UK.rules_on(day)
    assert rules.covers(day)
    assert [version for version in UK.versions if version.covers(day)] == [rules]
    for rule in RULE_NAMES:
        (version,) = [v for v in UK.timeline(rule) if v.covers(day)]
        assert getattr(rules, rule) == version.value


# Synthetic jurisdictions, for the checks on load and for rules the UK does not have.


def rule_data(overrides: dict[str, str] | None = None, *, extra: str = "") -> str:
    """Minimal valid TOML for jurisdiction "test", with some rules' versions replaced."""
    values = {
        "rg_threshold": '"reasonable grounds"',
        "cg_standard": '"balance of probabilities"',
        "ca_rg_target_working_days": "5",
        "panel_rg_target_days": "45",
        "recovery_period_days": "30",
        "reconsideration_window_days": "30",
        "review_negative_rg": "false",
        "review_negative_cg": "false",
        "panel_min_days_before_18th_birthday": "100",
    }
    overrides = overrides or {}
    parts = [
        'jurisdiction = "test"',
        'name = "Testland"',
        'competent_authority = "Testland Competent Authority"',
        "rules_from = 2020-01-01",
        extra,
    ]
    for rule, value in values.items():
        parts.append(
            overrides.get(
                rule,
                f'[[rules.{rule}]]\nfrom = 2020-01-01\nvalue = {value}\nsource = "test"\n',
            )
        )
    return "\n".join(parts)


def test_a_jurisdiction_can_switch_on_review_of_negative_rg_decisions() -> None:
    switched_on = """
[[rules.review_negative_rg]]
from = 2020-01-01
value = false
source = "none yet"

[[rules.review_negative_rg]]
from = 2026-04-01
value = true
source = "a new law"
"""
    testland = jurisdiction_from_toml(rule_data({"review_negative_rg": switched_on}), code="test")
    assert testland.rules_on(date(2026, 3, 31)).review_negative_rg is False
    assert testland.rules_on(date(2026, 4, 1)).review_negative_rg is True


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        (  # overlap: the first version's `to` runs past the second's `from`
            """
[[rules.recovery_period_days]]
from = 2020-01-01
to = 2023-02-01
value = 45
source = "a"

[[rules.recovery_period_days]]
from = 2023-01-30
value = 30
source = "b"
""",
            "overlaps",
        ),
        (  # two versions from the same day
            """
[[rules.recovery_period_days]]
from = 2020-01-01
value = 45
source = "a"

[[rules.recovery_period_days]]
from = 2020-01-01
value = 30
source = "b"
""",
            "overlaps",
        ),
        (  # gap: nothing applies from 2022-01-01 to 2023-01-29
            """
[[rules.recovery_period_days]]
from = 2020-01-01
to = 2021-12-31
value = 45
source = "a"

[[rules.recovery_period_days]]
from = 2023-01-30
value = 30
source = "b"
""",
            "gap",
        ),
        (  # gap at the start
            """
[[rules.recovery_period_days]]
from = 2021-01-01
value = 45
source = "a"
""",
            "not on rules_from",
        ),
        (  # the rule stops
            """
[[rules.recovery_period_days]]
from = 2020-01-01
to = 2024-12-31
value = 45
source = "a"
""",
            "last version ends",
        ),
        (  # wrong type
            """
[[rules.recovery_period_days]]
from = 2020-01-01
value = "45 days"
source = "a"
""",
            "takes a int",
        ),
        (  # true is not a number of days
            """
[[rules.recovery_period_days]]
from = 2020-01-01
value = true
source = "a"
""",
            "takes a int",
        ),
        (  # only some rules may be left without a value
            """
[[rules.recovery_period_days]]
from = 2020-01-01
source = "a"
""",
            "value is required",
        ),
        (  # a typo in a key
            """
[[rules.recovery_period_days]]
form = 2020-01-01
value = 45
source = "a"
""",
            "unknown keys",
        ),
        (
            """
[[rules.recovery_period_days]]
from = 2020-01-01
value = 45
""",
            "'source'",
        ),
        (
            """
[[rules.recovery_period_days]]
from = 2020-01-01
value = -1
source = "a"
""",
            "cannot be negative",
        ),
    ],
)
def test_bad_rule_timelines_are_refused_on_load(versions: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        jurisdiction_from_toml(rule_data({"recovery_period_days": versions}), code="test")


def test_missing_and_unknown_rules_are_refused() -> None:
    with pytest.raises(PolicyError, match="rules missing"):
        jurisdiction_from_toml(rule_data({"cg_standard": ""}), code="test")
    unknown = '[[rules.appeal_days]]\nfrom = 2020-01-01\nvalue = 1\nsource = "x"\n'
    with pytest.raises(PolicyError, match="unknown keys"):
        jurisdiction_from_toml(rule_data() + unknown, code="test")


def test_the_file_must_name_its_own_jurisdiction() -> None:
    with pytest.raises(PolicyError, match="jurisdiction"):
        jurisdiction_from_toml(rule_data(), code="other")


def test_unknown_or_malformed_jurisdiction_codes_are_refused() -> None:
    with pytest.raises(PolicyError, match="No rules for jurisdiction"):
        load_jurisdiction("atlantis")
    with pytest.raises(PolicyError, match="not a jurisdiction code"):
        load_jurisdiction("../uk")
    with pytest.raises(PolicyError):
        jurisdiction_from_toml("jurisdiction = ", code="test")


def panels(sites: str) -> str:
    return f"""
[[panel_phases]]
name = "Phase 1"
from = 2021-06-01
source = "test"
{sites}
"""


def test_an_authority_cannot_be_in_two_sites_at_once() -> None:
    sites = """
[[panel_phases.sites]]
name = "North"
authorities = ["A Council"]

[[panel_phases.sites]]
name = "South"
from = 2022-01-01
authorities = ["A Council", "B Council"]
"""
    with pytest.raises(PolicyError, match="also covered by 'North'"):
        jurisdiction_from_toml(rule_data() + panels(sites), code="test")


def test_an_authority_can_move_site_once_the_first_has_ended() -> None:
    sites = """
[[panel_phases.sites]]
name = "North"
to = 2021-12-31
authorities = ["A Council"]

[[panel_phases.sites]]
name = "South"
from = 2022-01-01
authorities = ["A Council"]
"""
    testland = jurisdiction_from_toml(rule_data() + panels(sites), code="test")
    north = testland.panel_site_for("A Council", date(2021, 12, 31))
    south = testland.panel_site_for("A Council", date(2022, 1, 1))
    assert north is not None
    assert north.name == "North"
    assert south is not None
    assert south.name == "South"
    assert testland.panel_site_for("A Council", date(2021, 5, 31)) is None


def test_a_site_cannot_start_before_panels_have_a_target() -> None:
    no_panels_until_2021 = """
[[rules.panel_rg_target_days]]
from = 2020-01-01
source = "no panels"

[[rules.panel_rg_target_days]]
from = 2021-06-01
value = 45
source = "pilot"
"""
    early_site = """
[[panel_phases]]
name = "Too early"
from = 2020-06-01
source = "test"

[[panel_phases.sites]]
name = "North"
authorities = ["A Council"]
"""
    with pytest.raises(PolicyError, match="sets no target for panels"):
        jurisdiction_from_toml(
            rule_data({"panel_rg_target_days": no_panels_until_2021}) + early_site, code="test"
        )
