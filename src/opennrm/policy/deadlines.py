"""Deadline arithmetic: when each NRM decision is due, or may first be made, and which
deadline a case faces next.

Each function reads the rules in force on the date the law makes decisive, in the nation
of the case: the day the referral was received for the reasonable-grounds target, the
reasonable-grounds decision date for the recovery period, and the decision date for
reconsideration, review and move-on. Every function takes an optional ``jurisdiction``;
without one the UK rules apply.

Views never choose between working and calendar days: ``rg_target_in_working_days`` says
which a target uses and ``time_left`` counts accordingly.
"""

from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from opennrm.policy.calendar import Nation, add_working_days, working_days_between
from opennrm.policy.decisions import needs_independent_review
from opennrm.policy.rules import (
    Jurisdiction,
    PolicyError,
    RuleSet,
    default_nation,
    load_jurisdiction,
    to_nation,
)
from opennrm.policy.terms import DecisionMakerType, Outcome, Stage

__all__ = [
    "CasePhase",
    "DeadlineKind",
    "DecisionMakerType",
    "NextDeadline",
    "Outcome",
    "Stage",
    "cg_earliest",
    "move_on_ends",
    "needs_independent_review",
    "next_deadline",
    "panel_cg_effective_on",
    "reconsideration_deadline",
    "reconsideration_in_time",
    "recovery_period_ends",
    "review_due",
    "rg_due",
    "rg_target_in_working_days",
    "time_left",
]


def _rules(on: date, nation: Nation, jurisdiction: Jurisdiction | None) -> RuleSet:
    return (jurisdiction or load_jurisdiction("uk")).rules_on(on, nation)


def rg_target_in_working_days(decision_maker: DecisionMakerType | str) -> bool:
    """Whether the reasonable-grounds target of this decision maker is counted in working
    days (the competent authority: 5 working days) or calendar days (a panel: 45 days)."""
    return DecisionMakerType(decision_maker) is DecisionMakerType.COMPETENT_AUTHORITY


def rg_due(
    received_on: date,
    nation: Nation | str,
    decision_maker: DecisionMakerType | str,
    *,
    jurisdiction: Jurisdiction | None = None,
) -> date:
    """The day the reasonable-grounds decision is due, under the rules in force on the
    day the referral was received.

    The competent authority: the fifth working day after the day of receipt, in the
    calendar of the UK nation where the first responder is (so a referral received on a
    Friday before a bank-holiday Monday is due a day later). A devolved child panel: 45
    calendar days after receipt.

    Raises ``PolicyError`` for a panel on a date when no panels existed.
    """
    nation = to_nation(nation)
    rules = _rules(received_on, nation, jurisdiction)
    if not rg_target_in_working_days(decision_maker):
        if rules.panel_rg_target_days is None:
            raise PolicyError(
                f"No devolved child decision-making panels existed on {received_on.isoformat()}."
            )
        return received_on + timedelta(days=rules.panel_rg_target_days)
    return add_working_days(received_on, rules.ca_rg_target_working_days, nation)


def recovery_period_ends(
    rg_decided_on: date,
    nation: Nation | str | None = None,
    *,
    jurisdiction: Jurisdiction | None = None,
) -> date:
    """The day the recovery and reflection period started by a positive reasonable-grounds
    decision on ``rg_decided_on`` ends: that date plus the period in force on it in the
    nation of the case.

    England and Wales: 45 days, at least 30 for RG decisions from 30 January 2023 (NABA
    2022 s61). Scotland: 90 days from 1 April 2018 (SSI 2018/90). Northern Ireland: 45
    days (HTE (CJSV) Act (NI) 2015 s18). Without a nation, England and Wales, with a
    ``DeprecationWarning``.
    """
    nation = default_nation(nation, "recovery_period_ends")
    days = _rules(rg_decided_on, nation, jurisdiction).recovery_period_days
    return rg_decided_on + timedelta(days=days)


