"""Reconsideration of negative decisions: the request and the decision maker's answer.

There is no formal appeal in the NRM (NRM.md §3.7). The first responder, the support
provider or (through them) the person's representative may ask, on new evidence and/or
because the decision did not follow the guidance, within the window the policy of the
decision date sets (30 calendar days since February 2024), later only for an exceptional
reason. An accepted request reopens the decision through the case's transition table; the
new decision then supersedes the old one, and both are kept.
"""

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.policy import Permission, Relation
from opennrm.accounts.models import User
from opennrm.audit.services import audit_record
from opennrm.cases import services as case_services
from opennrm.cases.domain import Action, State
from opennrm.cases.models import Case, Decision, DecisionOutcome, DecisionStage
from opennrm.core.exceptions import ApplicationError, Forbidden, Problem
from opennrm.core.jurisdiction import jurisdiction, rules_in_force
from opennrm.policy import reconsideration_deadline
from opennrm.protection import domain
from opennrm.protection.models import ReconsiderationRequest, RequestStatus, SupportAllocation
from opennrm.protection.notices import decision_maker_tell

NEGATIVE_STATES = {
    State.NEGATIVE_RG: DecisionStage.REASONABLE_GROUNDS,
    State.NEGATIVE_CG: DecisionStage.CONCLUSIVE_GROUNDS,
}


def _refuse(problems: Iterable[domain.Problem]) -> None:
    found = [Problem((field,), message) for field, message in problems]
    if found:
        raise ApplicationError(problems=found)


def decision_to_reconsider(case: Case) -> Decision | None:
    """The negative decision in force that a request would be about, if the case has one."""
    stage = NEGATIVE_STATES.get(State(case.state))
    if stage is None:
        return None
    return (
        Decision.objects.filter(
            case=case,
            stage=stage,
            outcome=DecisionOutcome.NEGATIVE,
            superseded_by__isnull=True,
        )
        .order_by("-decided_at", "-id")
        .first()
    )


def _requesting_organisation(user: User, case: Case) -> int:
    """The organisation the person asks for: the one that referred, or the support provider
    allocated (the access policy has already let them ask through one of the two)."""
    organisations = evaluate.organisations_granting(
        user, Permission.CASE_REQUEST_RECONSIDERATION, Relation.REFERRING_ORGANISATION
    ) | evaluate.organisations_granting(
        user, Permission.CASE_REQUEST_RECONSIDERATION, Relation.SUPPORTING_ORGANISATION
    )
    if case.referral.organisation_id in organisations:
        return int(case.referral.organisation_id)
    current = SupportAllocation.objects.filter(
        case=case, ended_at__isnull=True, provider_id__in=organisations
    ).first()
    if current is None:
        raise Forbidden("Your role does not allow this", field="role")
    return int(current.provider_id)


def reconsideration_request(
    *,
    user: User,
    case: Case,
    grounds: Iterable[str],
    details: str,
    evidence: str = "",
    exceptional_reason: str = "",
    requested_for: str = domain.RequestedFor.ORGANISATION,
    representative_name: str = "",
    today: date | None = None,
) -> ReconsiderationRequest:
    """Ask for the case's negative decision to be reconsidered.

    Refused (422, with the field) when there is no negative decision in force, one request
    is already waiting, or the request is out of time without an exceptional reason.
    """
    if not evaluate.may(user, Permission.CASE_REQUEST_RECONSIDERATION, case):
        raise Forbidden("Your role does not allow this", field="role")
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("referral").get(pk=case.pk)
        decision = decision_to_reconsider(locked)
        if decision is None:
            raise ApplicationError(
                "There is no negative decision in force on this case to reconsider",
                field="case",
            )
        if ReconsiderationRequest.objects.filter(
            case=locked, status=RequestStatus.PENDING
        ).exists():
            raise ApplicationError(
                "A request to reconsider this decision is already waiting for an answer",
                field="case",
            )
        decided_on = timezone.localdate(decision.decided_at)
        # The window in force on the day of the decision (MSA 2015 s49 statutory guidance).
        deadline = reconsideration_deadline(decided_on, locked.nation, jurisdiction=jurisdiction())
        facts = domain.RequestFacts(
            grounds=frozenset(grounds),
            details=details,
            decided_on=decided_on,
            requested_on=today,
            deadline=deadline,
            exceptional_reason=exceptional_reason,
            representative_name=representative_name,
            requested_for=requested_for,
        )
        _refuse(domain.request_problems(facts))
        late = domain.request_late(facts)
        request = ReconsiderationRequest.objects.create(
            case=locked,
            decision=decision,
            grounds=sorted(facts.grounds),
            details=details.strip(),
            evidence=evidence.strip(),
            requested_for=requested_for,
            representative_name=representative_name.strip()
            if requested_for == domain.RequestedFor.REPRESENTATIVE
            else "",
            deadline=deadline,
            late=late,
            exceptional_reason=exceptional_reason.strip() if late else "",
            support_continues=rules_in_force(today, locked.nation).support_during_reconsideration,
            requested_by=user,
            requested_by_organisation_id=_requesting_organisation(user, locked),
        )
        audit_record(
            actor=user,
            action="case.reconsideration_requested",
            obj=request,
            case_reference=locked.reference,
            payload={
                "decision": decision.pk,
                "grounds": request.grounds,
                "late": late,
                "requested_for": requested_for,
            },
        )
        decision_maker_tell(
            actor=user,
            case=locked,
            kind="reconsideration",
            organisation=request.requested_by_organisation.name,
        )
    return request


def reconsideration_answer(
    *,
    user: User,
    request: ReconsiderationRequest,
    accept: bool | None,
    reasons: str,
    expected_version: int,
) -> ReconsiderationRequest:
    """The decision maker accepts or declines a request, with reasons. Accepting reopens
    the decision (the case's ``reconsider`` transition): the new decision, made as any
    other, supersedes the old one."""
    case = request.case
    if not evaluate.may(user, Permission.CASE_ANSWER_RECONSIDERATION, case):
        raise Forbidden("Your role does not allow this", field="role")
    _refuse(domain.answer_problems(accept=accept, reasons=reasons))
    with transaction.atomic():
        locked = ReconsiderationRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.PENDING:
            raise ApplicationError("This request has already been answered", field="accept")
        if accept:
            case_services.case_transition(
                user=user,
                case=case,
                action=Action.RECONSIDER,
                expected_version=expected_version,
                reason=reasons,
            )
        locked.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
        locked.answer_reasons = reasons.strip()
        locked.answered_by = user
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "answer_reasons", "answered_by", "answered_at"])
        audit_record(
            actor=user,
            action=f"case.reconsideration_{locked.status}",
            obj=locked,
            case_reference=case.reference,
            payload={"decision": locked.decision_id},
        )
    return locked
