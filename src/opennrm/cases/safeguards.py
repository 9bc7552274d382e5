"""Safeguards on decisions that another app runs: the quality check and independent review.

The cases app moves a proposed negative decision into a quality-check or review state (the
transition table says where); the app that runs the checks and the review panel
(``reviews``) registers here, once, what it adds around ``decision_record``. Both hooks are
called inside the decision's transaction, so cases never imports that app.
"""

from typing import Any, Protocol


class Safeguards(Protocol):
    """What the app running quality checks and independent review adds to decisions."""

    def before_decision(self, *, user: Any, case: Any, stage: str, outcome: str) -> None:
        """Raise ``ApplicationError`` if the decision may not be recorded yet (the panel
        disagreed and the decision maker has not said whether they accept its view)."""
        ...

    def review_settled(self, *, case: Any, stage: str) -> bool:
        """Whether the independent review panel has already reviewed this stage of the case
        and disagreed: the decision maker's new decision then stands without another review
        (nor another quality check), as it did under the Multi-Agency Assurance Panels."""
        ...

    def decision_proposed(self, *, user: Any, decision: Any, state: str) -> None:
        """Open what waits on a proposed decision: its quality check, or its review."""
        ...


_safeguards: Safeguards | None = None


def register_safeguards(safeguards: Safeguards) -> None:
    """Install the safeguards (once, from the reviews app's ``ready``)."""
    global _safeguards
    _safeguards = safeguards


def before_decision(*, user: Any, case: Any, stage: str, outcome: str) -> None:
    if _safeguards is not None:
        _safeguards.before_decision(user=user, case=case, stage=stage, outcome=outcome)


def review_settled(*, case: Any, stage: str) -> bool:
    return _safeguards is not None and _safeguards.review_settled(case=case, stage=stage)


def decision_proposed(*, user: Any, decision: Any, state: str) -> None:
    if _safeguards is not None:
        _safeguards.decision_proposed(user=user, decision=decision, state=state)
