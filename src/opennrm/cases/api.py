"""`/api/v1/cases`: the caller's work queue, one case, and recording decisions.

Thin: the access policy decides what a caller may see (404 otherwise) and do (403), the
services apply the rules, and an ``ApplicationError`` becomes the JSON error response.
"""

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.audit.services import audit_record_search
from opennrm.cases import selectors, services, sittings
from opennrm.cases.presenters import case_detail, case_summary
from opennrm.cases.schemas import CaseDetailOut, CasePage, PanelDecisionIn
from opennrm.core.api_schemas import Message, ValidationErrorResponse
from opennrm.core.exceptions import Forbidden
from opennrm.core.pagination import keyset_page

router = Router(tags=["cases"])


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
    decided_at: datetime | None = Field(
        None,
        description="Data migration only, on the records it imported: when the decision "
        "was originally made (not before the referral was received).",
    )
    meeting_id: int | None = Field(
        None,
        description="Required for a child panel's case: the quorate meeting that made the "
        "decision (`POST /api/v1/panels/{id}/meetings`).",
    )
    panel: PanelDecisionIn | None = Field(
        None, description="Required with `meeting_id`: what the panel records with it."
    )


def _assigned_code(value: str) -> str:
    """The assigned filter as recorded: a code or an id, never whatever else was sent."""
    if value in ("", "me", "unassigned") or (value.isascii() and value.isdigit()):
        return value[:20]
    return "other"


@router.get(
    "/cases",
    response={200: CasePage, 401: Message, 403: Message, 422: ValidationErrorResponse},
)
def list_cases(request: HttpRequest, query: Query[QueueQuery]) -> Status[Any]:
    """Your work queue, soonest reasonable-grounds deadline first (keyset pagination)."""
    if not evaluate.holds_somewhere(request.user, Permission.QUEUE_VIEW):
        raise Forbidden("Your role has no work queue")
    filters = selectors.QueueFilters(
        state=query.state,
        is_child=query.is_child,
        nation=query.nation,
        assigned=query.assigned,
        due=query.due,
    )
    chosen = {
        name: value
        for name, value in (
            ("state", query.state),
            ("is_child", query.is_child),
            ("nation", query.nation),
            ("assigned", _assigned_code(query.assigned)),
            ("due", query.due),
        )
        if value not in ("", None)
    }
    if chosen:
        # Filtering case data is a search: recorded with the filters (codes, never text).
        audit_record_search(actor=request.user, kind="case", criteria={"filters": chosen})
    cases = selectors.case_queue(user=request.user, filters=filters, today=timezone.localdate())  # type: ignore[arg-type]
    page = keyset_page(cases, key="rg_due", cursor=query.cursor, limit=query.limit)
    return Status(
        200, {"items": [case_summary(c) for c in page.items], "next_cursor": page.next_cursor}
    )


@router.get("/cases/{reference}", response={200: CaseDetailOut, 401: Message, 404: Message})
def get_case(request: HttpRequest, reference: str) -> Status[Any]:
    """One case with its deadlines and decisions. Reading it is recorded in the audit trail."""
    case = selectors.case_get_for(user=request.user, reference=reference)  # type: ignore[arg-type]
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
    recovery period has ended, or a decision dated before the referral); 403 if your role
    may not decide this case; 404 if you may not see it.

    A child panel's case needs `meeting_id` and `panel`: 422 on `meeting_id` if the meeting
    was not quorate, its chair is the child's lead social worker, or it is another panel's.
    """
    user = request.user
    case = selectors.case_get_for(
        user=user,  # type: ignore[arg-type]
        reference=reference,
        permission=Permission.CASE_DECIDE,
        record_view=False,
    )
    sitting = (
        sittings.sitting_for(
            user=user,
            case=case,
            meeting_id=payload.meeting_id,
            details=payload.panel.model_dump() if payload.panel is not None else None,
        )
        if payload.meeting_id is not None
        else None
    )
    services.decision_record(
        user=user,  # type: ignore[arg-type]
        case=case,
        sitting=sitting,
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
    fresh = selectors.case_get_for(user=user, reference=reference, record_view=False)  # type: ignore[arg-type]
    return Status(201, case_detail(fresh))
