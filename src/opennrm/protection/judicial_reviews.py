"""Judicial review: the last safeguard against a wrong decision once reconsideration is
exhausted (NRM.md §3.7). The service records that a decision is challenged, the referral
to a specialist solicitor (always offered for a child) and the outcome."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import User
from opennrm.audit.services import audit_record
from opennrm.cases.models import Case, Decision
from opennrm.core.exceptions import ApplicationError, Forbidden
from opennrm.protection.models import JudicialReview, JudicialReviewOutcome


def judicial_review_record(
    *,
    user: User,
    case: Case,
    decision_id: int | None,
    claim_lodged_on: date | None,
    solicitor_referral_offered: bool,
    solicitor: str = "",
) -> JudicialReview:
    """Record that a decision of the case is challenged by judicial review."""
    if not evaluate.may(user, Permission.CASE_RECORD_JUDICIAL_REVIEW, case):
        raise Forbidden("Your role does not allow this", field="role")
    decision = Decision.objects.filter(case=case, pk=decision_id or 0).first()
    if decision is None:
        raise ApplicationError("Select the decision that is challenged", field="decision")
    today = timezone.localdate()
    if claim_lodged_on is None:
        raise ApplicationError("Enter the date the claim was lodged", field="claim_lodged_on")
    if claim_lodged_on > today or claim_lodged_on < timezone.localdate(decision.decided_at):
        raise ApplicationError(
            "The claim must be lodged after the decision and not in the future",
            field="claim_lodged_on",
        )
    # A child challenging a decision should always be referred to a specialist solicitor.
    if case.is_child and not solicitor_referral_offered:
        raise ApplicationError(
            "A child is always offered a referral to a specialist solicitor: record it",
            field="solicitor_referral_offered",
        )
    with transaction.atomic():
        review = JudicialReview.objects.create(
            case=case,
            decision=decision,
            claim_lodged_on=claim_lodged_on,
            solicitor_referral_offered=solicitor_referral_offered,
            solicitor=solicitor.strip(),
            recorded_by=user,
        )
        audit_record(
            actor=user,
            action="case.judicial_review_recorded",
            obj=review,
            case_reference=case.reference,
            payload={"decision": decision.pk, "solicitor_offered": solicitor_referral_offered},
        )
    return review


def judicial_review_outcome(
    *, user: User, review: JudicialReview, outcome: str, outcome_on: date | None
) -> JudicialReview:
    """Record how the judicial review ended."""
    if not evaluate.may(user, Permission.CASE_RECORD_JUDICIAL_REVIEW, review.case):
        raise Forbidden("Your role does not allow this", field="role")
    if outcome not in JudicialReviewOutcome.values or outcome == JudicialReviewOutcome.PENDING:
        raise ApplicationError("Select the outcome", field="outcome")
    if outcome_on is None or outcome_on < review.claim_lodged_on:
        raise ApplicationError(
            "Enter the date of the outcome, on or after the claim was lodged", field="outcome_on"
        )
    with transaction.atomic():
        review.outcome = outcome
        review.outcome_on = outcome_on
        review.save(update_fields=["outcome", "outcome_on"])
        audit_record(
            actor=user,
            action="case.judicial_review_outcome",
            obj=review,
            case_reference=review.case.reference,
            payload={"outcome": outcome},
        )
    return review
