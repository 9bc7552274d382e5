"""A jurisdiction's rules as dated versions per nation: every UK change in the law on both
sides of its date and in each nation, and the checks that refuse bad rule data."""

import warnings
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opennrm.policy import ByAgeGroup, Nation, PolicyError, load_jurisdiction, rules_in_force
from opennrm.policy.rules import RULE_NAMES, jurisdiction_from_toml

UK = load_jurisdiction("uk")
ALL_NATIONS = list(Nation)
OLD_THRESHOLD = "I suspect but cannot prove that the person is a potential victim of modern slavery"
OBJECTIVE_THRESHOLD = (
    "There are reasonable grounds to believe, based on objective factors but falling short of "
    "conclusive proof, that a person is a victim of modern slavery (human trafficking or "
    "slavery, servitude, or forced or compulsory labour)"
)
EVIDENCE_THRESHOLD = (
    "There are reasonable grounds to believe, based on all the general and specific evidence "
    "but falling short of conclusive proof, that a person is a victim of modern slavery "
    "(human trafficking or slavery, servitude, or forced or compulsory labour)"
)
DOCS = Path(__file__).resolve().parents[3] / "docs" / "policy.md"


def test_the_uk_rules_load_and_are_cached() -> None:
    assert load_jurisdiction("uk") is UK
    assert UK.name == "United Kingdom"
    assert UK.competent_authority == "Single Competent Authority"
    assert UK.nations == tuple(Nation)
    assert UK.extends is None
    assert UK.model is False


@pytest.mark.parametrize("nation", ALL_NATIONS)
@pytest.mark.parametrize(
    ("day", "wording"),
    [
        (date(2023, 1, 29), OLD_THRESHOLD),
        (date(2023, 1, 30), OBJECTIVE_THRESHOLD),  # NABA 2022 s60
        (date(2023, 7, 9), OBJECTIVE_THRESHOLD),
        (date(2023, 7, 10), EVIDENCE_THRESHOLD),  # revised guidance after AS and BXR
        (date(2026, 1, 1), EVIDENCE_THRESHOLD),
    ],
)
def test_rg_threshold_wording_changed_on_30_january_and_10_july_2023(
    day: date, wording: str, nation: Nation
) -> None:
    assert UK.rules_on(day, nation).rg_threshold == wording


@pytest.mark.parametrize("nation", ALL_NATIONS)
@pytest.mark.parametrize(
    ("day", "paused"),
    [
        (date(2023, 6, 27), False),
        (date(2023, 6, 28), True),
        (date(2023, 7, 9), True),
        (date(2023, 7, 10), False),
    ],
)
def test_negative_rg_decisions_were_paused_from_28_june_to_9_july_2023(
    day: date, paused: bool, nation: Nation
) -> None:
    assert UK.rules_on(day, nation).negative_rg_paused is paused


def test_cg_standard_is_the_balance_of_probabilities() -> None:
    for nation in Nation:
        for day in (date(2015, 7, 31), date(2023, 1, 30), date(2030, 1, 1)):
            assert UK.rules_on(day, nation).cg_standard == "on the balance of probabilities"


@pytest.mark.parametrize(
    ("day", "nation", "days"),
    [
        # England and Wales: 45 days, then at least 30 from 30 January 2023 (NABA 2022 s61).
        (date(2023, 1, 29), Nation.ENGLAND, 45),
        (date(2023, 1, 30), Nation.ENGLAND, 30),
        (date(2023, 1, 29), Nation.WALES, 45),
        (date(2023, 1, 30), Nation.WALES, 30),
        # Scotland: 45 days until SSI 2018/90 made it 90 from 1 April 2018; NABA left it.
        (date(2018, 3, 31), Nation.SCOTLAND, 45),
        (date(2018, 4, 1), Nation.SCOTLAND, 90),
        (date(2023, 1, 29), Nation.SCOTLAND, 90),
        (date(2023, 1, 30), Nation.SCOTLAND, 90),
        # Northern Ireland: 45 days throughout (HTE (CJSV) Act (NI) 2015 s18).
        (date(2018, 4, 1), Nation.NORTHERN_IRELAND, 45),
        (date(2023, 1, 29), Nation.NORTHERN_IRELAND, 45),
        (date(2023, 1, 30), Nation.NORTHERN_IRELAND, 45),
    ],
)
def test_the_recovery_period_follows_the_nation_and_date(
    day: date, nation: Nation, days: int
) -> None:
    assert UK.rules_on(day, nation).recovery_period_days == days


