"""How a submitted referral is described to the API and the importer."""

from typing import Any

from opennrm.cases.models import Case
from opennrm.referrals.models import Referral


def referral_summary(referral: Referral) -> dict[str, Any]:
    """The referral's reference, kind and — for NRM referrals — its case and deadline."""
    body: dict[str, Any] = {
        "reference": referral.reference,
        "kind": referral.kind,
        "received_at": referral.received_at.isoformat(),
        "organisation": referral.organisation.name,
        "case": None,
    }
    case: Case | None = getattr(referral, "case", None)
    if case is not None:
        body["case"] = {
            "reference": case.reference,
            "state": case.state,
            "decision_maker": {"type": case.decision_maker_type, "name": case.decision_maker.name},
            "deadlines": {"rg_due": case.rg_due.isoformat()},
        }
    return body
