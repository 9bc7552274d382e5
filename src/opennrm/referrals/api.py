"""`/api/v1/referrals`: submit a complete referral and read it back (thin: calls services)."""

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Header, Router, Schema, Status

from opennrm.accounts.models import Organisation, User
from opennrm.api.schemas import Message, ValidationErrorResponse
from opennrm.referrals import selectors, services
from opennrm.referrals.domain import Problem
from opennrm.referrals.presenters import referral_summary
from opennrm.referrals.schema import ReferralSubmission

router = Router(tags=["referrals"])


class DecisionMakerOut(Schema):
    type: str
    name: str


class DeadlinesOut(Schema):
    rg_due: date


class CaseSummaryOut(Schema):
    reference: str
    state: str
    decision_maker: DecisionMakerOut
    deadlines: DeadlinesOut


class ReferralOut(Schema):
    reference: str
    kind: str
    received_at: str
    organisation: str
    case: CaseSummaryOut | None


def problems_response(problems: list[Problem]) -> dict[str, Any]:
    return {
        "detail": [{"loc": list(p.loc), "msg": p.message, "type": "value_error"} for p in problems]
    }


def organisation_for(user: User, name: str | None) -> Organisation | Problem:
    """The organisation a referral is made for: named, or the user's only one.

    Data migration moves historic referrals of every organisation, so it may name any
    designated first responder organisation; first responders only their own.
    """
    if name and user.has_role("data_migration"):
        found = Organisation.objects.filter(name=name, is_active=True).first()
        return found or Problem(("organisation",), "No organisation has that name")
    allowed = Organisation.objects.filter(pk__in=user.organisation_ids_for("first_responder"))
    if name:
        organisation = allowed.filter(name=name).first()
        if organisation is None:
            return Problem(("organisation",), "You are not a first responder in this organisation")
        return organisation
    choices = list(allowed[:2])
    if not choices:
        return Problem(("organisation",), "You are not a first responder in any organisation")
    if len(choices) > 1:
        return Problem(("organisation",), "You belong to several organisations: name one")
    return choices[0]


@router.post(
    "/referrals",
    response={201: ReferralOut, 401: Message, 422: ValidationErrorResponse},
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
    retried request returns the referral already made instead of making a second one.
    """
    user: User = request.user  # type: ignore[assignment]
    organisation = organisation_for(user, payload.organisation)
    if isinstance(organisation, Problem):
        return Status(422, problems_response([organisation]))
    try:
        result = services.referral_submit(
            user=user,
            organisation=organisation,
            submission=payload,
            idempotency_key=idempotency_key,
        )
    except services.ReferralRejected as rejected:
        return Status(422, problems_response(rejected.problems))
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    referral = selectors.referral_get(user=user, reference=result.referral.reference)
    return Status(201, referral_summary(referral or result.referral))


@router.get(
    "/referrals/{reference}",
    response={200: ReferralOut, 401: Message, 404: Message},
    summary="Read a referral",
)
def get_referral(request: HttpRequest, reference: str) -> Status[Any]:
    """A referral made by your own organisation, with its case's current state."""
    referral = selectors.referral_get(user=request.user, reference=reference)  # type: ignore[arg-type]
    if referral is None:
        return Status(404, {"detail": "No referral with that reference."})
    return Status(200, referral_summary(referral))
