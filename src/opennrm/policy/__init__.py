"""The policy engine: a jurisdiction's NRM rules as dated data, and pure rule functions.

No Django imports here: these are plain functions of plain values, tested in milliseconds.
"""

from opennrm.policy.calendar import Nation, add_working_days, is_working_day, working_days_between
from opennrm.policy.rules import Jurisdiction, PanelSite, PolicyError, RuleSet, load_jurisdiction

__all__ = [
    "Jurisdiction",
    "Nation",
    "PanelSite",
    "PolicyError",
    "RuleSet",
    "add_working_days",
    "is_working_day",
    "load_jurisdiction",
    "working_days_between",
]
