"""The plain vocabulary the rule functions share: who decides, which decision, its outcome."""

from enum import StrEnum

__all__ = ["DecisionMakerType", "Outcome", "Stage"]


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