@pytest.mark.parametrize("nation", ALL_NATIONS)
def test_the_minimum_before_a_cg_fell_from_45_to_30_days_on_30_january_2023(
    nation: Nation,
) -> None:
    assert UK.rules_on(date(2023, 1, 29), nation).cg_min_days_after_rg == 45
    assert UK.rules_on(date(2023, 1, 30), nation).cg_min_days_after_rg == 30


@pytest.mark.parametrize("nation", ALL_NATIONS)
def test_reconsideration_window_is_30_days_from_1_february_2024(nation: Nation) -> None:
    assert UK.rules_on(date(2024, 1, 31), nation).reconsideration_window_days is None
    assert UK.rules_on(date(2024, 2, 1), nation).reconsideration_window_days == 30
    assert UK.rules_on(date(2024, 2, 1), nation).support_during_reconsideration is False


NEITHER = ByAgeGroup(child=False, adult=False)
BOTH = ByAgeGroup(child=True, adult=True)


@pytest.mark.parametrize("nation", ALL_NATIONS)
@pytest.mark.parametrize(
    ("day", "reviewed"),
    [
        (date(2019, 3, 31), NEITHER),
        (date(2019, 4, 1), BOTH),  # Multi-Agency Assurance Panels, April 2019
        (date(2022, 12, 31), BOTH),
        (date(2023, 1, 1), NEITHER),  # removed in December 2022
    ],
)
def test_negative_cg_review_ran_from_april_2019_to_december_2022(
    day: date, reviewed: ByAgeGroup, nation: Nation
) -> None:
    rules = UK.rules_on(day, nation)
    assert rules.review_negative_cg == reviewed
    assert rules.review_negative_rg == NEITHER  # never in the UK


def test_review_timing_and_quality_checks_are_data() -> None:
    for nation in Nation:
        rules = UK.rules_on(date(2025, 6, 2), nation)
        assert rules.review_due_working_days == 10
        assert rules.quality_check_negative_rg is True
        assert rules.quality_check_negative_cg is True


@pytest.mark.parametrize("nation", ALL_NATIONS)
def test_move_on_support_rose_from_14_to_45_days_in_april_2019(nation: Nation) -> None:
    assert UK.rules_on(date(2019, 3, 31), nation).move_on_days == 14
    assert UK.rules_on(date(2019, 4, 1), nation).move_on_days == 45


@pytest.mark.parametrize("nation", ALL_NATIONS)
def test_public_order_disqualification_is_for_adults_from_30_january_2023(
    nation: Nation,
) -> None:
    # NABA 2022 s63
    assert UK.rules_on(date(2023, 1, 29), nation).public_order_disqualification_available == (
        NEITHER
    )
    assert UK.rules_on(date(2023, 1, 30), nation).public_order_disqualification_available == (
        ByAgeGroup(child=False, adult=True)
    )


@pytest.mark.parametrize(
    ("day", "panel_days", "min_days", "same_meeting", "quorum"),
    [
        (date(2021, 5, 31), None, None, False, None),
        (date(2021, 6, 1), 45, 100, True, ("childrens_social_care", "police", "health")),
    ],
)
def test_panel_rules_start_with_the_pilot(
    day: date,
    panel_days: int | None,
    min_days: int | None,
    same_meeting: bool,
    quorum: tuple[str, ...] | None,
) -> None:
    for nation in Nation:
        rules = UK.rules_on(day, nation)
        assert rules.panel_rg_target_days == panel_days
        assert rules.panel_min_days_before_18th_birthday == min_days
        assert rules.panel_cg_at_rg_meeting is same_meeting
        assert rules.panel_quorum_agencies == quorum
        assert rules.ca_rg_target_working_days == 5


def test_rules_before_the_first_version_are_an_error() -> None:
    assert UK.rules_on(date(2009, 4, 1), Nation.WALES).effective_from == date(2009, 4, 1)
    with pytest.raises(PolicyError, match="no NRM rules are recorded before 2009-04-01"):
        UK.rules_on(date(2009, 3, 31), Nation.WALES)


def test_nations_may_be_given_by_their_value_and_unknown_ones_are_refused() -> None:
    assert UK.rules_on(date(2024, 1, 1), "scotland").nation is Nation.SCOTLAND
    with pytest.raises(PolicyError, match="not a UK nation"):
        UK.rules_on(date(2024, 1, 1), "cornwall")


def test_rules_in_force_is_the_one_entry_point() -> None:
    day = date(2024, 1, 1)
    assert rules_in_force(day, Nation.SCOTLAND) is UK.rules_on(day, Nation.SCOTLAND)
    reformed = load_jurisdiction("uk_reformed")
    assert rules_in_force(day, "wales", reformed) is reformed.rules_on(day, Nation.WALES)


