"""How a submitted referral is described to the API and the importer."""

from typing import Any

from opennrm.cases.models import Case
from opennrm.cases.presenters import case_brief
from opennrm.referrals.models import Referral


def referral_summary(referral: Referral) -> dict[str, Any]:
    """The referral's reference, kind and — for NRM referrals — its case and deadlines."""
    case: Case | None = getattr(referral, "case", None)
    return {
        "reference": referral.reference,
        "kind": referral.kind,
        "received_at": referral.received_at.isoformat(),
        "organisation": referral.organisation.name,
        "case": case_brief(case) if case is not None else None,
    }
