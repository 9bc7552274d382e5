"""Deadline arithmetic: when each decision is due or may first be made."""

from datetime import date, timedelta
from enum import StrEnum

from opennrm.policy.calendar import Nation, add_working_days
from opennrm.policy.rules import Jurisdiction, PolicyError, load_jurisdiction


class DecisionMakerType(StrEnum):
    COMPETENT_AUTHORITY = "competent_authority"
    PANEL = "panel"


class Stage(StrEnum):
    REASONABLE_GROUNDS = "reasonable_grounds"
    CONCLUSIVE_GROUNDS = "conclusive_grounds"


class Outcome(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


def _uk() -> Jurisdiction:
    return load_jurisdiction("uk")


def rg_due(
    received_on: date,
    nation: Nation | str,
    decision_maker: DecisionMakerType | str,
    jurisdiction: Jurisdiction | None = None,
) -> date:
    """When the reasonable-grounds decision is due.

    The competent authority: the fifth working day after the day of receipt, in the
    calendar of the first responder's nation. A devolved child panel: 45 calendar days.
    """
    rules = (jurisdiction or _uk()).rules_on(received_on)
    if DecisionMakerType(decision_maker) is DecisionMakerType.PANEL:
        if rules.panel_rg_target_days is None:
            raise PolicyError(f"No devolved panels existed on {received_on}.")
        return received_on + timedelta(days=rules.panel_rg_target_days)
    return add_working_days(received_on, rules.ca_rg_target_working_days, nation)


def recovery_period_ends(rg_decided_on: date, jurisdiction: Jurisdiction | None = None) -> date:
    """The last day of the recovery period that a positive RG decision starts.

    # NABA 2022 s61: at least 30 days from 30 January 2023 (45 days before).
    """
    rules = (jurisdiction or _uk()).rules_on(rg_decided_on)
    return rg_decided_on + timedelta(days=rules.recovery_period_days)


def cg_earliest(rg_decided_on: date, jurisdiction: Jurisdiction | None = None) -> date:
    """The first day a conclusive-grounds decision may be made: not before the recovery
    period has run (RG date + the recovery period in force on the RG date)."""
    return recovery_period_ends(rg_decided_on, jurisdiction)


def reconsideration_deadline(
    decided_on: date, jurisdiction: Jurisdiction | None = None
) -> date | None:
    """The last day to ask for reconsideration, or None where no limit applied."""
    window = (jurisdiction or _uk()).rules_on(decided_on).reconsideration_window_days
    return None if window is None else decided_on + timedelta(days=window)


def needs_independent_review(
    stage: Stage | str,
    outcome: Outcome | str,
    decided_on: date,
    jurisdiction: Jurisdiction | None = None,
) -> bool:
    """Whether a decision must go to independent review before it is issued."""
    if Outcome(outcome) is Outcome.POSITIVE:
        return False
    rules = (jurisdiction or _uk()).rules_on(decided_on)
    if Stage(stage) is Stage.REASONABLE_GROUNDS:
        return rules.review_negative_rg
    return rules.review_negative_cg
