"""Writes of quality checks and independent reviews. Each runs in one transaction with its
audit event; the case itself moves on only through ``cases.services``.
"""

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.policy import Permission, Relation
from opennrm.accounts.models import User
from opennrm.audit.services import audit_record
from opennrm.cases import services as case_services
from opennrm.cases.domain import Action, RoleRefused
from opennrm.cases.models import Case
from opennrm.core.exceptions import ApplicationError, Conflict, Forbidden
from opennrm.reviews.domain import (
    INDEPENDENCE_REASONS,
    CheckOutcome,
    ReviewOutcome,
    independence_problem,
)
from opennrm.reviews.models import IndependentReview, PanelResponse, QualityCheck, ReviewerView
from opennrm.reviews.selectors import took_part


def _reasons(reasons: str, message: str) -> str:
    text = reasons.strip()
    if not text:
        raise ApplicationError(message, field="reasons")
    return text


# Quality checks -------------------------------------------------------------------


def quality_check_record(
    *, user: User, case: Case, outcome: str, reasons: str, expected_version: int
) -> QualityCheck:
    """A senior caseworker passes a proposed negative decision (on to review, or issued) or
    sends it back to the decision maker with reasons. Never the person who made it."""
    try:
        chosen = CheckOutcome(outcome)
    except ValueError:
        raise ApplicationError("Select whether the decision passes", field="outcome") from None
    if not evaluate.may(user, Permission.CASE_QUALITY_CHECK, case):
        raise RoleRefused
    if chosen is CheckOutcome.RETURNED:
        reasons = _reasons(reasons, "Enter why the decision is being sent back")
    with transaction.atomic():
        check = (
            QualityCheck.objects.select_for_update()
            .filter(case=case, checked_at__isnull=True)
            .select_related("decision")
            .first()
        )
        if check is None:
            raise Conflict("This decision has already been checked", field="version")
        if check.decision.decided_by_id == user.pk:
            # A second pair of eyes: never one's own decision.
            raise Forbidden(
                "You made this decision: another senior caseworker must check it",
                field="outcome",
            )
        action = (
            Action.QUALITY_CHECK_PASS
            if chosen is CheckOutcome.PASSED
            else Action.QUALITY_CHECK_RETURN
        )
        case_services.proposed_decision_conclude(
            user=user,
            case=case,
            action=action,
            expected_version=expected_version,
            reasons=reasons or "Passed",
        )
        check.outcome = chosen
        check.reasons = reasons.strip()
        check.checked_by = user
        check.checked_at = timezone.now()
        check.save(update_fields=["outcome", "reasons", "checked_by", "checked_at"])
    return check


# Independent review ---------------------------------------------------------------


def _open_review(case: Case) -> IndependentReview:
    review = (
        IndependentReview.objects.select_for_update()
        .filter(case=case, concluded_at__isnull=True)
        .select_related("decision")
        .first()
    )
    if review is None:
        concluded = (
            IndependentReview.objects.filter(case=case, concluded_at__isnull=False)
            .select_related("concluded_by")
            .order_by("-concluded_at")
            .first()
        )
        if concluded is not None and concluded.concluded_at is not None:
            # Two reviews of one decision at once: the first concluded it.
            raise Conflict(
                "This decision's review was already concluded by "
                f"{concluded.concluded_by.get_full_name() if concluded.concluded_by else ''} "
                f"on {timezone.localtime(concluded.concluded_at):%-d %B %Y}",
                field="version",
            )
        raise ApplicationError("This case has no decision waiting for review", field="outcome")
    return review


def _check_independent(user: User, case: Case, review: IndependentReview) -> Any:
    """The agency the member sits for, or ``Forbidden`` with why they are not independent."""
    held = user.memberships.filter(is_active=True, organisation__is_active=True)
    problem = independence_problem(
        member_id=user.pk,
        member_organisations=held.values_list("organisation_id", flat=True),
        deciding_organisation=case.decision_maker_id,
        took_part=took_part(review.decision),
    )
    if problem is not None:
        raise Forbidden(INDEPENDENCE_REASONS[problem], field="outcome")
    roles = evaluate.roles_granting(Permission.CASE_REVIEW, Relation.REVIEW_PANEL)
    membership = held.filter(role__in=roles).select_related("organisation").first()
    if membership is None:
        raise RoleRefused
    return membership.organisation


