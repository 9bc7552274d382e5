"""Pure rules of quality checks and independent review: no Django, no database."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from statistics import median


class CheckOutcome(StrEnum):
    PASSED = "passed"
    RETURNED = "returned"


class ReviewOutcome(StrEnum):
    AGREE = "agree"
    DISAGREE = "disagree"


class Independence(StrEnum):
    """Why a review panel member may not review a decision (``None``: they may)."""

    DECIDING_ORGANISATION = "deciding_organisation"
    TOOK_PART = "took_part"


INDEPENDENCE_REASONS = {
    Independence.DECIDING_ORGANISATION: (
        "You work for the organisation that made this decision, so you cannot review it "
        "independently"
    ),
    Independence.TOOK_PART: (
        "You took part in this decision, so you cannot review it independently"
    ),
}


def independence_problem(
    *,
    member_id: int,
    member_organisations: Iterable[int],
    deciding_organisation: int,
    took_part: Iterable[int],
) -> Independence | None:
    """Whether a review panel member is independent of the decision under review.

    A member who holds any role in the deciding organisation, or who made, checked or sat
    on the decision, is refused: the panel's members come from independent agencies
    (Multi-Agency Assurance Panels, 2019-2022; NRM.md §3.7).
    """
    if deciding_organisation in set(member_organisations):
        return Independence.DECIDING_ORGANISATION
    if member_id in set(took_part):
        return Independence.TOOK_PART
    return None


@dataclass(frozen=True)
class Tally:
    """Counts behind a rate: how many, and how many of them were of the kind counted."""

    of: int
    total: int

    @property
    def rate(self) -> float | None:
        """The share, 0 to 1; ``None`` when there is nothing to count."""
        return self.of / self.total if self.total else None


def median_days(days: Sequence[float]) -> float | None:
    """The median of ``days``, ``None`` for none."""
    return float(median(days)) if days else None
