"""Deadline arithmetic under the rules in force at the date the law makes decisive."""

from datetime import date, timedelta

import pytest

from opennrm.policy import PolicyError
from opennrm.policy.calendar import Nation
from opennrm.policy.deadlines import (
    DecisionMakerType,
    Outcome,
    Stage,
    cg_earliest,
    needs_independent_review,
    reconsideration_deadline,
    recovery_period_ends,
    rg_due,
)

CA = DecisionMakerType.COMPETENT_AUTHORITY


@pytest.mark.parametrize(
    ("received", "nation", "due"),
    [
        # An ordinary week: Friday to the following Friday.
        (date(2026, 11, 20), Nation.ENGLAND, date(2026, 11, 27)),
        # Christmas 2025: Thu 25 and Fri 26 Dec, Thu 1 Jan everywhere; Fri 2 Jan in Scotland.
        (date(2025, 12, 24), Nation.ENGLAND, date(2026, 1, 5)),
        (date(2025, 12, 24), Nation.WALES, date(2026, 1, 5)),
        (date(2025, 12, 24), Nation.NORTHERN_IRELAND, date(2026, 1, 5)),
        (date(2025, 12, 24), Nation.SCOTLAND, date(2026, 1, 6)),
        # 1-2 January: received on 31 Dec 2025, England counts Fri 2 Jan, Scotland does not.
        (date(2025, 12, 31), Nation.ENGLAND, date(2026, 1, 8)),
        (date(2025, 12, 31), Nation.SCOTLAND, date(2026, 1, 9)),
        # St Andrew's Day, Monday 30 November 2026, is a Scottish bank holiday.
        (date(2026, 11, 27), Nation.SCOTLAND, date(2026, 12, 7)),
        (date(2026, 11, 27), Nation.ENGLAND, date(2026, 12, 4)),
        # St Andrew's Day 2025 fell on a Sunday: observed Monday 1 December in Scotland.
        (date(2025, 11, 28), Nation.SCOTLAND, date(2025, 12, 8)),
        (date(2025, 11, 28), Nation.ENGLAND, date(2025, 12, 5)),
        # Easter 2026: Good Friday 3 April everywhere; Easter Monday 6 April not in Scotland.
        (date(2026, 4, 2), Nation.ENGLAND, date(2026, 4, 13)),
        (date(2026, 4, 2), Nation.WALES, date(2026, 4, 13)),
        (date(2026, 4, 2), Nation.SCOTLAND, date(2026, 4, 10)),
        # St Patrick's Day, Tuesday 17 March 2026, only in Northern Ireland.
        (date(2026, 3, 16), Nation.NORTHERN_IRELAND, date(2026, 3, 24)),
        (date(2026, 3, 16), Nation.ENGLAND, date(2026, 3, 23)),
        # Received at a weekend: counting still starts the next day.
        (date(2026, 11, 21), Nation.ENGLAND, date(2026, 11, 27)),
    ],
)
def test_competent_authority_rg_is_due_on_the_fifth_working_day_after_receipt(
    received: date, nation: Nation, due: date
) -> None:
    assert rg_due(received, nation, CA) == due


def test_rg_due_accepts_plain_values() -> None:
    assert rg_due(date(2025, 12, 24), "scotland", "competent_authority") == date(2026, 1, 6)


def test_panel_rg_is_due_45_calendar_days_after_receipt() -> None:
    # Bank holidays make no difference to calendar days.
    for nation in Nation:
        assert rg_due(date(2026, 11, 20), nation, DecisionMakerType.PANEL) == date(2027, 1, 4)
    assert rg_due(date(2021, 6, 1), Nation.WALES, "panel") == date(2021, 7, 16)


def test_there_is_no_panel_target_before_the_pilot() -> None:
    with pytest.raises(PolicyError, match="No devolved child decision-making panels"):
        rg_due(date(2021, 5, 31), Nation.WALES, DecisionMakerType.PANEL)


@pytest.mark.parametrize(
    ("rg_decided_on", "days"),
    [
        (date(2019, 3, 1), 45),
        (date(2023, 1, 29), 45),  # the period in force on the RG decision date applies
        (date(2023, 1, 30), 30),  # NABA 2022 s61
        (date(2025, 6, 30), 30),
    ],
)
def test_recovery_period_and_earliest_cg_date(rg_decided_on: date, days: int) -> None:
    assert recovery_period_ends(rg_decided_on) == rg_decided_on + timedelta(days=days)
    assert cg_earliest(rg_decided_on) == rg_decided_on + timedelta(days=days)


def test_an_rg_decision_just_before_the_change_keeps_45_days() -> None:
    # Decided on 29 Jan 2023: the CG may not be made before 15 March 2023, even though
    # a 30-day period was in force by then.
    assert cg_earliest(date(2023, 1, 29)) == date(2023, 3, 15)
    assert cg_earliest(date(2023, 1, 30)) == date(2023, 3, 1)


def test_reconsideration_window_is_30_calendar_days_from_1_february_2024() -> None:
    assert reconsideration_deadline(date(2024, 1, 31)) is None
    assert reconsideration_deadline(date(2024, 2, 1)) == date(2024, 3, 2)  # 2024 is a leap year
    assert reconsideration_deadline(date(2025, 12, 10)) == date(2026, 1, 9)


@pytest.mark.parametrize(
    ("decided_on", "reviewed"),
    [
        (date(2019, 6, 4), False),
        (date(2019, 6, 5), True),
        (date(2022, 12, 31), True),
        (date(2023, 1, 1), False),
    ],
)
def test_negative_cg_goes_to_independent_review_from_june_2019_to_december_2022(
    decided_on: date, reviewed: bool
) -> None:
    assert needs_independent_review(Stage.CONCLUSIVE_GROUNDS, Outcome.NEGATIVE, decided_on) is (
        reviewed
    )
    assert needs_independent_review("conclusive_grounds", "negative", decided_on) is reviewed


@pytest.mark.parametrize("decided_on", [date(2019, 6, 4), date(2020, 1, 1), date(2024, 1, 1)])
def test_positive_decisions_and_negative_rg_decisions_are_never_reviewed_in_the_uk(
    decided_on: date,
) -> None:
    assert not needs_independent_review(Stage.CONCLUSIVE_GROUNDS, Outcome.POSITIVE, decided_on)
    assert not needs_independent_review(Stage.REASONABLE_GROUNDS, Outcome.POSITIVE, decided_on)
    assert not needs_independent_review(Stage.REASONABLE_GROUNDS, Outcome.NEGATIVE, decided_on)