def test_rules_on_without_a_nation_warns_and_uses_england_and_wales() -> None:
    with pytest.warns(DeprecationWarning, match="pass the nation"):
        rules = UK.rules_on(date(2024, 1, 1))
    assert rules is UK.rules_on(date(2024, 1, 1), Nation.ENGLAND)


@pytest.mark.parametrize("nation", ALL_NATIONS)
def test_versions_are_contiguous_and_the_last_is_open(nation: Nation) -> None:
    versions = UK.versions(nation)
    assert versions[0].effective_from == UK.rules_from
    for earlier, later in pairwise(versions):
        assert earlier.effective_to == later.effective_from - timedelta(days=1)
        assert earlier != later
    assert versions[-1].effective_to is None
    assert all(version.nation is nation for version in versions)


def test_every_rule_version_cites_a_source_in_every_nation() -> None:
    for rule in RULE_NAMES:
        for nation in Nation:
            assert all(version.source.strip() for version in UK.timeline(rule, nation))
    with pytest.raises(PolicyError, match="no rule called"):
        UK.timeline("appeal_window_days", Nation.ENGLAND)


def test_the_policy_document_names_every_rule() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert [rule for rule in RULE_NAMES if f"`{rule}`" not in text] == []


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2009, 4, 1), date(2035, 12, 31)), st.sampled_from(ALL_NATIONS))
def test_rules_on_returns_the_version_whose_interval_contains_the_date(
    day: date, nation: Nation
) -> None:
    rules = UK.rules_on(day, nation)
    assert rules.covers(day)
    assert [version for version in UK.versions(nation) if version.covers(day)] == [rules]
    for rule in RULE_NAMES:
        (version,) = [v for v in UK.timeline(rule, nation) if v.covers(day)]
        assert nation in version.nations
        assert getattr(rules, rule) == version.value


# Synthetic jurisdictions, for the checks on load and for rules the UK does not have.

DEFAULT_VALUES = {
    "rg_threshold": '"reasonable grounds"',
    "cg_standard": '"balance of probabilities"',
    "ca_rg_target_working_days": "5",
    "panel_rg_target_days": "45",
    "recovery_period_days": "30",
    "cg_min_days_after_rg": "30",
    "negative_rg_paused": "false",
    "reconsideration_window_days": "30",
    "support_during_reconsideration": "false",
    "review_negative_rg": "{ child = false, adult = false }",
    "review_negative_cg": "{ child = false, adult = false }",
    "review_due_working_days": "10",
    "quality_check_negative_rg": "true",
    "quality_check_negative_cg": "true",
    "panel_min_days_before_18th_birthday": "100",
    "panel_cg_at_rg_meeting": "true",
    "panel_quorum_agencies": '["childrens_social_care", "police", "health"]',
    "move_on_days": "45",
    "public_order_disqualification_available": "{ child = false, adult = true }",
}


def rule_data(
    overrides: dict[str, str] | None = None, *, extra: str = "", nations: str = ""
) -> str:
    """Minimal valid TOML for jurisdiction "test", with some rules' versions replaced."""
    assert set(DEFAULT_VALUES) == set(RULE_NAMES)
    overrides = overrides or {}
    parts = [
        'jurisdiction = "test"',
        'name = "Testland"',
        'competent_authority = "Testland Competent Authority"',
        "rules_from = 2020-01-01",
        nations,
        extra,
    ]
    for rule, value in DEFAULT_VALUES.items():
        parts.append(
            overrides.get(
                rule,
                f'[[rules.{rule}]]\nfrom = 2020-01-01\nvalue = {value}\nsource = "test"\n',
            )
        )
    return "\n".join(parts)


def test_a_minimal_jurisdiction_covers_every_uk_nation_by_default() -> None:
    testland = jurisdiction_from_toml(rule_data(), code="test")
    assert testland.nations == tuple(Nation)
    assert testland.panel_phases == ()


def test_a_jurisdiction_can_switch_on_review_of_negative_rg_decisions_for_children() -> None:
    switched_on = """
[[rules.review_negative_rg]]
from = 2020-01-01
value = { child = false, adult = false }
source = "none yet"

[[rules.review_negative_rg]]
from = 2026-04-01
value = { child = true, adult = false }
source = "a new law"
"""
    testland = jurisdiction_from_toml(rule_data({"review_negative_rg": switched_on}), code="test")
    before = testland.rules_on(date(2026, 3, 31), Nation.WALES).review_negative_rg
    after = testland.rules_on(date(2026, 4, 1), Nation.WALES).review_negative_rg
    assert before == NEITHER
    assert after.applies(is_child=True) is True
    assert after.applies(is_child=False) is False


