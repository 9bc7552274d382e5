"""Which deadline a case faces next: examples per phase, and properties (never a date for a
closed case; always the earliest relevant date)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opennrm.cases.domain import State
from opennrm.policy import CasePhase, DeadlineKind, NextDeadline, next_deadline

D = date(2026, 3, 2)
ALL_DATES = {
    "rg_due": D,
    "recovery_period_ends": D + timedelta(days=40),
    "cg_earliest": D + timedelta(days=35),
    "review_due": D + timedelta(days=12),
    "reconsideration_due": D + timedelta(days=30),
}


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        (CasePhase.AWAITING_RG, NextDeadline(DeadlineKind.RG_DUE, D)),
        (CasePhase.RG_REVIEW, NextDeadline(DeadlineKind.REVIEW_DUE, D + timedelta(days=12))),
        # In the recovery period the earlier of its end and the first CG date comes first.
        (
            CasePhase.RECOVERY_PERIOD,
            NextDeadline(DeadlineKind.CG_POSSIBLE_FROM, D + timedelta(days=35)),
        ),
        (
            CasePhase.AWAITING_CG,
            NextDeadline(DeadlineKind.CG_POSSIBLE_FROM, D + timedelta(days=35)),
        ),
        (CasePhase.CG_REVIEW, NextDeadline(DeadlineKind.REVIEW_DUE, D + timedelta(days=12))),
        (
            CasePhase.NEGATIVE_RG,
            NextDeadline(DeadlineKind.RECONSIDERATION_DUE, D + timedelta(days=30)),
        ),
        (
            CasePhase.NEGATIVE_CG,
            NextDeadline(DeadlineKind.RECONSIDERATION_DUE, D + timedelta(days=30)),
        ),
        (CasePhase.POSITIVE_CG, None),
        (CasePhase.WITHDRAWN, None),
        (CasePhase.SUSPENDED, None),
    ],
)
def test_each_phase_faces_its_own_deadline(phase: CasePhase, expected: NextDeadline | None) -> None:
    assert next_deadline(phase, **ALL_DATES) == expected
    assert next_deadline(phase.value, **ALL_DATES) == expected


def test_the_result_unpacks_as_kind_and_date() -> None:
    result = next_deadline("awaiting_rg", rg_due=D)
    assert result is not None
    kind, on = result
    assert (kind, on) == (DeadlineKind.RG_DUE, D)


def test_an_overdue_deadline_still_counts_but_a_lapsed_reconsideration_window_does_not() -> None:
    later = D + timedelta(days=100)
    assert next_deadline("awaiting_rg", rg_due=D, today=later) == (DeadlineKind.RG_DUE, D)
    due = D + timedelta(days=30)
    assert next_deadline("negative_rg", reconsideration_due=due, today=due) == (
        DeadlineKind.RECONSIDERATION_DUE,
        due,
    )
    assert next_deadline("negative_rg", reconsideration_due=due, today=due + timedelta(1)) is None


def test_a_phase_whose_dates_are_unknown_has_no_deadline() -> None:
    assert next_deadline("awaiting_rg") is None
    # Before February 2024 there was no reconsideration window.
    assert next_deadline("negative_cg", reconsideration_due=None) is None


def test_the_phases_are_the_case_states() -> None:
    assert {phase.value for phase in CasePhase} == {state.value for state in State}


maybe_dates = st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 12, 31)))
CLOSED = {CasePhase.POSITIVE_CG, CasePhase.WITHDRAWN, CasePhase.SUSPENDED}
RELEVANT = {
    CasePhase.AWAITING_RG: {"rg_due"},
    CasePhase.RG_QUALITY_CHECK: {"rg_due"},
    CasePhase.CG_QUALITY_CHECK: set(),
    CasePhase.RG_REVIEW: {"review_due"},
    CasePhase.RECOVERY_PERIOD: {"recovery_period_ends", "cg_earliest"},
    CasePhase.AWAITING_CG: {"cg_earliest"},
    CasePhase.CG_REVIEW: {"review_due"},
    CasePhase.NEGATIVE_RG: {"reconsideration_due"},
    CasePhase.NEGATIVE_CG: {"reconsideration_due"},
}
KIND_OF = {
    "rg_due": DeadlineKind.RG_DUE,
    "recovery_period_ends": DeadlineKind.RECOVERY_PERIOD_ENDS,
    "cg_earliest": DeadlineKind.CG_POSSIBLE_FROM,
    "review_due": DeadlineKind.REVIEW_DUE,
    "reconsideration_due": DeadlineKind.RECONSIDERATION_DUE,
}


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(list(CasePhase)),
    st.fixed_dictionaries(dict.fromkeys(ALL_DATES, maybe_dates)),
    maybe_dates,
)
def test_the_next_deadline_is_the_earliest_relevant_date_and_never_for_a_closed_case(
    phase: CasePhase, dates: dict[str, date | None], today: date | None
) -> None:
    result = next_deadline(phase, **dates, today=today)
    if phase in CLOSED:
        assert result is None
        return
    relevant = {
        name: on
        for name in RELEVANT[phase]
        if (on := dates[name]) is not None
        and not (name == "reconsideration_due" and today is not None and today > on)
    }
    if not relevant:
        assert result is None
        return
    assert result is not None
    assert result.on == min(relevant.values())
    assert result.kind in {KIND_OF[name] for name, on in relevant.items() if on == result.on}
