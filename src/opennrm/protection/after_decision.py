"""After a conclusive grounds decision: leave to remain for confirmed victims subject to
immigration control, and public-order disqualification for adults (NRM.md §3.8)."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import User
from opennrm.audit.services import audit_record
from opennrm.cases.domain import State
from opennrm.cases.models import Case
from opennrm.core.exceptions import ApplicationError, Forbidden, Problem
from opennrm.core.jurisdiction import jurisdiction
from opennrm.policy import public_order_disqualification_available
from opennrm.protection.models import (
    LeaveConsideration,
    LeaveKind,
    LeaveOutcome,
    PublicOrderDecision,
    PublicOrderOutcome,
)

IMMIGRATION_STAFF_ONLY = (
    "Leave to remain is considered by Home Office immigration staff, who may see a "
    "person's immigration details. Decision makers never see them (identification is not an "
    "immigration decision), so your role cannot record this."
)


def leave_consideration_record(
    *,
    user: User,
    case: Case,
    kind: str,
    outcome: str,
    considered_on: date | None,
    reasons: str,
    child_best_interests: str = "",
) -> LeaveConsideration:
    """Record that leave to remain was considered after a positive conclusive grounds
    decision, by someone who may see immigration details; for a child, in their best
    interests."""
    if not evaluate.may(user, Permission.CASE_VIEW_IMMIGRATION, case):
        raise Forbidden(IMMIGRATION_STAFF_ONLY, field="role")
    if not evaluate.may(user, Permission.CASE_CONSIDER_LEAVE, case):
        raise Forbidden("Your role does not allow this", field="role")
    if case.state != State.POSITIVE_CG:
        raise ApplicationError(
            "Leave is considered after a positive conclusive grounds decision", field="case"
        )
    problems: list[tuple[str, str]] = []
    if kind not in LeaveKind.values:
        problems.append(("kind", "Select the leave considered"))
    if outcome not in LeaveOutcome.values:
        problems.append(("outcome", "Select the outcome"))
    if considered_on is None or considered_on > timezone.localdate():
        problems.append(("considered_on", "Enter the date it was considered, not in the future"))
    if not reasons.strip():
        problems.append(("reasons", "Enter the reasons"))
    # For a child, leave is considered in their best interests (NRM.md §3.8).
    if case.is_child and not child_best_interests.strip():
        problems.append(
            ("child_best_interests", "Record how the child's best interests were weighed")
        )
    if problems:
        raise ApplicationError(problems=[Problem((f,), m) for f, m in problems])
    assert considered_on is not None
    with transaction.atomic():
        if LeaveConsideration.objects.filter(case=case).exists():
            raise ApplicationError(
                "Leave has already been considered for this person", field="case"
            )
        record = LeaveConsideration.objects.create(
            case=case,
            kind=kind,
            outcome=outcome,
            considered_on=considered_on,
            reasons=reasons.strip(),
            child_best_interests=child_best_interests.strip(),
            recorded_by=user,
        )
        # Not on the case's timeline, which decision makers read: that leave was considered
        # is itself an immigration fact (NRM.md §4). The event names the case by id.
        audit_record(
            actor=user,
            action="leave.considered",
            obj=record,
            payload={"case": case.pk, "kind": kind, "outcome": outcome},
        )
    return record


def public_order_decide(
    *,
    user: User,
    case: Case,
    grounds: str,
    representations: str,
    outcome: str,
    reasons: str,
) -> PublicOrderDecision:
    """Decide whether an adult is disqualified from protection on public-order grounds
    (NABA 2022 s63), having heard their representations. Refused where the policy of the
    day does not allow it: never for a child in the UK data."""
    if not evaluate.may(user, Permission.CASE_PUBLIC_ORDER, case):
        raise Forbidden("Your role does not allow this", field="role")
    today = timezone.localdate()
    if not public_order_disqualification_available(
        today, is_child=case.is_child, nation=case.nation, jurisdiction=jurisdiction()
    ):
        raise ApplicationError(
            "A child cannot be disqualified on public-order grounds under the rules in force"
            if case.is_child
            else "Public-order disqualification is not available under the rules in force",
            field="outcome",
        )
    problems = [
        Problem((name,), message)
        for name, value, message in (
            ("grounds", grounds, "Enter the public-order grounds"),
            ("representations", representations, "Record the person's representations"),
            ("reasons", reasons, "Enter the reasons for the decision"),
        )
        if not value.strip()
    ]
    if outcome not in PublicOrderOutcome.values:
        problems.insert(0, Problem(("outcome",), "Select the decision"))
    if problems:
        raise ApplicationError(problems=problems)
    with transaction.atomic():
        record = PublicOrderDecision.objects.create(
            case=case,
            grounds=grounds.strip(),
            representations=representations.strip(),
            outcome=outcome,
            reasons=reasons.strip(),
            decided_by=user,
        )
        audit_record(
            actor=user,
            action="case.public_order_decided",
            obj=record,
            case_reference=case.reference,
            payload={"outcome": outcome},
        )
    return record
