"""The transition table, explored by a Hypothesis state machine."""

from datetime import date, timedelta

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from opennrm.access.policy import Permission
from opennrm.cases.domain import (
    FINAL_STATES,
    TABLE,
    Action,
    CaseFacts,
    State,
    TransitionRefused,
    WithdrawalReason,
    allowed_actions,
    next_state,
    permission_for,
    transition_rows,
)

CASE_PERMISSIONS = sorted(p for p in Permission if p.value.startswith("case."))
DECIDE = frozenset({Permission.CASE_DECIDE})
LEGAL = {(t.state, t.action) for t in TABLE}


class CaseLifecycle(RuleBasedStateMachine):
    """Drive one case with random actions, facts and roles; check the rules always hold."""

    @initialize(is_child=st.booleans())
    def open_case(self, is_child: bool) -> None:
        self.state = State.AWAITING_RG
        self.is_child = is_child
        self.today = date(2024, 3, 1)
        self.cg_earliest: date | None = None
        self.recovery_ends: date | None = None
        self.suspended_from: State | None = None
        self.had_positive_rg = False

    @rule(
        action=st.sampled_from(list(Action)),
        permissions=st.frozensets(st.sampled_from(CASE_PERMISSIONS), max_size=3),
        rationale=st.sampled_from(["", "Clear account with indicators"]),
        consulted=st.booleans(),
        consent=st.booleans(),
        review=st.booleans(),
        days_on=st.integers(0, 60),
    )
    def act(self, action, permissions, rationale, consulted, consent, review, days_on) -> None:
        self.today += timedelta(days=days_on)
        facts = CaseFacts(
            is_child=self.is_child,
            today=self.today,
            cg_earliest=self.cg_earliest,
            recovery_period_ends=self.recovery_ends,
            rationale=rationale,
            local_authority_consulted=consulted,
            child_wishes_and_feelings="Wants to stay at school" if consulted else "",
            consultations_complete=consulted,
            written_consent=consent,
            withdrawal_reason=WithdrawalReason.DUPLICATE if consent else None,
            duplicate_of="NRM-2024-000001" if consent else "",
            reason=rationale,
            suspended_from=self.suspended_from,
            needs_review=review,
        )
        try:
            to_state = next_state(self.state, action, permissions, facts)
        except TransitionRefused:
            return
        # Only transitions in the table ever succeed, and only with the permission it needs.
        transition = next(t for t in TABLE if (t.state, t.action) == (self.state, action))
        assert transition.permission in permissions
        assert (self.state, action) in LEGAL
        if action in (Action.DECIDE_CG_POSITIVE, Action.DECIDE_CG_NEGATIVE):
            assert self.had_positive_rg, "no CG decision before a positive RG"
            assert self.cg_earliest is not None and self.today >= self.cg_earliest
        if action in (Action.DECIDE_RG_POSITIVE, Action.DECIDE_RG_NEGATIVE) and self.is_child:
            assert consulted, "a child's RG needs the local authority and their wishes"
        if action is Action.WITHDRAW:
            assert not self.is_child, "a child's case is never withdrawn at their request"
        if action is Action.WITHDRAW_IN_ERROR:
            assert consent and rationale, "withdrawn in error only with a reason and reference"
            assert Permission.CASE_WITHDRAW_IN_ERROR in permissions
        if action is Action.SUSPEND:
            self.suspended_from = self.state
        if action is Action.REINSTATE:
            assert to_state == self.suspended_from
            self.suspended_from = None
        if action is Action.DECIDE_RG_POSITIVE:
            self.had_positive_rg = True
            self.cg_earliest = self.today + timedelta(days=30)
            self.recovery_ends = self.cg_earliest
        self.state = to_state

    @invariant()
    def final_states_have_no_way_out(self) -> None:
        # A final decision is reopened only by an accepted reconsideration.
        if self.state in FINAL_STATES:
            assert all(t.action is Action.RECONSIDER for t in TABLE if t.state == self.state)


TestCaseLifecycle = CaseLifecycle.TestCase


def test_cg_before_the_earliest_date_names_the_date() -> None:
    facts = CaseFacts(
        is_child=False, today=date(2024, 3, 1), cg_earliest=date(2024, 3, 31), rationale="x"
    )
    with pytest.raises(TransitionRefused, match="before 31 March 2024"):
        next_state(State.RECOVERY_PERIOD, Action.DECIDE_CG_POSITIVE, DECIDE, facts)


def test_negative_decision_goes_to_review_when_the_policy_says_so() -> None:
    facts = CaseFacts(is_child=False, today=date(2020, 1, 1), rationale="x", needs_review=True)
    assert (
        next_state(State.AWAITING_RG, Action.DECIDE_RG_NEGATIVE, DECIDE, facts) == State.RG_REVIEW
    )


def test_without_the_permission_nobody_decides() -> None:
    facts = CaseFacts(is_child=False, today=date(2024, 1, 1), rationale="x")
    with pytest.raises(TransitionRefused, match="role"):
        next_state(
            State.AWAITING_RG,
            Action.DECIDE_RG_POSITIVE,
            frozenset({Permission.CASE_VIEW, Permission.CASE_MANAGE}),
            facts,
        )
    assert allowed_actions(State.AWAITING_RG, frozenset({Permission.CASE_VIEW})) == []


def test_a_childs_case_is_withdrawn_only_as_made_in_error_or_a_duplicate() -> None:
    facts = CaseFacts(is_child=True, today=date(2024, 1, 1), written_consent=True, reason="x")
    everything = frozenset(CASE_PERMISSIONS)
    with pytest.raises(TransitionRefused, match="senior caseworker"):
        next_state(State.AWAITING_RG, Action.WITHDRAW, everything, facts)
    duplicate = CaseFacts(
        is_child=True,
        today=date(2024, 1, 1),
        reason="Referred twice by two officers",
        withdrawal_reason=WithdrawalReason.DUPLICATE,
        duplicate_of="NRM-2024-000007",
    )
    assert next_state(State.AWAITING_RG, Action.WITHDRAW_IN_ERROR, everything, duplicate) == (
        State.WITHDRAWN
    )
    with pytest.raises(TransitionRefused, match="reference of the referral"):
        next_state(
            State.AWAITING_RG,
            Action.WITHDRAW_IN_ERROR,
            everything,
            CaseFacts(
                is_child=True,
                today=date(2024, 1, 1),
                reason="x",
                withdrawal_reason=WithdrawalReason.DUPLICATE,
            ),
        )


def test_every_action_needs_one_permission_whatever_the_state() -> None:
    for action in Action:
        needed = {t.permission for t in TABLE if t.action is action}
        assert needed == {permission_for(action)}


def test_the_table_renders_for_the_docs() -> None:
    rows = transition_rows()
    assert rows[0][:3] == ("awaiting_rg", "decide_rg_positive", "recovery_period")
    assert len(rows) == len(TABLE)
