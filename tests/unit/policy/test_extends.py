"""A jurisdiction file may extend another: the reformed UK model, and the rules for
overriding, inheriting and refusing."""

from datetime import date
from pathlib import Path

import pytest

from opennrm.policy import (
    Jurisdiction,
    Nation,
    Outcome,
    PolicyError,
    Stage,
    load_jurisdiction,
    needs_independent_review,
)
from opennrm.policy import rules as rules_module
from opennrm.policy.rules import RULE_NAMES, jurisdiction_from_toml
from tests.unit.policy.test_rules import rule_data

UK = load_jurisdiction("uk")
REFORMED = load_jurisdiction("uk_reformed")


def test_the_reformed_model_extends_the_uk_rules() -> None:
    assert REFORMED.extends == "uk"
    assert REFORMED.model is True
    assert "model" in REFORMED.name
    assert REFORMED.competent_authority == UK.competent_authority
    assert REFORMED.rules_from == UK.rules_from
    assert REFORMED.nations == UK.nations
    assert REFORMED.panel_phases == UK.panel_phases


def test_rules_the_model_does_not_list_are_the_uks_in_every_nation() -> None:
    replaced = {"review_negative_rg", "review_negative_cg", "support_during_reconsideration"}
    for rule in RULE_NAMES:
        for nation in Nation:
            same = REFORMED.timeline(rule, nation) == UK.timeline(rule, nation)
            assert same is (rule not in replaced), (rule, nation)
    # Scotland keeps its own recovery period, England and Wales their 2023 change.
    assert REFORMED.rules_on(date(2024, 1, 1), Nation.SCOTLAND).recovery_period_days == 90
    assert REFORMED.rules_on(date(2023, 1, 29), Nation.WALES).recovery_period_days == 45


# Which negative decisions go to review, by jurisdiction code alone: (stage, child?) -> code.
REVIEWED = {
    ("uk", Stage.REASONABLE_GROUNDS, True): False,
    ("uk", Stage.REASONABLE_GROUNDS, False): False,
    ("uk", Stage.CONCLUSIVE_GROUNDS, True): False,
    ("uk", Stage.CONCLUSIVE_GROUNDS, False): False,
    ("uk_reformed", Stage.REASONABLE_GROUNDS, True): True,
    ("uk_reformed", Stage.REASONABLE_GROUNDS, False): False,
    ("uk_reformed", Stage.CONCLUSIVE_GROUNDS, True): True,
    ("uk_reformed", Stage.CONCLUSIVE_GROUNDS, False): True,
}


@pytest.mark.parametrize("nation", list(Nation))
@pytest.mark.parametrize(("code", "stage", "is_child"), list(REVIEWED))
def test_switching_the_jurisdiction_code_switches_which_decisions_go_to_review(
    code: str, stage: Stage, is_child: bool, nation: Nation
) -> None:
    jurisdiction = load_jurisdiction(code)
    decided_on = date(2026, 3, 2)
    assert (
        needs_independent_review(
            stage,
            Outcome.NEGATIVE,
            decided_on,
            is_child=is_child,
            nation=nation,
            jurisdiction=jurisdiction,
        )
        is REVIEWED[(code, stage, is_child)]
    )
    # Positive decisions are never reviewed, whatever the model.
    assert not needs_independent_review(
        stage,
        Outcome.POSITIVE,
        decided_on,
        is_child=is_child,
        nation=nation,
        jurisdiction=jurisdiction,
    )


def test_support_continues_during_reconsideration_only_in_the_model() -> None:
    day = date(2026, 3, 2)
    assert UK.rules_on(day, Nation.ENGLAND).support_during_reconsideration is False
    assert REFORMED.rules_on(day, Nation.ENGLAND).support_during_reconsideration is True


TESTLAND = jurisdiction_from_toml(rule_data(), code="test")


def extending(body: str, *, code: str = "child_of_test") -> Jurisdiction:
    header = f'jurisdiction = "{code}"\nextends = "test"\nname = "Extended Testland"\n'
    return jurisdiction_from_toml(header + body, code=code, resolve={"test": TESTLAND}.__getitem__)


def test_an_override_for_one_nation_leaves_the_others_as_the_base() -> None:
    scotland_only = """
[[rules.move_on_days]]
from = 2020-01-01
nations = ["scotland"]
value = 90
source = "Scottish model"
"""
    extended = extending(scotland_only)
    assert extended.rules_on(date(2024, 1, 1), Nation.SCOTLAND).move_on_days == 90
    for nation in (Nation.ENGLAND, Nation.WALES, Nation.NORTHERN_IRELAND):
        assert extended.rules_on(date(2024, 1, 1), nation).move_on_days == 45
    assert extended.competent_authority == "Testland Competent Authority"
    assert extended.model is False


