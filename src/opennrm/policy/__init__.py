"""The policy engine: a jurisdiction's NRM rules as dated data, and pure rule functions.

No Django imports here: plain functions of plain values, tested in milliseconds.

- ``rules``: ``rules_in_force(day, nation, jurisdiction)`` gives the ``RuleSet`` in force;
  ``load_jurisdiction(code)`` loads ``data/<code>.toml`` (which may extend another).
- ``calendar``: working days in each UK nation.
- ``decisions``: threshold wording, the negative-RG pause, review and quality checks.
- ``deadlines``: targets, the recovery period, reconsideration, review, move-on, and which
  deadline a case faces next.
- ``routing``: whether a devolved child panel or the competent authority decides.
"""

from opennrm.policy.calendar import Nation, add_working_days, is_working_day, working_days_between
from opennrm.policy.deadlines import (
    CasePhase,
    DeadlineKind,
    NextDeadline,
    cg_earliest,
    move_on_ends,
    next_deadline,
    panel_cg_effective_on,
    reconsideration_deadline,
    reconsideration_in_time,
    recovery_period_ends,
    review_due,
    rg_due,
    rg_target_in_working_days,
    time_left,
)
from opennrm.policy.decisions import (
    may_issue_negative_rg,
    needs_independent_review,
    needs_quality_check,
    public_order_disqualification_available,
    threshold_wording,
)
from opennrm.policy.routing import (
    Route,
    RouteReason,
    eighteenth_birthday,
    reroute_after_age_assessment,
    route_referral,
    turns_eighteen_between,
)
from opennrm.policy.rules import (
    ByAgeGroup,
    DatedValue,
    Jurisdiction,
    PanelPhase,
    PanelSite,
    PolicyError,
    RuleSet,
    load_jurisdiction,
    rules_in_force,
)
from opennrm.policy.terms import DecisionMakerType, Outcome, Stage

__all__ = [
    "ByAgeGroup",
    "CasePhase",
    "DatedValue",
    "DeadlineKind",
    "DecisionMakerType",
    "Jurisdiction",
    "Nation",
    "NextDeadline",
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
    "eighteenth_birthday",
    "is_working_day",
    "load_jurisdiction",
    "may_issue_negative_rg",
    "move_on_ends",
    "needs_independent_review",
    "needs_quality_check",
    "next_deadline",
    "panel_cg_effective_on",
    "public_order_disqualification_available",
    "reconsideration_deadline",
    "reconsideration_in_time",
    "recovery_period_ends",
    "reroute_after_age_assessment",
    "review_due",
    "rg_due",
    "rg_target_in_working_days",
    "route_referral",
    "rules_in_force",
    "threshold_wording",
    "time_left",
    "turns_eighteen_between",
    "working_days_between",
]
