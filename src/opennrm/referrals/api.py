"""`/api/v1/referrals`: submit a complete referral and read it back (thin: calls services)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Header, Router, Schema, Status

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.cases.schemas import CaseSummaryOut
from opennrm.core.api_schemas import Message, ValidationErrorResponse
from opennrm.core.exceptions import Forbidden
from opennrm.referrals import selectors, services
from opennrm.referrals.presenters import referral_summary
from opennrm.referrals.schema import ReferralSubmission

router = Router(tags=["referrals"])


class ReferralOut(Schema):
    reference: str
    kind: str
    received_at: str
    organisation: str
    case: CaseSummaryOut | None


@router.post(
    "/referrals",
    response={201: ReferralOut, 401: Message, 403: Message, 422: ValidationErrorResponse},
    summary="Submit a referral",
)
def submit_referral(
    request: HttpRequest,
    response: HttpResponse,
    payload: ReferralSubmission,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=128),  # type: ignore[type-arg]
) -> Status[Any]:
    """Submit a complete NRM referral or Duty to Notify report in one request.

    The same rules as the online form apply. Send an `Idempotency-Key` header so that a
    retried request returns the referral already made instead of making a second one; a
    key reused with a different body is refused (422).
    """
    user = request.user
    if not (
        evaluate.holds_somewhere(user, Permission.ORGANISATION_REFER)
        or evaluate.holds_somewhere(user, Permission.REFERRAL_IMPORT)
    ):
        raise Forbidden("Only first responders and data migration may submit referrals")
    organisation = services.organisation_for(user, payload.organisation)  # type: ignore[arg-type]
    result = services.referral_submit(
        user=user,  # type: ignore[arg-type]
        organisation=organisation,
        submission=payload,
        idempotency_key=idempotency_key,
    )
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    referral = selectors.referral_get(user=user, reference=result.referral.reference)  # type: ignore[arg-type]
    return Status(201, referral_summary(referral or result.referral))


@router.get(
    "/referrals/{reference}",
    response={200: ReferralOut, 401: Message, 404: Message},
    summary="Read a referral",
)
def get_referral(request: HttpRequest, reference: str) -> Status[Any]:
    """A referral your organisation made (or, for data migration, one you imported), with
    its case's current state. Reading it is recorded in the audit trail."""
    referral = selectors.referral_get_for(user=request.user, reference=reference)  # type: ignore[arg-type]
    return Status(200, referral_summary(referral))
