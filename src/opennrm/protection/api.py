"""`/api/v1/cases/{reference}/reconsiderations` and the decision maker's answer, and the
record of leave to remain. Thin: the access policy decides who may know the case (404)
and act (403); the services apply the rules; an ``ApplicationError`` becomes a 4xx with
the path to the field. The case's `state` and `decisions` (``GET /api/v1/cases/{reference}``)
show where it stands: a new decision names the one it `supersedes`.
"""

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from opennrm.access.policy import Permission
from opennrm.core.api_schemas import Message, ValidationErrorResponse
from opennrm.core.exceptions import ApplicationError, Forbidden
from opennrm.protection import after_decision, reconsiderations
from opennrm.protection.models import ReconsiderationRequest, RequestStatus
from opennrm.protection.selectors import case_for_action

router = Router(tags=["protection"])

ERRORS: dict[int, Any] = {
    401: Message,
    403: Message,
    404: Message,
    409: Message,
    422: ValidationErrorResponse,
}


class ReconsiderationIn(Schema):
    grounds: list[Literal["new_evidence", "not_in_line_with_guidance"]] = Field(
        min_length=1, max_length=2, description="One or both."
    )
    details: str = Field(max_length=20_000, description="Why the decision should be reconsidered.")
    evidence: str = Field("", max_length=20_000, description="The evidence sent with it.")
    exceptional_reason: str = Field(
        "",
        max_length=20_000,
        description="Required when the request is after the window the policy sets "
        "(30 calendar days from the decision since February 2024): otherwise 422.",
    )
    requested_for: Literal["organisation", "representative"] = "organisation"
    representative_name: str = Field("", max_length=200)


class ReconsiderationOut(Schema):
    id: int
    decision: int = Field(description="The decision to be reconsidered.")
    grounds: list[str]
    status: Literal["pending", "accepted", "declined"]
    late: bool
    deadline: date | None = Field(description="The last day a request was in time.")
    support_continues: bool = Field(
        description="Whether the policy keeps support running while it is considered."
    )
    requested_at: datetime
    answer_reasons: str
    answered_at: datetime | None


class AnswerIn(Schema):
    accept: bool
    reasons: str = Field(max_length=20_000)
    version: int = Field(description="The case's `version` as you read it.")


class LeaveIn(Schema):
    kind: Literal["discretionary_leave", "temporary_permission_to_stay"]
    outcome: Literal["granted", "refused", "not_subject_to_immigration_control"]
    considered_on: date
    reasons: str = Field(max_length=20_000)
    child_best_interests: str = Field("", max_length=20_000, description="Required for a child.")


class LeaveOut(Schema):
    kind: str
    outcome: str
    considered_on: date


def _out(request: ReconsiderationRequest) -> dict[str, Any]:
    return {
        "id": request.pk,
        "decision": request.decision_id,
        "grounds": request.grounds,
        "status": request.status,
        "late": request.late,
        "deadline": request.deadline,
        "support_continues": request.support_continues,
        "requested_at": request.requested_at,
        "answer_reasons": request.answer_reasons,
        "answered_at": request.answered_at,
    }


@router.post("/cases/{reference}/reconsiderations", response={201: ReconsiderationOut, **ERRORS})
def request_reconsideration(
    request: HttpRequest, reference: str, payload: ReconsiderationIn
) -> Status[Any]:
    """Ask for the case's negative decision to be reconsidered (the first responder who
    referred, or the support provider).

    422 on `exceptional_reason` if the request is out of time without one; 422 on `case`
    if there is no negative decision in force or a request is already waiting.
    """
    case = case_for_action(
        user=request.user,  # type: ignore[arg-type]
        reference=reference,
        permission=Permission.CASE_REQUEST_RECONSIDERATION,
    )
    made = reconsiderations.reconsideration_request(
        user=request.user,  # type: ignore[arg-type]
        case=case,
        grounds=payload.grounds,
        details=payload.details,
        evidence=payload.evidence,
        exceptional_reason=payload.exceptional_reason,
        requested_for=payload.requested_for,
        representative_name=payload.representative_name,
    )
    return Status(201, _out(made))


@router.post(
    "/cases/{reference}/reconsiderations/answer", response={200: ReconsiderationOut, **ERRORS}
)
def answer_reconsideration(request: HttpRequest, reference: str, payload: AnswerIn) -> Status[Any]:
    """The decision maker accepts or declines the request waiting on the case, with reasons.

    Accepting reopens the decision (`state` back to awaiting it); the new decision then
    `supersedes` the old one. 409 if the case changed since you read `version`.
    """
    case = case_for_action(
        user=request.user,  # type: ignore[arg-type]
        reference=reference,
        permission=Permission.CASE_ANSWER_RECONSIDERATION,
    )
    pending = ReconsiderationRequest.objects.filter(case=case, status=RequestStatus.PENDING).first()
    if pending is None:
        raise ApplicationError("No request for reconsideration is waiting", field="case")
    answered = reconsiderations.reconsideration_answer(
        user=request.user,  # type: ignore[arg-type]
        request=pending,
        accept=payload.accept,
        reasons=payload.reasons,
        expected_version=payload.version,
    )
    return Status(200, _out(answered))


@router.post("/cases/{reference}/leave-consideration", response={201: LeaveOut, **ERRORS})
def consider_leave(request: HttpRequest, reference: str, payload: LeaveIn) -> Status[Any]:
    """Record that leave to remain was considered after a positive conclusive grounds
    decision. Only Home Office immigration staff, who may see immigration details: anyone
    else who may see the case is answered 403 with the reason."""
    try:
        case = case_for_action(
            user=request.user,  # type: ignore[arg-type]
            reference=reference,
            permission=Permission.CASE_CONSIDER_LEAVE,
        )
    except Forbidden:
        raise Forbidden(after_decision.IMMIGRATION_STAFF_ONLY, field="role") from None
    record = after_decision.leave_consideration_record(
        user=request.user,  # type: ignore[arg-type]
        case=case,
        kind=payload.kind,
        outcome=payload.outcome,
        considered_on=payload.considered_on,
        reasons=payload.reasons,
        child_best_interests=payload.child_best_interests,
    )
    return Status(
        201, {"kind": record.kind, "outcome": record.outcome, "considered_on": record.considered_on}
    )
