"""How a case is described to the API. Immigration fields are never part of it."""

from typing import Any

from opennrm.cases.models import Case


def case_deadlines(case: Case) -> dict[str, Any]:
    return {
        "rg_due": case.rg_due,
        "recovery_period_ends": case.recovery_period_ends,
        "cg_earliest": case.cg_earliest,
    }


def case_brief(case: Case) -> dict[str, Any]:
    """Where the case stands and who decides it (a referral's view of its case)."""
    return {
        "reference": case.reference,
        "state": case.state,
        "decision_maker": {"type": case.decision_maker_type, "name": case.decision_maker.name},
        "deadlines": case_deadlines(case),
    }


def case_summary(case: Case) -> dict[str, Any]:
    return {
        **case_brief(case),
        "is_child": case.is_child,
        "nation": case.nation,
        "assigned_to": case.assigned_to.email if case.assigned_to else None,
        "version": case.version,
    }


def case_detail(case: Case) -> dict[str, Any]:
    body = case_summary(case)
    body["received_at"] = case.received_at
    body["person_id"] = case.person_id
    body["decisions"] = [
        {
            "id": d.pk,
            "stage": d.stage,
            "outcome": d.outcome,
            "rationale": d.rationale,
            "threshold_wording": d.threshold_wording,
            "decided_at": d.decided_at,
            "decided_by": d.decided_by.get_full_name(),
            "sent_to_review": d.sent_to_review,
            "takes_effect_on": d.takes_effect_on,
            "supersedes": d.supersedes_id,
        }
        for d in case.decisions.all()
    ]
    return body
