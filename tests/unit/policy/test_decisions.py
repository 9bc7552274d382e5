"""What the rules say about a decision: its recorded wording, the 2023 pause on negative RG
decisions, independent review and quality checks, and public-order disqualification."""

from datetime import date

import pytest

from opennrm.policy import (
    Nation,
    Outcome,
    Stage,
    may_issue_negative_rg,
    needs_independent_review,
    needs_quality_check,
    public_order_disqualification_available,
    threshold_wording,
)
from opennrm.policy.rules import jurisdiction_from_toml
from tests.unit.policy.test_rules import (
    EVIDENCE_THRESHOLD,
    OBJECTIVE_THRESHOLD,
    OLD_THRESHOLD,
    rule_data,
)

ALL_NATIONS = list(Nation)
RG, CG = Stage.REASONABLE_GROUNDS, Stage.CONCLUSIVE_GROUNDS


@pytest.mark.parametrize("nation", ALL_NATIONS)
@pytest.mark.parametrize(
    ("decided_on", "wording"),
    [
        (date(2023, 1, 29), OLD_THRESHOLD),
        (date(2023, 1, 30), OBJECTIVE_THRESHOLD),
        (date(2023, 7, 9), OBJECTIVE_THRESHOLD),
        (date(2023, 7, 10), EVIDENCE_THRESHOLD),
    ],
)
def test_a_decision_records_the_wording_in_force_on_its_date(
    decided_on: date, wording: str, nation: Nation
) -> None:
    assert threshold_wording(RG, decided_on, nation) == wording
    assert threshold_wording("conclusive_grounds", decided_on, nation) == (
        "on the balance of probabilities"
    )


@pytest.mark.parametrize("nation", ALL_NATIONS)
@pytest.mark.parametrize(
    ("decided_on", "may_issue"),
    [
        (date(2023, 6, 27), True),
        (date(2023, 6, 28), False),
        (date(2023, 7, 9), False),
        (date(2023, 7, 10), True),
    ],
)
def test_negative_rg_decisions_were_held_back_from_28_june_to_9_july_2023(
    decided_on: date, may_issue: bool, nation: Nation
) -> None:
    assert may_issue_negative_rg(decided_on, nation) is may_issue


@pytest.mark.parametrize("nation", ALL_NATIONS)
@pytest.mark.parametrize("is_child", [True, False])
@pytest.mark.parametrize(
    ("decided_on", "reviewed"),
    [
        (date(2019, 3, 31), False),
        (date(2019, 4, 1), True),
        (date(2022, 12, 31), True),
        (date(2023, 1, 1), False),
    ],
)
def test_negative_cg_goes_to_independent_review_from_april_2019_to_december_2022(
    decided_on: date, reviewed: bool, is_child: bool, nation: Nation
) -> None:
    assert (
        needs_independent_review(CG, Outcome.NEGATIVE, decided_on, is_child=is_child, nation=nation)
        is reviewed
    )
    assert (
        needs_independent_review(
            "conclusive_grounds", "negative", decided_on, is_child=is_child, nation=nation.value
        )
        is reviewed
    )


@pytest.mark.parametrize("decided_on", [date(2019, 3, 31), date(2020, 1, 1), date(2024, 1, 1)])
@pytest.mark.parametrize("is_child", [True, False])
def test_positive_decisions_and_negative_rg_decisions_are_never_reviewed_in_the_uk(
    decided_on: date, is_child: bool
) -> None:
    for nation in Nation:
        for stage, outcome in [(CG, Outcome.POSITIVE), (RG, Outcome.POSITIVE), (RG, "negative")]:
            assert not needs_independent_review(
                stage, outcome, decided_on, is_child=is_child, nation=nation
            )


def test_old_calls_without_age_or_nation_warn_and_use_adult_england_rules() -> None:
    with (
        pytest.warns(DeprecationWarning, match="pass the nation"),
        pytest.warns(DeprecationWarning, match="pass is_child"),
    ):
        assert needs_independent_review(CG, Outcome.NEGATIVE, date(2020, 1, 1)) is True


@pytest.mark.parametrize("stage", [RG, CG])
def test_negative_decisions_are_quality_checked_before_review_or_issue(stage: Stage) -> None:
    for nation in Nation:
        assert needs_quality_check(stage, Outcome.NEGATIVE, date(2025, 1, 6), nation=nation)
        assert not needs_quality_check(stage, Outcome.POSITIVE, date(2025, 1, 6), nation=nation)


@pytest.mark.parametrize("nation", ALL_NATIONS)
@pytest.mark.parametrize(
    ("on", "is_child", "available"),
    [
        (date(2023, 1, 29), False, False),
        (date(2023, 1, 30), False, True),  # NABA 2022 s63
        (date(2023, 1, 29), True, False),
        (date(2023, 1, 30), True, False),
    ],
)
def test_public_order_disqualification_is_for_adults_from_30_january_2023(
    on: date, is_child: bool, available: bool, nation: Nation
) -> None:
    assert (
        public_order_disqualification_available(on, is_child=is_child, nation=nation) is available
    )


def test_quality_checks_are_switched_per_stage() -> None:
    rg_unchecked = (
        '[[rules.quality_check_negative_rg]]\nfrom = 2020-01-01\nvalue = false\nsource = "x"\n'
    )
    testland = jurisdiction_from_toml(
        rule_data({"quality_check_negative_rg": rg_unchecked}), code="test"
    )
    day = date(2024, 1, 2)
    assert not needs_quality_check(
        RG, Outcome.NEGATIVE, day, nation=Nation.WALES, jurisdiction=testland
    )
    assert needs_quality_check(
        CG, Outcome.NEGATIVE, day, nation=Nation.WALES, jurisdiction=testland
    )
