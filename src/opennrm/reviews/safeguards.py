"""What this app adds around ``cases.services.decision_record`` (``cases/safeguards.py``)."""

from typing import Any

from django.utils import timezone

from opennrm.audit.services import audit_record
from opennrm.cases.domain import QUALITY_CHECK_STATES, REVIEW_STATES
from opennrm.cases.safeguards import register_safeguards
from opennrm.core.exceptions import ApplicationError
from opennrm.reviews.domain import ReviewOutcome
from opennrm.reviews.models import IndependentReview, QualityCheck
from opennrm.reviews.selectors import redecided


def _disagreement(case: Any, stage: str) -> IndependentReview | None:
    """The latest concluded review of this stage of the case, if the panel disagreed."""
    latest = (
        IndependentReview.objects.filter(case_id=case.pk, stage=stage, concluded_at__isnull=False)
        .select_related("response")
        .order_by("-concluded_at", "-id")
        .first()
    )
    if latest is None or latest.outcome != ReviewOutcome.DISAGREE:
        return None
    return latest


class ReviewSafeguards:
    def before_decision(self, *, user: Any, case: Any, stage: str, outcome: str) -> None:
        review = _disagreement(case, stage)
        if review is None or redecided(review):
            return
        response = getattr(review, "response", None)
        if response is None:
            raise ApplicationError(
                "The independent review panel disagreed with the last decision: record "
                "whether you accept its view, and why, before you decide again",
                field="outcome",
            )
        # Accepting a panel that disagreed with a negative decision means deciding positive.
        if response.accepts and outcome == "negative":
            raise ApplicationError(
                "You accepted the review panel's view, so the new decision is positive",
                field="outcome",
            )
        if not response.accepts and outcome == "positive":
            raise ApplicationError(
                "You rejected the review panel's view: record a negative decision, or "
                "change your answer to the panel",
                field="outcome",
            )

    def review_settled(self, *, case: Any, stage: str) -> bool:
        return _disagreement(case, stage) is not None

    def decision_proposed(self, *, user: Any, decision: Any, state: str) -> None:
        case = decision.case
        if state in QUALITY_CHECK_STATES:
            check = QualityCheck.objects.create(
                decision=decision, case=case, stage=decision.stage, requested_at=timezone.now()
            )
            audit_record(
                actor=user,
                action="case.quality_check_requested",
                obj=case,
                case_reference=case.reference,
                payload={"decision": decision.pk, "quality_check": check.pk},
            )
        elif state in REVIEW_STATES:
            review = IndependentReview.objects.create(
                decision=decision, case=case, stage=decision.stage, due_on=case.review_due
            )
            audit_record(
                actor=user,
                action="case.independent_review_opened",
                obj=case,
                case_reference=case.reference,
                payload={
                    "decision": decision.pk,
                    "review": review.pk,
                    "due_on": review.due_on.isoformat(),
                },
            )


def register() -> None:
    register_safeguards(ReviewSafeguards())
