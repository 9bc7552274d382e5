"""The case lifecycle as a plain transition table: (state, action) → next state, with the
guard that must pass and the permission the access policy must grant on the case. Pure: no
Django, no database.

A non-developer can read the table below; ``transition_rows()`` renders it for the docs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from opennrm.access.policy import Permission
from opennrm.core.exceptions import ApplicationError


class State(StrEnum):
    AWAITING_RG = "awaiting_rg"
    RG_QUALITY_CHECK = "rg_quality_check"
    RG_REVIEW = "rg_review"
    NEGATIVE_RG = "negative_rg"
    RECOVERY_PERIOD = "recovery_period"
    AWAITING_CG = "awaiting_cg"
    CG_QUALITY_CHECK = "cg_quality_check"
    CG_REVIEW = "cg_review"
    POSITIVE_CG = "positive_cg"
    NEGATIVE_CG = "negative_cg"
    WITHDRAWN = "withdrawn"
    SUSPENDED = "suspended"


class Action(StrEnum):
    DECIDE_RG_POSITIVE = "decide_rg_positive"
    DECIDE_RG_NEGATIVE = "decide_rg_negative"
    RECOVERY_PERIOD_ENDED = "recovery_period_ended"
    DECIDE_CG_POSITIVE = "decide_cg_positive"
    DECIDE_CG_NEGATIVE = "decide_cg_negative"
    REVIEW_UPHOLD = "review_uphold"
    REVIEW_OVERTURN = "review_overturn"
    QUALITY_CHECK_PASS = "quality_check_pass"
    QUALITY_CHECK_RETURN = "quality_check_return"
    WITHDRAW = "withdraw"
    WITHDRAW_IN_ERROR = "withdraw_in_error"
    SUSPEND = "suspend"
    REINSTATE = "reinstate"
    EXTEND_RECOVERY_PERIOD = "extend_recovery_period"
    # A reconsideration request accepted: the decision is made again (``protection``).
    RECONSIDER = "reconsider"


class WithdrawalReason(StrEnum):
    """Why a case was withdrawn before a final decision."""

    # An adult may leave the NRM at any time before a decision, in writing.
    WRITTEN_REQUEST = "written_request"
    # The referral should never have been made (wrong person, made in error).
    MADE_IN_ERROR = "made_in_error"
    # The same person was already referred: the case continues under the other reference.
    DUPLICATE = "duplicate"


# Decisions are still open in these states; a decided case is closed.
OPEN_STATES = frozenset({State.AWAITING_RG, State.RECOVERY_PERIOD, State.AWAITING_CG})
FINAL_STATES = frozenset({State.NEGATIVE_RG, State.POSITIVE_CG, State.NEGATIVE_CG, State.WITHDRAWN})
REVIEW_STATES = frozenset({State.RG_REVIEW, State.CG_REVIEW})
# A negative decision proposed and waiting for a senior caseworker's quality check: not yet
# issued, nor sent to independent review.
QUALITY_CHECK_STATES = frozenset({State.RG_QUALITY_CHECK, State.CG_QUALITY_CHECK})
# Where a proposed negative decision waits before it is issued.
PROPOSED_STATES = REVIEW_STATES | QUALITY_CHECK_STATES


@dataclass(frozen=True)
class CaseFacts:
    """What the guards need to know, as plain values."""

    is_child: bool
    today: date
    cg_earliest: date | None = None
    recovery_period_ends: date | None = None
    rationale: str = ""
    local_authority_consulted: bool = False
    child_wishes_and_feelings: str = ""
    consultations_complete: bool = False
    written_consent: bool = False
    withdrawal_reason: WithdrawalReason | None = None
    duplicate_of: str = ""
    reason: str = ""
    suspended_from: State | None = None
    needs_review: bool = False
    needs_quality_check: bool = False


# A guard returns None when the action may go ahead, else (field, reason).
Guard = Callable[[CaseFacts], tuple[str, str] | None]


def _rationale(facts: CaseFacts) -> tuple[str, str] | None:
    return None if facts.rationale.strip() else ("rationale", "Enter the reasons for the decision")


def _rg_decision(facts: CaseFacts) -> tuple[str, str] | None:
    if problem := _rationale(facts):
        return problem
    # Children's cases are never decided without local child specialists (NRM.md §3.4).
    if facts.is_child and not facts.local_authority_consulted:
        return (
            "local_authority_consulted",
            "Confirm that the local authority was consulted about this child",
        )
    if facts.is_child and not facts.child_wishes_and_feelings.strip():
        return ("child_wishes_and_feelings", "Record the child's wishes and feelings")
    return None


def _cg_open(facts: CaseFacts) -> tuple[str, str] | None:
    # Not before the recovery period has run (NABA 2022 s61; RG date + 30/45 days).
    if facts.cg_earliest is None:
        return (
            "stage",
            "A conclusive grounds decision needs a positive reasonable grounds decision first",
        )
    if facts.today < facts.cg_earliest:
        return (
            "stage",
            "A conclusive grounds decision cannot be made before "
            f"{facts.cg_earliest:%-d %B %Y}, when the recovery period ends",
        )
    return None


def _cg_positive(facts: CaseFacts) -> tuple[str, str] | None:
    return _cg_open(facts) or _rationale(facts)


def _cg_negative(facts: CaseFacts) -> tuple[str, str] | None:
    if problem := _cg_open(facts) or _rationale(facts):
        return problem
    # Before a negative CG, the first responder, support provider, police and (for a child)
    # the local authority are consulted (statutory guidance).
    if not facts.consultations_complete:
        return (
            "consultations",
            "Record who was consulted before a negative conclusive grounds decision",
        )
    return None


def _recovery_over(facts: CaseFacts) -> tuple[str, str] | None:
    if facts.recovery_period_ends is None or facts.today < facts.recovery_period_ends:
        return ("action", "The recovery period has not ended yet")
    return None


def _withdraw(facts: CaseFacts) -> tuple[str, str] | None:
    # Only an adult can choose to leave the NRM; a child's referral is never withdrawn at
    # their request (children cannot consent, nor withdraw consent).
    if facts.is_child:
        return (
            "action",
            "A child's case cannot be withdrawn at their request: if the referral was made "
            "in error or is a duplicate, a senior caseworker can close it",
        )
    if not facts.written_consent:
        return ("written_consent", "Record the person's written request to withdraw")
    return None


def _withdraw_in_error(facts: CaseFacts) -> tuple[str, str] | None:
    if facts.withdrawal_reason not in (WithdrawalReason.MADE_IN_ERROR, WithdrawalReason.DUPLICATE):
        return ("withdrawal_reason", "Select why the referral is being withdrawn")
    if facts.withdrawal_reason is WithdrawalReason.DUPLICATE and not facts.duplicate_of.strip():
        return ("duplicate_of", "Enter the reference of the referral this one duplicates")
    return _reason(facts)


def _reason(facts: CaseFacts) -> tuple[str, str] | None:
    return None if facts.reason.strip() else ("reason", "Enter the reason")


def _reinstate(facts: CaseFacts) -> tuple[str, str] | None:
    if facts.suspended_from is None:
        return ("action", "This case was not suspended from an open state")
    return _reason(facts)


def _always(facts: CaseFacts) -> tuple[str, str] | None:
    return None


@dataclass(frozen=True)
class Transition:
    state: State
    action: Action
    to_state: State
    guard: Guard
    permission: Permission
    # Where the case goes instead when the policy sends the decision to independent review.
    review_state: State | None = None
    # Where the case goes first when the policy has a senior caseworker check the decision.
    check_state: State | None = None


DECIDE = Permission.CASE_DECIDE
REVIEW = Permission.CASE_REVIEW
CHECK = Permission.CASE_QUALITY_CHECK
MANAGE = Permission.CASE_MANAGE
WITHDRAW = Permission.CASE_WITHDRAW
WITHDRAW_IN_ERROR = Permission.CASE_WITHDRAW_IN_ERROR

TABLE: tuple[Transition, ...] = (
    Transition(
        State.AWAITING_RG, Action.DECIDE_RG_POSITIVE, State.RECOVERY_PERIOD, _rg_decision, DECIDE
    ),
    Transition(
        State.AWAITING_RG,
        Action.DECIDE_RG_NEGATIVE,
        State.NEGATIVE_RG,
        _rg_decision,
        DECIDE,
        State.RG_REVIEW,
        State.RG_QUALITY_CHECK,
    ),
    # A senior caseworker's quality check of a proposed negative decision: passed, it goes
    # to independent review where the policy says so, else it is issued; sent back, the
    # decision maker decides again.
    Transition(
        State.RG_QUALITY_CHECK,
        Action.QUALITY_CHECK_PASS,
        State.NEGATIVE_RG,
        _always,
        CHECK,
        State.RG_REVIEW,
    ),
    Transition(
        State.RG_QUALITY_CHECK, Action.QUALITY_CHECK_RETURN, State.AWAITING_RG, _reason, CHECK
    ),
    Transition(State.RG_REVIEW, Action.REVIEW_UPHOLD, State.NEGATIVE_RG, _rationale, REVIEW),
    Transition(State.RG_REVIEW, Action.REVIEW_OVERTURN, State.AWAITING_RG, _rationale, REVIEW),
    Transition(
        State.RECOVERY_PERIOD,
        Action.RECOVERY_PERIOD_ENDED,
        State.AWAITING_CG,
        _recovery_over,
        MANAGE,
    ),
    Transition(
        State.RECOVERY_PERIOD,
        Action.EXTEND_RECOVERY_PERIOD,
        State.RECOVERY_PERIOD,
        _reason,
        MANAGE,
    ),
    Transition(
        State.RECOVERY_PERIOD, Action.DECIDE_CG_POSITIVE, State.POSITIVE_CG, _cg_positive, DECIDE
    ),
    Transition(
        State.RECOVERY_PERIOD,
        Action.DECIDE_CG_NEGATIVE,
        State.NEGATIVE_CG,
        _cg_negative,
        DECIDE,
        State.CG_REVIEW,
        State.CG_QUALITY_CHECK,
    ),
    Transition(
        State.AWAITING_CG, Action.DECIDE_CG_POSITIVE, State.POSITIVE_CG, _cg_positive, DECIDE
    ),
    Transition(
        State.AWAITING_CG,
        Action.DECIDE_CG_NEGATIVE,
        State.NEGATIVE_CG,
        _cg_negative,
        DECIDE,
        State.CG_REVIEW,
        State.CG_QUALITY_CHECK,
    ),
    Transition(
        State.CG_QUALITY_CHECK,
        Action.QUALITY_CHECK_PASS,
        State.NEGATIVE_CG,
        _always,
        CHECK,
        State.CG_REVIEW,
    ),
    Transition(
        State.CG_QUALITY_CHECK, Action.QUALITY_CHECK_RETURN, State.AWAITING_CG, _reason, CHECK
    ),
    Transition(State.CG_REVIEW, Action.REVIEW_UPHOLD, State.NEGATIVE_CG, _rationale, REVIEW),
    Transition(State.CG_REVIEW, Action.REVIEW_OVERTURN, State.AWAITING_CG, _rationale, REVIEW),
    *(
        Transition(state, Action.WITHDRAW, State.WITHDRAWN, _withdraw, WITHDRAW)
        for state in (State.AWAITING_RG, State.RECOVERY_PERIOD, State.AWAITING_CG)
    ),
    *(
        Transition(
            state, Action.WITHDRAW_IN_ERROR, State.WITHDRAWN, _withdraw_in_error, WITHDRAW_IN_ERROR
        )
        for state in (
            State.AWAITING_RG,
            State.RECOVERY_PERIOD,
            State.AWAITING_CG,
            State.SUSPENDED,
        )
    ),
    *(
        Transition(state, Action.SUSPEND, State.SUSPENDED, _reason, MANAGE)
        for state in (State.AWAITING_RG, State.RECOVERY_PERIOD, State.AWAITING_CG)
    ),
    # An accepted reconsideration reopens the negative decision; the new one supersedes it.
    Transition(State.NEGATIVE_RG, Action.RECONSIDER, State.AWAITING_RG, _reason, DECIDE),
    Transition(State.NEGATIVE_CG, Action.RECONSIDER, State.AWAITING_CG, _reason, DECIDE),
    # Reinstating returns the case to the state it was suspended from (see ``next_state``).
    Transition(State.SUSPENDED, Action.REINSTATE, State.AWAITING_RG, _reinstate, MANAGE),
)
_BY_KEY = {(t.state, t.action): t for t in TABLE}


class TransitionRefused(ApplicationError):
    """The action is not allowed now; the message says why in words a caseworker can act on."""

    def __init__(self, reason: str, field: str = "") -> None:
        super().__init__(reason, field=field)

    @property
    def reason(self) -> str:
        return self.message


class RoleRefused(TransitionRefused):
    """The person's role does not allow the action on this case (403 in the API)."""

    status = 403

    def __init__(self) -> None:
        super().__init__("Your role does not allow this", "role")


