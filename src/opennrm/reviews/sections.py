"""What this app adds to the case page: the proposed decision's quality check and review,
each review panel member's view, and the decision maker's answer to a panel that
disagreed."""

from datetime import date
from typing import Any

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.cases.domain import QUALITY_CHECK_STATES, REVIEW_STATES
from opennrm.cases.models import Case
from opennrm.cases.sittings import CaseSection, register_case_section
from opennrm.reviews.selectors import awaiting_response, case_safeguards


def safeguards_section(*, user: Any, case: Case, today: date) -> CaseSection | None:
    record = case_safeguards(case=case)
    waiting = awaiting_response(case)
    if not record["checks"] and not record["reviews"]:
        return None
    context: dict[str, Any] = {
        "case": case,
        **record,
        "can_check": case.state in QUALITY_CHECK_STATES
        and evaluate.may(user, Permission.CASE_QUALITY_CHECK, case),
        "can_review": case.state in REVIEW_STATES
        and evaluate.may(user, Permission.CASE_REVIEW, case),
        "awaiting_response": waiting,
        "can_respond": waiting is not None and evaluate.may(user, Permission.CASE_DECIDE, case),
    }
    return CaseSection(template="reviews/includes/case_section.html", context=context)


def register() -> None:
    register_case_section(safeguards_section)
