"""`/api/v1/cases`: the caller's work queue, one case, and recording decisions."""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from opennrm.accounts.models import User
from opennrm.api.schemas import Message, ValidationErrorResponse
from opennrm.audit.services import audit_record_access
from opennrm.cases import selectors, services
from opennrm.cases.domain import TransitionRefused
from opennrm.cases.presenters import case_detail, case_summary

router = Router(tags=["cases"])


class DecisionMakerOut(Schema):
    type: str
    name: str


class DeadlinesOut(Schema):
    rg_due: date
    recovery_period_ends: date | None
    cg_earliest: date | None


class CaseOut(Schema):
    reference: str
    state: str
    is_child: bool
    nation: str
    decision_maker: DecisionMakerOut
    assigned_to: str | None
    deadlines: DeadlinesOut
    version: int


class DecisionOut(Schema):
    stage: str
    outcome: str
    rationale: str
    threshold_wording: str
    decided_at: datetime
    decided_by: str
    sent_to_review: bool


class CaseDetailOut(CaseOut):
    received_at: datetime
    decisions: list[DecisionOut]


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None


class QueueQuery(Schema):
    state: str = ""
    is_child: bool | None = None
    nation: str = ""
    assigned: str = Field("", description="`me`, `unassigned` or a user id")
    due: Literal["", "today", "overdue", "this_week"] = ""
    cursor: str = Field("", description="`next_cursor` from the previous page")
    limit: int = Field(50, ge=1, le=100)


class DecisionIn(Schema):
    stage: Literal["reasonable_grounds", "conclusive_grounds"]
    outcome: Literal["positive", "negative"]
    rationale: str = Field(max_length=20_000)
    version: int
    evidence_considered: str = Field("", max_length=20_000)
    local_authority_consulted: bool = False
    child_wishes_and_feelings: str = Field("", max_length=20_000)
    consultations: list[
        Literal["first_responder", "support_provider", "police", "local_authority"]
    ] = []
    decided_at: datetime | None = Field(None, description="Data migration only")


def _problem(field: str, message: str) -> dict[str, Any]:
    return {"detail": [{"loc": [field], "msg": message, "type": "value_error"}]}


@router.get("/cases", response={200: CasePage, 401: Message, 422: ValidationErrorResponse})
def list_cases(request: HttpRequest, query: Query[QueueQuery]) -> Status[Any]:
    """Your work queue, soonest reasonable-grounds deadline first (keyset pagination)."""
    user: User = request.user  # type: ignore[assignment]
    filters = selectors.QueueFilters(
        state=query.state,
        is_child=query.is_child,
        nation=query.nation,
        assigned=query.assigned,
        due=query.due,
    )
    cases = selectors.case_queue(user=user, filters=filters, today=timezone.localdate())
    if query.cursor:
        try:
            cases = selectors.after_cursor(cases, query.cursor, latest_first=False)
        except ValueError:
            return Status(422, _problem("cursor", "The cursor is not one this API gave you"))
    page = list(cases[: query.limit + 1])
    more = len(page) > query.limit
    page = page[: query.limit]
    next_cursor = f"{page[-1].rg_due.isoformat()}_{page[-1].pk}" if more and page else None
    return Status(200, {"items": [case_summary(c) for c in page], "next_cursor": next_cursor})


@router.get("/cases/{reference}", response={200: CaseDetailOut, 401: Message, 404: Message})
def get_case(request: HttpRequest, reference: str) -> Status[Any]:
    """One case with its deadlines and decisions. Reading it is recorded in the audit trail."""
    user: User = request.user  # type: ignore[assignment]
    case = selectors.case_get(user=user, reference=reference)
    if case is None:
        return Status(404, {"detail": "No case with that reference."})
    audit_record_access(actor=user, obj=case, case_reference=case.reference)
    return Status(200, case_detail(case))


@router.post(
    "/cases/{reference}/decisions",
    response={
        201: CaseDetailOut,
        401: Message,
        403: Message,
        404: Message,
        409: Message,
        422: ValidationErrorResponse,
    },
)
def record_decision(request: HttpRequest, reference: str, payload: DecisionIn) -> Status[Any]:
    """Record a reasonable- or conclusive-grounds decision.

    409 if the case changed since you read `version`; 422 with the reason if the rules do
    not allow the decision now (for example a conclusive grounds decision before the
    recovery period has ended); 403 if your role may not decide this case.
    """
    user: User = request.user  # type: ignore[assignment]
    case = selectors.case_get(user=user, reference=reference)
    if case is None:
        return Status(404, {"detail": "No case with that reference."})
    try:
        services.decision_record(
            user=user,
            case=case,
            expected_version=payload.version,
            decision=services.DecisionInput(
                stage=payload.stage,
                outcome=payload.outcome,
                rationale=payload.rationale,
                evidence_considered=payload.evidence_considered,
                local_authority_consulted=payload.local_authority_consulted,
                child_wishes_and_feelings=payload.child_wishes_and_feelings,
                consultations=tuple(payload.consultations),
                decided_at=payload.decided_at,
            ),
        )
    except services.CaseChanged as changed:
        return Status(409, {"detail": str(changed)})
    except TransitionRefused as refused:
        if refused.field == "role":
            return Status(403, {"detail": refused.reason})
        return Status(422, _problem(refused.field or "stage", refused.reason))
    fresh = selectors.case_get(user=user, reference=reference)
    return Status(201, case_detail(fresh or case))
