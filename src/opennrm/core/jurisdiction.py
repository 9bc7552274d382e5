"""The jurisdiction this installation serves, read from settings in one place.

Everything that needs a rule asks ``rules_in_force(on, nation)``; nothing else names the
jurisdiction or reads ``OPENNRM_JURISDICTION``.
"""

from datetime import date

from django.conf import settings

from opennrm.policy import Jurisdiction, RuleSet, load_jurisdiction


def jurisdiction() -> Jurisdiction:
    """The configured jurisdiction's rules (loaded once per process)."""
    return load_jurisdiction(settings.OPENNRM_JURISDICTION)


def rules_in_force(on: date, nation: str) -> RuleSet:
    """The rules in force on ``on`` for a case in ``nation``."""
    del nation  # the rules differ by nation once the policy data says so
    return jurisdiction().rules_on(on)
