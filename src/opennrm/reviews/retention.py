"""What this app removes when a case's retention period is over (ADR 62): the reasons of
quality checks, of independent reviews, of each review panel member's view and of the
decision maker's answer to the panel. The outcomes and their dates stay: the measures of
how the safeguards are working count them."""

from typing import Any

from opennrm.cases.anonymisers import register_case_anonymiser
from opennrm.reviews.models import IndependentReview, PanelResponse, QualityCheck, ReviewerView


def case_records_anonymise(*, case: Any) -> None:
    """Remove the free text this app keeps about ``case`` (in the retention job's
    transaction, through ``cases.case_anonymise``)."""
    QualityCheck.objects.filter(case=case).update(reasons="")
    IndependentReview.objects.filter(case=case).update(reasons="")
    ReviewerView.objects.filter(review__case=case).update(reasons="")
    PanelResponse.objects.filter(review__case=case).update(reasons="")


def register() -> None:
    register_case_anonymiser(case_records_anonymise)
