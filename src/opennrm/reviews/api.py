"""`/api/v1/reviews`, `/api/v1/cases/{reference}/review` and `/quality-check`, and
`/api/v1/statistics/reviews`: the review panel's queue and conclusions, quality checks and
the measures of both.

Thin: the access policy decides what a caller may see (404 otherwise) and do (403); the
services refuse, with a reason, a reviewer who is not independent of the decision (403)
and a second review of a decision already concluded (409).
"""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.cases import selectors as case_selectors
from opennrm.cases.presenters import case_detail
from opennrm.cases.schemas import CaseDetailOut
from opennrm.core.api_schemas import Message, ValidationErrorResponse
from opennrm.core.exceptions import Forbidden
from opennrm.reviews import measures, selectors, services

router = Router(tags=["reviews"])


class ReviewOut(Schema):
    reference: str = Field(description="The case: `/api/v1/cases/{reference}`.")
    stage: str
    proposed_outcome: str
    decision_maker: str
    is_child: bool
    opened_at: datetime
    due_on: date
    version: int = Field(description="The case's version, to send with the conclusion.")


class ReviewIn(Schema):
    outcome: Literal["agree", "disagree"] = Field(
        description="`agree`: the decision is issued. `disagree`: it returns to the "
        "decision maker, who must decide again."
    )
    reasons: str = Field(min_length=1, max_length=20_000)
    version: int


class QualityCheckIn(Schema):
    outcome: Literal["passed", "returned"] = Field(
        description="`passed`: on to independent review where the policy says so, else "
        "issued. `returned`: back to the decision maker."
    )
    reasons: str = Field("", max_length=20_000, description="Required when `returned`.")
    version: int


_ERRORS = {401: Message, 403: Message, 404: Message, 409: Message, 422: ValidationErrorResponse}


@router.get("/reviews", response={200: list[ReviewOut], 401: Message, 403: Message})
def list_reviews(request: HttpRequest) -> Status[Any]:
    """The review panel member's queue: open reviews of decisions independent of them,
    soonest due first."""
    if not evaluate.holds_somewhere(request.user, Permission.CASE_REVIEW):
        raise Forbidden("Your role does not review decisions")
    reviews = selectors.review_queue_for_user(user=request.user)  # type: ignore[arg-type]
    return Status(
        200,
        [
            {
                "reference": r.case.reference,
                "stage": r.stage,
                "proposed_outcome": r.decision.outcome,
                "decision_maker": r.case.decision_maker.name,
                "is_child": r.case.is_child,
                "opened_at": r.opened_at,
                "due_on": r.due_on,
                "version": r.case.version,
            }
            for r in reviews[:500]
        ],
    )


@router.post("/cases/{reference}/review", response={200: CaseDetailOut, **_ERRORS})
def conclude_review(request: HttpRequest, reference: str, payload: ReviewIn) -> Status[Any]:
    """The panel's conclusion on a proposed negative decision.

    403 with the reason if you work for the deciding organisation or took part in the
    decision; 409 if the review was already concluded or the case changed since you read
    `version`; 404 if the case is not under review by you. The answer is the case: its
    `state` and `decisions` say where it stands.
    """
    user = request.user
    case = case_selectors.case_get_for(
        user=user,  # type: ignore[arg-type]
        reference=reference,
        permission=Permission.CASE_REVIEW,
        record_view=False,
    )
    services.review_conclude(
        user=user,  # type: ignore[arg-type]
        case=case,
        outcome=payload.outcome,
        reasons=payload.reasons,
        expected_version=payload.version,
    )
    fresh = case_selectors.case_get_for(user=user, reference=reference, record_view=False)  # type: ignore[arg-type]
    return Status(200, case_detail(fresh))


@router.post("/cases/{reference}/quality-check", response={200: CaseDetailOut, **_ERRORS})
def quality_check(request: HttpRequest, reference: str, payload: QualityCheckIn) -> Status[Any]:
    """A senior caseworker's quality check of a proposed negative decision (never their
    own: 403)."""
    user = request.user
    case = case_selectors.case_get_for(
        user=user,  # type: ignore[arg-type]
        reference=reference,
        permission=Permission.CASE_QUALITY_CHECK,
        record_view=False,
    )
    services.quality_check_record(
        user=user,  # type: ignore[arg-type]
        case=case,
        outcome=payload.outcome,
        reasons=payload.reasons,
        expected_version=payload.version,
    )
    fresh = case_selectors.case_get_for(user=user, reference=reference, record_view=False)  # type: ignore[arg-type]
    return Status(200, case_detail(fresh))


class MeasureColumnOut(Schema):
    key: str
    label: str
    kind: Literal["count", "rate", "days"]
    description: str


class MeasureRowOut(Schema):
    stage: str
    decision_maker: str
    values: dict[str, float | int | None] = Field(
        description="By column `key`; rates from 0 to 1; `null` when there is nothing to count."
    )


class MeasuresOut(Schema):
    columns: list[MeasureColumnOut]
    rows: list[MeasureRowOut]


@router.get(
    "/statistics/reviews",
    response={200: MeasuresOut, 401: Message, 403: Message},
    tags=["statistics"],
)
def review_measures(request: HttpRequest) -> Status[Any]:
    """Per stage and decision maker: decisions reviewed, the review agreement rate, the
    median days in review, quality checks and how many sent the decision back."""
    if not evaluate.holds_somewhere(request.user, Permission.MEASURES_VIEW):
        raise Forbidden("Your role does not allow these measures")
    table = measures.measures_table()
    return Status(
        200,
        {
            "columns": [
                {
                    "key": c.key,
                    "label": str(c.label),
                    "kind": c.kind.value,
                    "description": str(c.description),
                }
                for c in table.columns
            ],
            "rows": [
                {"stage": r.stage, "decision_maker": r.decision_maker, "values": r.values}
                for r in table.rows
            ],
        },
    )
