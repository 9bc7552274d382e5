"""Requests for further information from the first responder, and their answers."""

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import User
from opennrm.audit.services import audit_record
from opennrm.cases.domain import OPEN_STATES, RoleRefused, TransitionRefused
from opennrm.cases.models import Case, InformationRequest


def information_request_create(*, user: User, case: Case, question: str) -> InformationRequest:
    """Ask the referring organisation a question about an open case."""
    if not evaluate.may(user, Permission.CASE_REQUEST_INFORMATION, case):
        raise RoleRefused
    if case.state not in OPEN_STATES:
        raise TransitionRefused("You can only ask for information while a decision is open")
    if not question.strip():
        raise TransitionRefused("Enter your question", "question")
    with transaction.atomic():
        request = InformationRequest.objects.create(
            case=case, question=question.strip(), requested_by=user
        )
        audit_record(
            actor=user,
            action="case.information_requested",
            obj=request,
            case_reference=case.reference,
        )
    return request


def information_request_answer(
    *, user: User, referral: Model, request: InformationRequest, answer: str
) -> InformationRequest:
    """Answer a request, as a first responder of the referring organisation."""
    if request.case.referral_id != referral.pk or not evaluate.may(
        user, Permission.REFERRAL_ANSWER_INFORMATION, referral
    ):
        raise RoleRefused
    if not answer.strip():
        raise TransitionRefused("Enter your answer", "answer")
    with transaction.atomic():
        locked = InformationRequest.objects.select_for_update().get(pk=request.pk)
        if not locked.is_open:
            raise TransitionRefused("This request has already been answered", "answer")
        locked.answer = answer.strip()
        locked.answered_by = user
        locked.answered_at = timezone.now()
        locked.save(update_fields=["answer", "answered_by", "answered_at"])
        audit_record(
            actor=user,
            action="case.information_provided",
            obj=locked,
            case_reference=locked.case.reference,
        )
    return locked