def test_an_extension_may_rename_the_competent_authority_and_replace_panel_sites() -> None:
    body = """
competent_authority = "Independent Identification Authority"

[[panel_phases]]
name = "Everywhere"
from = 2020-01-01
source = "model"

[[panel_phases.sites]]
name = "All"
authorities = ["A Council", "B Council"]
"""
    extended = extending(body)
    assert extended.competent_authority == "Independent Identification Authority"
    assert [site.name for site in extended.panel_sites] == ["All"]
    assert TESTLAND.panel_sites == ()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("rules_from = 2021-01-01\n", "rules_from comes from 'test'"),
        ('nations = ["england"]\n', "nations comes from 'test'"),
        (  # an override must still say what applied from the start, in its nations
            '[[rules.move_on_days]]\nfrom = 2022-01-01\nnations = ["wales"]\nvalue = 1\n'
            'source = "x"\n',
            r"move_on_days \(wales\): the first version starts on 2022-01-01",
        ),
        (
            '[[rules.appeal_days]]\nfrom = 2020-01-01\nvalue = 1\nsource = "x"\n',
            "unknown keys",
        ),
        (  # removing the panel target while an inherited site is in force
            '[[rules.panel_rg_target_days]]\nfrom = 2020-01-01\nsource = "no panels"\n',
            "sets no target for panels",
        ),
    ],
)
def test_bad_extensions_are_refused(body: str, message: str) -> None:
    sites = """
[[panel_phases]]
name = "Phase 1"
from = 2021-06-01
source = "test"

[[panel_phases.sites]]
name = "North"
authorities = ["A Council"]
"""
    base = jurisdiction_from_toml(rule_data() + sites, code="test")
    header = 'jurisdiction = "child_of_test"\nextends = "test"\nname = "Extended"\n'
    with pytest.raises(PolicyError, match=message):
        jurisdiction_from_toml(
            header + body, code="child_of_test", resolve={"test": base}.__getitem__
        )


def test_a_jurisdiction_cannot_extend_itself_or_a_malformed_code() -> None:
    with pytest.raises(PolicyError, match="cannot extend itself"):
        jurisdiction_from_toml(
            'jurisdiction = "test"\nextends = "test"\nname = "Loop"\n',
            code="test",
            resolve={"test": TESTLAND}.__getitem__,
        )
    with pytest.raises(PolicyError, match="not a jurisdiction code"):
        jurisdiction_from_toml('jurisdiction = "x"\nextends = "../uk"\nname = "Bad"\n', code="x")


def test_extending_an_unknown_jurisdiction_is_refused() -> None:
    with pytest.raises(PolicyError, match="No rules for jurisdiction 'atlantis'"):
        jurisdiction_from_toml('jurisdiction = "x"\nextends = "atlantis"\nname = "X"\n', code="x")


def test_a_cycle_of_extensions_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cycle_a.toml").write_text(
        'jurisdiction = "cycle_a"\nextends = "cycle_b"\nname = "A"\n', encoding="utf-8"
    )
    (tmp_path / "cycle_b.toml").write_text(
        'jurisdiction = "cycle_b"\nextends = "cycle_a"\nname = "B"\n', encoding="utf-8"
    )
    monkeypatch.setattr(rules_module, "DATA_DIR", tmp_path)
    with pytest.raises(PolicyError, match="cycle_a extends cycle_b extends cycle_a"):
        load_jurisdiction("cycle_a")


def test_extensions_can_chain(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "chain_base.toml").write_text(rule_data().replace('"test"', '"chain_base"', 1))
    (tmp_path / "chain_middle.toml").write_text(
        'jurisdiction = "chain_middle"\nextends = "chain_base"\nname = "Middle"\n'
        '[[rules.move_on_days]]\nfrom = 2020-01-01\nvalue = 60\nsource = "middle"\n'
    )
    (tmp_path / "chain_top.toml").write_text(
        'jurisdiction = "chain_top"\nextends = "chain_middle"\nname = "Top"\n'
        '[[rules.review_due_working_days]]\nfrom = 2020-01-01\nvalue = 5\nsource = "top"\n'
    )
    monkeypatch.setattr(rules_module, "DATA_DIR", tmp_path)
    top = load_jurisdiction("chain_top")
    rules = top.rules_on(date(2024, 1, 1), Nation.WALES)
    assert (rules.move_on_days, rules.review_due_working_days) == (60, 5)
    assert top.extends == "chain_middle"