def cg_earliest(
    rg_decided_on: date,
    nation: Nation | str | None = None,
    *,
    jurisdiction: Jurisdiction | None = None,
) -> date:
    """The first day a conclusive-grounds decision may be made: the RG decision date plus
    the minimum in force on it in the nation of the case (45 days; 30 for RG decisions
    from 30 January 2023, NABA 2022 s61).

    In England and Wales this is the day the recovery period ends. Where a nation's support
    period is longer (Scotland's 90 days) the CG may come sooner, and the support period
    then ends with it (Human Trafficking and Exploitation (Scotland) Act 2015 s9(2)(b)).
    """
    nation = default_nation(nation, "cg_earliest")
    days = _rules(rg_decided_on, nation, jurisdiction).cg_min_days_after_rg
    return rg_decided_on + timedelta(days=days)


def panel_cg_effective_on(
    rg_decided_on: date,
    cg_recorded_on: date,
    nation: Nation | str,
    *,
    jurisdiction: Jurisdiction | None = None,
) -> date:
    """The day a panel's conclusive-grounds decision takes effect and is issued.

    A panel may record the CG at the same meeting as the RG where the rules on the RG date
    allow it (the devolved pilot, from June 2021); the CG then takes effect on the later of
    the day it was recorded and ``cg_earliest``. Raises ``PolicyError`` for a CG recorded
    before the earliest CG date where the rules do not allow that, and ``ValueError`` for a
    CG recorded before the RG decision.
    """
    if cg_recorded_on < rg_decided_on:
        raise ValueError("A conclusive-grounds decision cannot be recorded before the RG decision.")
    nation = to_nation(nation)
    earliest = cg_earliest(rg_decided_on, nation, jurisdiction=jurisdiction)
    if cg_recorded_on >= earliest:
        return cg_recorded_on
    if not _rules(rg_decided_on, nation, jurisdiction).panel_cg_at_rg_meeting:
        raise PolicyError(
            f"On {rg_decided_on.isoformat()} a panel could not record a conclusive-grounds "
            f"decision before {earliest.isoformat()}."
        )
    return earliest


def reconsideration_deadline(
    decided_on: date,
    nation: Nation | str | None = None,
    *,
    jurisdiction: Jurisdiction | None = None,
) -> date | None:
    """The last day to ask for a decision made on ``decided_on`` to be reconsidered, or
    ``None`` where no time limit applied.

    MSA 2015 s49 statutory guidance: 30 calendar days from the decision since 1 Feb 2024.
    """
    nation = default_nation(nation, "reconsideration_deadline")
    window = _rules(decided_on, nation, jurisdiction).reconsideration_window_days
    return None if window is None else decided_on + timedelta(days=window)


def reconsideration_in_time(
    decided_on: date,
    requested_on: date,
    nation: Nation | str,
    *,
    jurisdiction: Jurisdiction | None = None,
) -> bool:
    """Whether a reconsideration request made on ``requested_on`` is within the window for
    a decision made on ``decided_on`` (always, where no window applied).

    Raises ``ValueError`` for a request dated before the decision.
    """
    if requested_on < decided_on:
        raise ValueError("A reconsideration request cannot come before the decision.")
    deadline = reconsideration_deadline(decided_on, to_nation(nation), jurisdiction=jurisdiction)
    return deadline is None or requested_on <= deadline


def review_due(
    sent_on: date, nation: Nation | str, jurisdiction: Jurisdiction | None = None
) -> date:
    """The day the independent review panel should answer for a decision sent to it on
    ``sent_on``: the rules' number of working days later, in the nation's calendar."""
    nation = to_nation(nation)
    days = _rules(sent_on, nation, jurisdiction).review_due_working_days
    return add_working_days(sent_on, days, nation)


def move_on_ends(
    cg_decided_on: date, nation: Nation | str, *, jurisdiction: Jurisdiction | None = None
) -> date:
    """The last day of the move-on period after a positive conclusive-grounds decision on
    ``cg_decided_on``: that date plus the move-on period then in force (at least 45 days
    since 2019; 14 before)."""
    nation = to_nation(nation)
    return cg_decided_on + timedelta(days=_rules(cg_decided_on, nation, jurisdiction).move_on_days)


