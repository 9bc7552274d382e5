"""What this app removes when a case's retention period is over (ADR 62): what a request
for reconsideration said and the answer's reasons, the representative's and the
solicitor's names, why an extension was asked for, the reasons of a leave consideration
and the child's best interests in it, and the grounds, representations and reasons of a
public-order decision. Outcomes, dates, days and providers stay: the measures count them."""

from typing import Any

from opennrm.cases.anonymisers import register_case_anonymiser
from opennrm.protection.models import (
    ExtensionRequest,
    JudicialReview,
    LeaveConsideration,
    PublicOrderDecision,
    ReconsiderationRequest,
)


def case_records_anonymise(*, case: Any) -> None:
    """Remove the free text this app keeps about ``case`` (in the retention job's
    transaction, through ``cases.case_anonymise``)."""
    ReconsiderationRequest.objects.filter(case=case).update(
        details="", evidence="", representative_name="", exceptional_reason="", answer_reasons=""
    )
    JudicialReview.objects.filter(case=case).update(solicitor="")
    ExtensionRequest.objects.filter(case=case).update(reason="")
    LeaveConsideration.objects.filter(case=case).update(reasons="", child_best_interests="")
    PublicOrderDecision.objects.filter(case=case).update(grounds="", representations="", reasons="")


def register() -> None:
    register_case_anonymiser(case_records_anonymise)
