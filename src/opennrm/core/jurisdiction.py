"""The jurisdiction this installation serves, read from settings in one place.

Everything that needs a rule asks ``rules_in_force(on, nation)``; nothing else names the
jurisdiction or reads ``OPENNRM_JURISDICTION``.
"""

from datetime import date

from django.conf import settings

from opennrm.policy import Jurisdiction, RuleSet, load_jurisdiction
from opennrm.policy import rules_in_force as policy_rules_in_force


def jurisdiction() -> Jurisdiction:
    """The configured jurisdiction's rules (loaded once per process)."""
    return load_jurisdiction(settings.OPENNRM_JURISDICTION)


def rules_in_force(on: date, nation: str) -> RuleSet:
    """The rules in force on ``on`` for a case in ``nation`` (rules differ by UK nation)."""
    return policy_rules_in_force(on, nation, jurisdiction())