def allowed_actions(state: State | str, permissions: frozenset[Permission]) -> list[Action]:
    """Actions a person holding ``permissions`` on a case may try from ``state`` (guards
    may still refuse)."""
    return [t.action for t in TABLE if t.state == State(state) and t.permission in permissions]


def next_state(
    state: State | str, action: Action | str, permissions: frozenset[Permission], facts: CaseFacts
) -> State:
    """The state after ``action``, or ``TransitionRefused`` saying why not.

    ``permissions`` are what the access policy grants the person on this case.
    """
    transition = _BY_KEY.get((State(state), Action(action)))
    if transition is None:
        raise TransitionRefused(
            f"You cannot {Action(action).value.replace('_', ' ')} now", "action"
        )
    if transition.permission not in permissions:
        raise RoleRefused
    if problem := transition.guard(facts):
        raise TransitionRefused(problem[1], problem[0])
    if transition.action is Action.REINSTATE and facts.suspended_from is not None:
        return facts.suspended_from
    if transition.check_state is not None and facts.needs_quality_check:
        return transition.check_state
    if transition.review_state is not None and facts.needs_review:
        return transition.review_state
    return transition.to_state


def transition_rows() -> list[tuple[str, str, str, str]]:
    """(from, action, to, who) for documentation."""
    return [(t.state.value, t.action.value, t.to_state.value, t.permission.value) for t in TABLE]


def permission_for(action: Action | str) -> Permission:
    """The permission the access policy must grant on a case for ``action``."""
    return next(t.permission for t in TABLE if t.action == Action(action))