def test_a_rule_can_differ_by_nation_and_each_nation_changes_on_its_own_date() -> None:
    by_nation = """
[[rules.recovery_period_days]]
from = 2020-01-01
to = 2022-12-31
nations = ["england", "wales", "northern_ireland"]
value = 45
source = "a"

[[rules.recovery_period_days]]
from = 2023-01-01
nations = ["england", "wales", "northern_ireland"]
value = 30
source = "b"

[[rules.recovery_period_days]]
from = 2020-01-01
to = 2021-06-30
nations = ["scotland"]
value = 45
source = "c"

[[rules.recovery_period_days]]
from = 2021-07-01
nations = ["scotland"]
value = 90
source = "d"
"""
    testland = jurisdiction_from_toml(rule_data({"recovery_period_days": by_nation}), code="test")
    assert testland.rules_on(date(2021, 7, 1), "scotland").recovery_period_days == 90
    assert testland.rules_on(date(2021, 7, 1), "england").recovery_period_days == 45
    assert testland.rules_on(date(2023, 1, 1), "northern_ireland").recovery_period_days == 30
    assert testland.rules_on(date(2023, 1, 1), "scotland").recovery_period_days == 90
    # Each nation's versions are split where its own rules change, not another nation's.
    assert [v.effective_from for v in testland.versions("scotland")] == [
        date(2020, 1, 1),
        date(2021, 7, 1),
    ]
    assert [v.effective_from for v in testland.versions("wales")] == [
        date(2020, 1, 1),
        date(2023, 1, 1),
    ]


def test_a_jurisdiction_may_cover_fewer_nations() -> None:
    two = jurisdiction_from_toml(rule_data(nations='nations = ["england", "wales"]'), code="test")
    assert two.nations == (Nation.ENGLAND, Nation.WALES)
    with pytest.raises(PolicyError, match="has no rules for scotland"):
        two.rules_on(date(2024, 1, 1), Nation.SCOTLAND)
    scottish_version = (
        '[[rules.move_on_days]]\nfrom = 2020-01-01\nnations = ["scotland"]\nvalue = 1\n'
        'source = "x"\n'
    )
    with pytest.raises(PolicyError, match="not nations of this jurisdiction"):
        jurisdiction_from_toml(
            rule_data({"move_on_days": scottish_version}, nations='nations = ["england"]'),
            code="test",
        )