def review_view_record(*, user: User, case: Case, view: str, reasons: str) -> ReviewerView:
    """Record one review panel member's view of the proposed decision (changing it if they
    recorded one already)."""
    try:
        chosen = ReviewOutcome(view)
    except ValueError:
        raise ApplicationError(
            "Select whether you agree with the decision", field="outcome"
        ) from None
    text = _reasons(reasons, "Enter the reasons for your view")
    if not evaluate.may(user, Permission.CASE_REVIEW, case):
        raise RoleRefused
    with transaction.atomic():
        review = _open_review(case)
        agency = _check_independent(user, case, review)
        record, _created = ReviewerView.objects.update_or_create(
            review=review,
            member=user,
            defaults={
                "agency": agency,
                "view": chosen,
                "reasons": text,
                "recorded_at": timezone.now(),
            },
        )
        audit_record(
            actor=user,
            action="case.review_view_recorded",
            obj=case,
            case_reference=case.reference,
            payload={"review": review.pk, "view": chosen.value},
        )
    return record


def review_conclude(
    *, user: User, case: Case, outcome: str, reasons: str, expected_version: int
) -> IndependentReview:
    """The panel's conclusion: **agree** (the decision is issued and the first responder
    told) or **disagree** with reasons (the case returns to the decision maker, who must
    decide again and say whether they accept the panel's view). The concluding member's
    own view is recorded too if they had not given one."""
    try:
        chosen = ReviewOutcome(outcome)
    except ValueError:
        raise ApplicationError(
            "Select whether the panel agrees with the decision", field="outcome"
        ) from None
    text = _reasons(reasons, "Enter the panel's reasons")
    if not evaluate.may(user, Permission.CASE_REVIEW, case):
        raise RoleRefused
    try:
        with transaction.atomic():
            review = _open_review(case)
            agency = _check_independent(user, case, review)
            case_services.proposed_decision_conclude(
                user=user,
                case=case,
                action=Action.REVIEW_UPHOLD
                if chosen is ReviewOutcome.AGREE
                else Action.REVIEW_OVERTURN,
                expected_version=expected_version,
                reasons=text,
            )
            ReviewerView.objects.get_or_create(
                review=review,
                member=user,
                defaults={"agency": agency, "view": chosen, "reasons": text},
            )
            review.outcome = chosen
            review.reasons = text
            review.concluded_by = user
            review.concluded_at = timezone.now()
            review.save(update_fields=["outcome", "reasons", "concluded_by", "concluded_at"])
    except IntegrityError:
        raise Conflict("This decision's review was already concluded", field="version") from None
    return review


def panel_response_record(*, user: User, case: Case, accepts: bool, reasons: str) -> PanelResponse:
    """The decision maker says whether they accept the view of a panel that disagreed, and
    why, before deciding again."""
    from opennrm.reviews.selectors import awaiting_response

    text = _reasons(reasons, "Enter why you accept or reject the panel's view")
    if not evaluate.may(user, Permission.CASE_DECIDE, case):
        raise RoleRefused
    with transaction.atomic():
        review = awaiting_response(case)
        if review is None:
            raise ApplicationError(
                "No review panel is waiting for your answer on this case", field="accepts"
            )
        try:
            with transaction.atomic():
                response = PanelResponse.objects.create(
                    review=review, accepts=accepts, reasons=text, responded_by=user
                )
        except IntegrityError:
            raise Conflict("An answer to the panel was already recorded", field="accepts") from None
        audit_record(
            actor=user,
            action="case.review_response_recorded",
            obj=case,
            case_reference=case.reference,
            payload={"review": review.pk, "accepts": accepts},
        )
    return response
