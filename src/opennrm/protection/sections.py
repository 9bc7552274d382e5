"""What this app adds to the case page: reconsideration requests and their answers,
judicial reviews, the support provider and its requests, the move-on period, leave to
remain (for those who may see immigration details) and public-order decisions."""

from datetime import date
from typing import Any

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.cases.domain import State
from opennrm.cases.models import Case
from opennrm.cases.sittings import CaseSection, register_case_section
from opennrm.core.jurisdiction import jurisdiction
from opennrm.policy import public_order_disqualification_available
from opennrm.protection.models import LeaveConsideration, RequestStatus
from opennrm.protection.reconsiderations import decision_to_reconsider
from opennrm.protection.selectors import case_protection, move_on_end

# Where a support provider can be allocated: after a positive RG decision.
SUPPORTED_STATES = frozenset(
    {State.RECOVERY_PERIOD, State.AWAITING_CG, State.CG_REVIEW, State.POSITIVE_CG}
)


def protection_section(*, user: Any, case: Case, today: date) -> CaseSection | None:
    record = case_protection(case=case)
    pending = next(
        (r for r in record["reconsiderations"] if r.status == RequestStatus.PENDING), None
    )
    to_reconsider = decision_to_reconsider(case)
    may_see_immigration = evaluate.may(user, Permission.CASE_VIEW_IMMIGRATION, case)
    context: dict[str, Any] = {
        **record,
        "case": case,
        "pending": pending,
        "move_on_ends": move_on_end(case),
        "can_request": to_reconsider is not None
        and pending is None
        and evaluate.may(user, Permission.CASE_REQUEST_RECONSIDERATION, case),
        "can_answer": pending is not None
        and evaluate.may(user, Permission.CASE_ANSWER_RECONSIDERATION, case),
        "can_record_jr": evaluate.may(user, Permission.CASE_RECORD_JUDICIAL_REVIEW, case)
        and case.decisions.exists(),
        "open_jr": next((r for r in record["judicial_reviews"] if r.outcome == "pending"), None),
        "can_allocate": case.state in SUPPORTED_STATES
        and evaluate.may(user, Permission.CASE_ALLOCATE_SUPPORT, case),
        "can_ask_extension": case.state == State.RECOVERY_PERIOD
        and evaluate.may(user, Permission.CASE_REQUEST_EXTENSION, case),
        "leave": LeaveConsideration.objects.filter(case=case).first()
        if may_see_immigration
        else None,
        "can_consider_leave": case.state == State.POSITIVE_CG
        and evaluate.may(user, Permission.CASE_CONSIDER_LEAVE, case),
        "can_public_order": evaluate.may(user, Permission.CASE_PUBLIC_ORDER, case)
        and public_order_disqualification_available(
            today, is_child=case.is_child, nation=case.nation, jurisdiction=jurisdiction()
        ),
    }
    return CaseSection(template="protection/includes/case_section.html", context=context)


def register() -> None:
    register_case_section(protection_section)
