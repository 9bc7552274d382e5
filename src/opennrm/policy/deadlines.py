"""Deadline arithmetic: when each NRM decision is due, or may first be made.

Each function reads the rules in force on the date the law makes decisive: the day the
referral was received for the reasonable-grounds target, the reasonable-grounds decision
date for the recovery period, and the decision date for reconsideration and review.
Every function takes an optional ``jurisdiction``; without one the UK rules apply.
"""

from datetime import date, timedelta
from enum import StrEnum

from opennrm.policy.calendar import Nation, add_working_days
from opennrm.policy.rules import Jurisdiction, PolicyError, RuleSet, load_jurisdiction

__all__ = [
    "DecisionMakerType",
    "Outcome",
    "Stage",
    "cg_earliest",
    "needs_independent_review",
    "reconsideration_deadline",
    "recovery_period_ends",
    "rg_due",
]


class DecisionMakerType(StrEnum):
    """Who makes a case's NRM decisions."""

    # The Single Competent Authority (UK) or another competent authority.
    COMPETENT_AUTHORITY = "competent_authority"
    # A devolved child decision-making panel.
    PANEL = "panel"


class Stage(StrEnum):
    """The two NRM decisions."""

    REASONABLE_GROUNDS = "reasonable_grounds"
    CONCLUSIVE_GROUNDS = "conclusive_grounds"


class Outcome(StrEnum):
    """A decision's outcome."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


def _rules(on: date, jurisdiction: Jurisdiction | None) -> RuleSet:
    return (jurisdiction or load_jurisdiction("uk")).rules_on(on)


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
    rules = _rules(received_on, jurisdiction)
    if DecisionMakerType(decision_maker) is DecisionMakerType.PANEL:
        if rules.panel_rg_target_days is None:
            raise PolicyError(
                f"No devolved child decision-making panels existed on {received_on.isoformat()}."
            )
        return received_on + timedelta(days=rules.panel_rg_target_days)
    return add_working_days(received_on, rules.ca_rg_target_working_days, nation)


def recovery_period_ends(rg_decided_on: date, *, jurisdiction: Jurisdiction | None = None) -> date:
    """The day the recovery and reflection period started by a positive reasonable-grounds
    decision on ``rg_decided_on`` ends: that date plus the period in force on it.

    NABA 2022 s61: at least 30 days for RG decisions from 30 January 2023; 45 before.
    """
    return rg_decided_on + timedelta(days=_rules(rg_decided_on, jurisdiction).recovery_period_days)


def cg_earliest(rg_decided_on: date, *, jurisdiction: Jurisdiction | None = None) -> date:
    """The first day a conclusive-grounds decision may be made: not before the recovery
    period has run, i.e. the RG decision date plus the recovery period in force on it."""
    return recovery_period_ends(rg_decided_on, jurisdiction=jurisdiction)


def reconsideration_deadline(
    decided_on: date, *, jurisdiction: Jurisdiction | None = None
) -> date | None:
    """The last day to ask for a decision made on ``decided_on`` to be reconsidered, or
    ``None`` where no time limit applied.

    MSA 2015 s49 statutory guidance: 30 calendar days from the decision since 1 Feb 2024.
    """
    window = _rules(decided_on, jurisdiction).reconsideration_window_days
    return None if window is None else decided_on + timedelta(days=window)


def needs_independent_review(
    stage: Stage | str,
    outcome: Outcome | str,
    decided_on: date,
    *,
    jurisdiction: Jurisdiction | None = None,
) -> bool:
    """Whether a decision must go to independent multi-agency review before it is issued.

    Only negative decisions are reviewed. In the UK: negative conclusive-grounds decisions
    made from 5 June 2019 to 31 December 2022 (the Multi-Agency Assurance Panels); negative
    reasonable-grounds decisions never, though a jurisdiction's data can switch that on.
    """
    if Outcome(outcome) is Outcome.POSITIVE:
        return False
    rules = _rules(decided_on, jurisdiction)
    if Stage(stage) is Stage.REASONABLE_GROUNDS:
        return rules.review_negative_rg
    return rules.review_negative_cg