@pytest.mark.parametrize(
    ("versions", "message"),
    [
        (  # Scotland has a gap; the other nations are complete.
            """
[[rules.recovery_period_days]]
from = 2020-01-01
nations = ["england", "wales", "northern_ireland"]
value = 45
source = "a"

[[rules.recovery_period_days]]
from = 2020-01-01
to = 2020-12-31
nations = ["scotland"]
value = 45
source = "b"

[[rules.recovery_period_days]]
from = 2021-02-01
nations = ["scotland"]
value = 90
source = "c"
""",
            r"recovery_period_days \(scotland\): gap between 2020-12-31 and 2021-02-01",
        ),
        (  # Wales has two versions from the same day.
            """
[[rules.recovery_period_days]]
from = 2020-01-01
value = 45
source = "a"

[[rules.recovery_period_days]]
from = 2020-01-01
nations = ["wales"]
value = 30
source = "b"
""",
            r"recovery_period_days \(wales\): the version from 2020-01-01 overlaps",
        ),
        (  # Northern Ireland is left out altogether.
            """
[[rules.recovery_period_days]]
from = 2020-01-01
nations = ["england", "wales", "scotland"]
value = 45
source = "a"
""",
            r"no version applies in \['northern_ireland'\]",
        ),
        (
            """
[[rules.recovery_period_days]]
from = 2020-01-01
nations = ["england", "cornwall"]
value = 45
source = "a"
""",
            "not a UK nation",
        ),
        (
            """
[[rules.recovery_period_days]]
from = 2020-01-01
nations = ["wales", "wales"]
value = 45
source = "a"
""",
            "list each nation once",
        ),
        (
            """
[[rules.recovery_period_days]]
from = 2020-01-01
nations = []
value = 45
source = "a"
""",
            "list each nation once",
        ),
    ],
)
def test_each_nation_timeline_is_checked_on_its_own(versions: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        jurisdiction_from_toml(rule_data({"recovery_period_days": versions}), code="test")


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
        (  # ends before it starts
            """
[[rules.recovery_period_days]]
from = 2020-01-01
to = 2019-12-31
value = 45
source = "a"
""",
            "before it starts",
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
        (
            """
[[rules.recovery_period_days]]
from = 2020-01-01T00:00:00
value = 45
source = "a"
""",
            "expected a date",
        ),
    ],
)
def test_bad_rule_timelines_are_refused_on_load(versions: str, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        jurisdiction_from_toml(rule_data({"recovery_period_days": versions}), code="test")


def test_a_rule_with_no_versions_is_refused() -> None:
    empty = rule_data({"recovery_period_days": ""}, extra="rules.recovery_period_days = []")
    with pytest.raises(PolicyError, match="recovery_period_days: no versions"):
        jurisdiction_from_toml(empty, code="test")


@pytest.mark.parametrize(
    ("rule", "value", "message"),
    [
        ("review_negative_cg", "true", "expected a table"),
        ("review_negative_cg", "{ child = true }", "takes { child"),
        ("review_negative_cg", '{ child = true, adult = "yes" }', "takes { child"),
        ("review_negative_cg", "{ child = true, adult = true, elderly = true }", "unknown keys"),
        ("panel_quorum_agencies", "[]", "list of names"),
        ("panel_quorum_agencies", '["police", 3]', "list of names"),
        ("panel_quorum_agencies", '["police", " "]', "list of names"),
        ("panel_quorum_agencies", '["police", "police"]', "lists a name twice"),
        ("panel_quorum_agencies", '"police"', "expected a list"),
        ("rg_threshold", '"  "', "cannot be empty"),
        ("negative_rg_paused", "0", "takes a bool"),
    ],
)
def test_age_group_and_list_values_are_checked(rule: str, value: str, message: str) -> None:
    versions = f'[[rules.{rule}]]\nfrom = 2020-01-01\nvalue = {value}\nsource = "a"\n'
    with pytest.raises(PolicyError, match=message):
        jurisdiction_from_toml(rule_data({rule: versions}), code="test")


def test_missing_and_unknown_rules_are_refused() -> None:
    with pytest.raises(PolicyError, match="rules missing"):
        jurisdiction_from_toml(rule_data({"cg_standard": ""}), code="test")
    unknown = '[[rules.appeal_days]]\nfrom = 2020-01-01\nvalue = 1\nsource = "x"\n'
    with pytest.raises(PolicyError, match="unknown keys"):
        jurisdiction_from_toml(rule_data() + unknown, code="test")


def test_the_file_must_name_its_own_jurisdiction() -> None:
    with pytest.raises(PolicyError, match="jurisdiction"):
        jurisdiction_from_toml(rule_data(), code="other")
    with pytest.raises(PolicyError, match="model takes true or false"):
        jurisdiction_from_toml(rule_data(extra='model = "yes"'), code="test")


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


NO_PANELS_UNTIL_2021 = """
[[rules.panel_rg_target_days]]
from = 2020-01-01
source = "no panels"

[[rules.panel_rg_target_days]]
from = 2021-06-01
value = 45
source = "pilot"
"""

EARLY_SITE = """
[[panel_phases]]
name = "Too early"
from = 2020-06-01
source = "test"

[[panel_phases.sites]]
name = "North"
authorities = ["A Council"]
"""


def test_a_site_cannot_start_before_panels_have_a_target() -> None:
    with pytest.raises(PolicyError, match="sets no target for panels"):
        jurisdiction_from_toml(
            rule_data({"panel_rg_target_days": NO_PANELS_UNTIL_2021}) + EARLY_SITE, code="test"
        )


def test_a_site_needs_a_panel_target_in_every_nation() -> None:
    scotland_later = """
[[rules.panel_rg_target_days]]
from = 2020-01-01
nations = ["england", "wales", "northern_ireland"]
value = 45
source = "pilot"

[[rules.panel_rg_target_days]]
from = 2020-01-01
to = 2020-12-31
nations = ["scotland"]
source = "no panels yet"

[[rules.panel_rg_target_days]]
from = 2021-01-01
nations = ["scotland"]
value = 45
source = "pilot"
"""
    with pytest.raises(PolicyError, match=r"sets no target for panels \(scotland\)"):
        jurisdiction_from_toml(
            rule_data({"panel_rg_target_days": scotland_later}) + EARLY_SITE, code="test"
        )


def test_loading_the_uk_rules_raises_no_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for nation in Nation:
            rules_in_force(date(2025, 1, 1), nation)
