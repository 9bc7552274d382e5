"""The policy engine: a jurisdiction's NRM rules as dated data, and pure rule functions.

No Django imports here: plain functions of plain values, tested in milliseconds.

- ``rules``: ``load_jurisdiction(code).rules_on(day)`` gives the ``RuleSet`` in force.
- ``calendar``: working days in each UK nation.
- ``deadlines``: reasonable-grounds targets, the recovery period, reconsideration, review.
- ``routing``: whether a devolved child panel or the competent authority decides.
"""

from opennrm.policy.calendar import Nation, add_working_days, is_working_day, working_days_between
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
from opennrm.policy.routing import Route, RouteReason, route_referral
from opennrm.policy.rules import (
    DatedValue,
    Jurisdiction,
    PanelPhase,
    PanelSite,
    PolicyError,
    RuleSet,
    load_jurisdiction,
)

__all__ = [
    "DatedValue",
    "DecisionMakerType",
    "Jurisdiction",
    "Nation",
    "Outcome",
    "PanelPhase",
    "PanelSite",
    "PolicyError",
    "Route",
    "RouteReason",
    "RuleSet",
    "Stage",
    "add_working_days",
    "cg_earliest",
    "is_working_day",
    "load_jurisdiction",
    "needs_independent_review",
    "reconsideration_deadline",
    "recovery_period_ends",
    "rg_due",
    "route_referral",
    "working_days_between",
]
