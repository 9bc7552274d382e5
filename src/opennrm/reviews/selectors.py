"""Reads of quality checks and reviews, scoped by the access policy: a reviewer's queue, a
senior caseworker's decisions awaiting a check, and one case's safeguards."""

from typing import Any

from django.db.models import QuerySet

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission
from opennrm.cases.domain import State
from opennrm.cases.models import Case, Decision, DecisionOutcome
from opennrm.panels.models import PanelDecision
from opennrm.reviews.domain import ReviewOutcome
from opennrm.reviews.models import IndependentReview, PanelResponse, QualityCheck


def review_queue_for_user(*, user: Subject) -> QuerySet[IndependentReview]:
    """The open reviews of decisions the person may review, soonest due first."""
    cases = evaluate.restrict(Case.objects.all(), user, Permission.CASE_REVIEW)
    return (
        IndependentReview.objects.filter(concluded_at__isnull=True, case__in=cases)
        .select_related("case", "case__person", "case__decision_maker", "decision")
        .order_by("due_on", "id")
    )


def quality_checks_for_user(*, user: Subject) -> QuerySet[QualityCheck]:
    """Proposed negative decisions waiting for the person's quality check, oldest first."""
    cases = evaluate.restrict(Case.objects.all(), user, Permission.CASE_QUALITY_CHECK)
    return (
        QualityCheck.objects.filter(checked_at__isnull=True, case__in=cases)
        .select_related("case", "case__person", "decision", "decision__decided_by")
        .order_by("requested_at", "id")
    )


def took_part(decision: Decision) -> set[int]:
    """Everyone who made, checked or sat on the decision (never its independent reviewer)."""
    people = {decision.decided_by_id}
    people |= set(
        QualityCheck.objects.filter(decision=decision, checked_by__isnull=False).values_list(
            "checked_by_id", flat=True
        )
    )
    detail = PanelDecision.objects.filter(decision=decision).first()
    if detail is not None:
        people.add(detail.chair_id)
        people |= {int(m["user"]) for m in detail.members_present if m.get("user")}
    return people


def redecided(review: IndependentReview) -> bool:
    """Whether the decision maker has decided again since the review concluded."""
    return Decision.objects.filter(
        case_id=review.case_id, stage=review.stage, decided_at__gt=review.concluded_at
    ).exists()


def awaiting_response(case: Case) -> IndependentReview | None:
    """The review whose disagreement the decision maker has yet to answer, if any."""
    if case.state not in (State.AWAITING_RG, State.AWAITING_CG):
        return None
    if not any(d.outcome == DecisionOutcome.NEGATIVE for d in case.decisions.all()):
        return None
    review = (
        IndependentReview.objects.filter(case=case, concluded_at__isnull=False)
        .order_by("-concluded_at", "-id")
        .first()
    )
    if review is None or review.outcome != ReviewOutcome.DISAGREE or redecided(review):
        return None
    return None if PanelResponse.objects.filter(review=review).exists() else review


def case_safeguards(*, case: Case) -> dict[str, Any]:
    """A case's quality checks and reviews, with members' views, for its page (only a
    negative decision is checked or reviewed, so a case without one is not asked)."""
    if not any(d.outcome == DecisionOutcome.NEGATIVE for d in case.decisions.all()):
        return {"checks": [], "reviews": []}
    return {
        "checks": list(
            QualityCheck.objects.filter(case=case).select_related("checked_by", "decision")
        ),
        "reviews": list(
            IndependentReview.objects.filter(case=case)
            .select_related("concluded_by", "decision", "response", "response__responded_by")
            .prefetch_related("views__member", "views__agency")
        ),
    }
