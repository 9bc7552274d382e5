"""What this app adds to the case page: the child's panel meetings and decisions, guardian,
age, 18th birthday, missing episodes, possible re-trafficking and tasks."""

from datetime import date
from typing import Any

from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.cases.domain import FINAL_STATES
from opennrm.cases.models import Case, DecisionMakerType
from opennrm.cases.sittings import CaseSection, register_case_section
from opennrm.core.jurisdiction import jurisdiction
from opennrm.panels.domain import eighteenth_birthday_during_case
from opennrm.panels.models import PanelDecision
from opennrm.panels.selectors import case_safeguarding, upcoming_meetings


def safeguarding_section(*, user: Any, case: Case, today: date) -> CaseSection | None:
    record = case_safeguarding(case=case)
    panel_case = case.decision_maker_type == DecisionMakerType.PANEL
    person = case.person
    # A panel's decision details exist only beside decisions made at a panel meeting.
    decided_at_meetings = bool(record.agenda) and bool(case.decisions.all())
    panel_details = (
        {
            detail.decision_id: detail
            for detail in PanelDecision.objects.filter(decision__case=case).select_related(
                "meeting"
            )
        }
        if decided_at_meetings
        else {}
    )
    may_decide = evaluate.may(user, Permission.CASE_DECIDE, case)
    context: dict[str, Any] = {
        "case": case,
        "record": record,
        "panel_case": panel_case,
        "panel_details": list(panel_details.values()),
        "open_consent": next((t for t in record.consent_tasks if t.is_open), None),
        "missing_now": next((e for e in record.missing_episodes if e.is_open), None),
        "open_flags": [f for f in record.retrafficking if f.status == "open"],
        "birthday": eighteenth_birthday_during_case(
            date_of_birth=person.date_of_birth,
            received_on=timezone.localdate(case.received_at),
            case_open=case.state not in FINAL_STATES,
            today=today,
        ),
        "age_uncertain": person.age_uncertain and case.is_child,
        "guardian_available": (
            case.is_child
            and jurisdiction().guardian_area_for(case.local_authority or None, today) is not None
        ),
        "can_guardian": evaluate.may(user, Permission.CASE_GUARDIAN, case),
        "can_note": evaluate.may(user, Permission.CASE_ADD_NOTE, case),
        "can_manage": evaluate.may(user, Permission.CASE_MANAGE, case),
        "can_confirm": evaluate.may(user, Permission.CASE_CONFIRM_RETRAFFICKING, case),
        "can_assess_age": evaluate.may(user, Permission.PERSON_ASSESS_AGE, person),
        "can_record_missing": evaluate.may(user, Permission.PERSON_RECORD_MISSING, person),
        "may_decide_at_meeting": panel_case
        and may_decide
        and case.state not in FINAL_STATES
        and not any(d.is_pending for d in case.decisions.all()),
        "meetings": upcoming_meetings(user=user, today=today) if panel_case and may_decide else [],
    }
    return CaseSection(template="panels/includes/case_section.html", context=context)


def register() -> None:
    register_case_section(safeguarding_section)