def time_left(due: date, today: date, *, nation: Nation | str, in_working_days: bool) -> int:
    """Days from ``today`` to ``due``: positive is left, 0 is due today, negative overdue.

    Working days in the nation's calendar (``working_days_between``) or calendar days.
    """
    if in_working_days:
        return working_days_between(today, due, to_nation(nation))
    return (due - today).days


class DeadlineKind(StrEnum):
    """The deadlines a case can face (stable codes, for translation and sorting)."""

    RG_DUE = "rg_due"
    RECOVERY_PERIOD_ENDS = "recovery_period_ends"
    CG_POSSIBLE_FROM = "cg_possible_from"
    REVIEW_DUE = "review_due"
    RECONSIDERATION_DUE = "reconsideration_due"


class CasePhase(StrEnum):
    """Where a case is in the NRM, as plain values (the same codes as the case states)."""

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


# The deadlines that matter in each phase. Phases not listed have none: a positive CG or a
# withdrawal closes the case, and a suspended case's clocks stop until it is reinstated.
_RELEVANT: dict[CasePhase, tuple[DeadlineKind, ...]] = {
    CasePhase.AWAITING_RG: (DeadlineKind.RG_DUE,),
    # The reasonable grounds target still runs while a senior caseworker checks the decision.
    CasePhase.RG_QUALITY_CHECK: (DeadlineKind.RG_DUE,),
    CasePhase.RG_REVIEW: (DeadlineKind.REVIEW_DUE,),
    CasePhase.RECOVERY_PERIOD: (
        DeadlineKind.RECOVERY_PERIOD_ENDS,
        DeadlineKind.CG_POSSIBLE_FROM,
    ),
    CasePhase.AWAITING_CG: (DeadlineKind.CG_POSSIBLE_FROM,),
    CasePhase.CG_REVIEW: (DeadlineKind.REVIEW_DUE,),
    CasePhase.NEGATIVE_RG: (DeadlineKind.RECONSIDERATION_DUE,),
    CasePhase.NEGATIVE_CG: (DeadlineKind.RECONSIDERATION_DUE,),
}


class NextDeadline(NamedTuple):
    """The deadline a case faces next: what it is and when (unpacks as ``(kind, on)``)."""

    kind: DeadlineKind
    on: date


def next_deadline(
    phase: CasePhase | str,
    *,
    rg_due: date | None = None,
    recovery_period_ends: date | None = None,
    cg_earliest: date | None = None,
    review_due: date | None = None,
    reconsideration_due: date | None = None,
    today: date | None = None,
) -> NextDeadline | None:
    """The earliest deadline relevant to a case in ``phase``, or ``None`` if it has none.

    A deadline that has passed still counts (it is overdue), except the reconsideration
    window: once ``today`` is after it, a negatively decided case is closed. A case with a
    positive CG, withdrawn or suspended has no deadline; nor has a phase whose relevant
    dates are not known.
    """
    dates = {
        DeadlineKind.RG_DUE: rg_due,
        DeadlineKind.RECOVERY_PERIOD_ENDS: recovery_period_ends,
        DeadlineKind.CG_POSSIBLE_FROM: cg_earliest,
        DeadlineKind.REVIEW_DUE: review_due,
        DeadlineKind.RECONSIDERATION_DUE: reconsideration_due,
    }
    candidates = [
        NextDeadline(kind, on)
        for kind in _RELEVANT.get(CasePhase(phase), ())
        if (on := dates[kind]) is not None
        and not (kind is DeadlineKind.RECONSIDERATION_DUE and today is not None and today > on)
    ]
    # Ties go to the kind listed first for the phase (the recovery period before the CG).
    return min(candidates, key=lambda deadline: deadline.on, default=None)
