"""Deadline arithmetic under the rules in force at the date the law makes decisive, in the
nation of the case."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opennrm.policy import PolicyError
from opennrm.policy.calendar import Nation, working_days_between
from opennrm.policy.deadlines import (
    DecisionMakerType,
    cg_earliest,
    move_on_ends,
    panel_cg_effective_on,
    reconsideration_deadline,
    reconsideration_in_time,
    recovery_period_ends,
    review_due,
    rg_due,
    rg_target_in_working_days,
    time_left,
)

CA = DecisionMakerType.COMPETENT_AUTHORITY
nations = st.sampled_from(list(Nation))


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
    with pytest.raises(PolicyError, match="not a UK nation"):
        rg_due(date(2025, 12, 24), "cornwall", "competent_authority")


def test_panel_rg_is_due_45_calendar_days_after_receipt() -> None:
    # Bank holidays make no difference to calendar days.
    for nation in Nation:
        assert rg_due(date(2026, 11, 20), nation, DecisionMakerType.PANEL) == date(2027, 1, 4)
    assert rg_due(date(2021, 6, 1), Nation.WALES, "panel") == date(2021, 7, 16)


def test_there_is_no_panel_target_before_the_pilot() -> None:
    with pytest.raises(PolicyError, match="No devolved child decision-making panels"):
        rg_due(date(2021, 5, 31), Nation.WALES, DecisionMakerType.PANEL)


def test_only_the_competent_authority_counts_its_rg_target_in_working_days() -> None:
    assert rg_target_in_working_days(CA) is True
    assert rg_target_in_working_days("competent_authority") is True
    assert rg_target_in_working_days(DecisionMakerType.PANEL) is False
    with pytest.raises(ValueError):
        rg_target_in_working_days("someone_else")


@pytest.mark.parametrize(
    ("rg_decided_on", "nation", "recovery_days", "cg_days"),
    [
        (date(2019, 3, 1), Nation.ENGLAND, 45, 45),
        (date(2023, 1, 29), Nation.ENGLAND, 45, 45),  # the period in force on the RG date
        (date(2023, 1, 30), Nation.ENGLAND, 30, 30),  # NABA 2022 s61
        (date(2023, 1, 29), Nation.WALES, 45, 45),
        (date(2023, 1, 30), Nation.WALES, 30, 30),
        # Scotland: 90 days of support from 1 April 2018 (SSI 2018/90); the CG may still
        # come after the UK minimum, and support then ends with it.
        (date(2018, 3, 31), Nation.SCOTLAND, 45, 45),
        (date(2018, 4, 1), Nation.SCOTLAND, 90, 45),
        (date(2023, 1, 30), Nation.SCOTLAND, 90, 30),
        # Northern Ireland: 45 days of support throughout (s18 of the 2015 NI Act).
        (date(2023, 1, 29), Nation.NORTHERN_IRELAND, 45, 45),
        (date(2023, 1, 30), Nation.NORTHERN_IRELAND, 45, 30),
    ],
)
def test_recovery_period_and_earliest_cg_date_follow_the_nation(
    rg_decided_on: date, nation: Nation, recovery_days: int, cg_days: int
) -> None:
    assert recovery_period_ends(rg_decided_on, nation) == rg_decided_on + timedelta(
        days=recovery_days
    )
    assert cg_earliest(rg_decided_on, nation) == rg_decided_on + timedelta(days=cg_days)


def test_an_rg_decision_just_before_the_change_keeps_45_days() -> None:
    # Decided on 29 Jan 2023: the CG may not be made before 15 March 2023, even though
    # a 30-day period was in force by then.
    assert cg_earliest(date(2023, 1, 29), Nation.ENGLAND) == date(2023, 3, 15)
    assert cg_earliest(date(2023, 1, 30), Nation.ENGLAND) == date(2023, 3, 1)


def test_calls_without_a_nation_warn_and_use_england_and_wales() -> None:
    with pytest.warns(DeprecationWarning, match="recovery_period_ends"):
        assert recovery_period_ends(date(2023, 1, 30)) == date(2023, 3, 1)
    with pytest.warns(DeprecationWarning, match="cg_earliest"):
        assert cg_earliest(date(2023, 1, 29)) == date(2023, 3, 15)
    with pytest.warns(DeprecationWarning, match="reconsideration_deadline"):
        assert reconsideration_deadline(date(2024, 2, 1)) == date(2024, 3, 2)


@pytest.mark.parametrize("nation", list(Nation))
def test_reconsideration_window_is_30_calendar_days_from_1_february_2024(nation: Nation) -> None:
    assert reconsideration_deadline(date(2024, 1, 31), nation) is None
    assert reconsideration_deadline(date(2024, 2, 1), nation) == date(2024, 3, 2)  # leap year
    assert reconsideration_deadline(date(2025, 12, 10), nation) == date(2026, 1, 9)


@pytest.mark.parametrize(
    ("decided_on", "requested_on", "in_time"),
    [
        (date(2024, 1, 31), date(2026, 1, 31), True),  # no window before February 2024
        (date(2024, 2, 1), date(2024, 2, 1), True),
        (date(2024, 2, 1), date(2024, 3, 2), True),  # the 30th day
        (date(2024, 2, 1), date(2024, 3, 3), False),
        (date(2025, 12, 10), date(2026, 1, 9), True),
        (date(2025, 12, 10), date(2026, 1, 10), False),
    ],
)
def test_a_reconsideration_request_is_in_time_up_to_the_deadline(
    decided_on: date, requested_on: date, in_time: bool
) -> None:
    for nation in Nation:
        assert reconsideration_in_time(decided_on, requested_on, nation) is in_time


def test_a_request_before_the_decision_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot come before the decision"):
        reconsideration_in_time(date(2025, 1, 10), date(2025, 1, 9), Nation.ENGLAND)


@pytest.mark.parametrize(
    ("sent_on", "nation", "due"),
    [
        (date(2026, 11, 20), Nation.ENGLAND, date(2026, 12, 4)),  # two weeks, no holidays
        # St Andrew's Day (Mon 30 Nov 2026) pushes Scotland a day later.
        (date(2026, 11, 20), Nation.SCOTLAND, date(2026, 12, 7)),
        # Easter 2026: Good Friday everywhere, Easter Monday not in Scotland.
        (date(2026, 4, 1), Nation.ENGLAND, date(2026, 4, 17)),
        (date(2026, 4, 1), Nation.SCOTLAND, date(2026, 4, 16)),
    ],
)
def test_review_is_due_ten_working_days_after_it_is_sent(
    sent_on: date, nation: Nation, due: date
) -> None:
    assert review_due(sent_on, nation) == due
    assert working_days_between(sent_on, due, nation) == 10


@pytest.mark.parametrize("nation", list(Nation))
def test_move_on_lasts_14_days_then_45_from_april_2019(nation: Nation) -> None:
    assert move_on_ends(date(2019, 3, 31), nation) == date(2019, 4, 14)
    assert move_on_ends(date(2019, 4, 1), nation) == date(2019, 5, 16)


RG_2024 = date(2024, 3, 4)


@pytest.mark.parametrize(
    ("recorded", "nation", "effective"),
    [
        # Recorded at the RG meeting: issued when the 30-day minimum has run.
        (RG_2024, Nation.WALES, date(2024, 4, 3)),
        (RG_2024, Nation.SCOTLAND, date(2024, 4, 3)),  # not Scotland's 90-day support period
        (date(2024, 3, 20), Nation.ENGLAND, date(2024, 4, 3)),
        # Recorded after the earliest date: issued when recorded.
        (date(2024, 4, 3), Nation.ENGLAND, date(2024, 4, 3)),
        (date(2024, 5, 1), Nation.NORTHERN_IRELAND, date(2024, 5, 1)),
    ],
)
def test_a_panel_cg_takes_effect_on_the_earliest_date_the_policy_allows(
    recorded: date, nation: Nation, effective: date
) -> None:
    assert panel_cg_effective_on(RG_2024, recorded, nation) == effective


def test_a_panel_cg_recorded_early_needs_the_same_meeting_rule() -> None:
    # Before the pilot (31 May 2021) a CG could not be recorded before the minimum had run.
    with pytest.raises(PolicyError, match="could not record a conclusive-grounds decision"):
        panel_cg_effective_on(date(2021, 5, 31), date(2021, 5, 31), Nation.WALES)
    # From the pilot's first day it could.
    assert panel_cg_effective_on(date(2021, 6, 1), date(2021, 6, 1), "wales") == date(2021, 7, 16)
    # After the minimum has run the rule does not matter.
    late = panel_cg_effective_on(date(2021, 5, 31), date(2021, 8, 1), Nation.WALES)
    assert late == date(2021, 8, 1)


def test_a_cg_cannot_be_recorded_before_the_rg() -> None:
    with pytest.raises(ValueError, match="before the RG decision"):
        panel_cg_effective_on(RG_2024, RG_2024 - timedelta(days=1), Nation.WALES)


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2021, 6, 1), date(2030, 12, 31)), st.integers(0, 200), nations)
def test_a_panel_cg_takes_effect_on_the_later_of_recording_and_the_earliest_date(
    rg: date, gap: int, nation: Nation
) -> None:
    recorded = rg + timedelta(days=gap)
    effective = panel_cg_effective_on(rg, recorded, nation)
    assert effective == max(recorded, cg_earliest(rg, nation))


@pytest.mark.parametrize(
    ("due", "today", "working", "left"),
    [
        (date(2026, 11, 27), date(2026, 11, 24), True, 3),  # Friday, from Tuesday
        (date(2026, 11, 27), date(2026, 12, 1), True, -2),
        (date(2026, 11, 27), date(2026, 11, 27), True, 0),
        (date(2026, 11, 27), date(2026, 11, 24), False, 3),
        (date(2026, 11, 30), date(2026, 11, 27), True, 1),  # over a weekend
        (date(2026, 11, 30), date(2026, 11, 27), False, 3),
    ],
)
def test_time_left_counts_working_or_calendar_days(
    due: date, today: date, working: bool, left: int
) -> None:
    assert time_left(due, today, nation=Nation.ENGLAND, in_working_days=working) == left


def test_time_left_uses_the_nations_holidays() -> None:
    # St Andrew's Day, Monday 30 November 2026.
    friday, tuesday = date(2026, 11, 27), date(2026, 12, 1)
    assert time_left(tuesday, friday, nation="scotland", in_working_days=True) == 1
    assert time_left(tuesday, friday, nation="england", in_working_days=True) == 2


@settings(max_examples=200, deadline=None)
@given(
    st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    nations,
    st.booleans(),
)
def test_time_left_is_positive_before_zero_on_and_negative_after_the_due_date(
    due: date, today: date, nation: Nation, working: bool
) -> None:
    left = time_left(due, today, nation=nation, in_working_days=working)
    if today > due:
        assert left <= 0
    if today == due:
        assert left == 0
    if today < due:
        assert left >= 0
    if not working:
        assert left == (due - today).days
    assert abs(left) <= abs((due - today).days)
