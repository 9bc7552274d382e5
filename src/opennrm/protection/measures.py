"""Reconsideration columns of the decision measures (``reviews.measures``): for each stage
and deciding body, how many reconsiderations were asked for, how often, and how many
overturned the decision. In 2024 over 70 % of reconsidered decisions were overturned
(NRM.md §3.7): a body whose "no" is often reversed shows it here."""

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from opennrm.cases.models import Decision, DecisionOutcome
from opennrm.protection.models import ReconsiderationRequest, RequestStatus
from opennrm.reviews.domain import CheckOutcome, ReviewOutcome, Tally
from opennrm.reviews.measures import (
    Column,
    Kind,
    MeasureProvider,
    Values,
    register_measure_provider,
)
from opennrm.reviews.models import IndependentReview, QualityCheck


def _issued_negative_decisions() -> dict[tuple[str, int], int]:
    """Negative decisions issued, by stage and deciding body (a proposed one sent back at
    its quality check or disagreed with on review was never issued)."""
    returned = QualityCheck.objects.filter(decision=OuterRef("pk")).exclude(
        outcome=CheckOutcome.PASSED
    )
    disagreed = IndependentReview.objects.filter(decision=OuterRef("pk")).exclude(
        outcome=ReviewOutcome.AGREE
    )
    rows = (
        Decision.objects.filter(outcome=DecisionOutcome.NEGATIVE)
        .exclude(Exists(returned))
        .exclude(Exists(disagreed))
        .values("stage", "case__decision_maker_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["stage"], row["case__decision_maker_id"]): row["n"] for row in rows}


def reconsideration_values() -> Values:
    """Requests, the share of negative decisions reconsideration was asked for, and the
    share of requests answered by a new decision in which the decision was overturned."""
    negatives = _issued_negative_decisions()
    rows = (
        ReconsiderationRequest.objects.values("decision__stage", "case__decision_maker_id")
        .annotate(
            requests=Count("id"),
            decided_again=Count(
                "id",
                filter=Q(status=RequestStatus.ACCEPTED, decision__superseded_by__isnull=False),
            ),
            overturned=Count(
                "id",
                filter=Q(
                    status=RequestStatus.ACCEPTED,
                    decision__superseded_by__outcome=DecisionOutcome.POSITIVE,
                ),
            ),
        )
        .order_by()
    )
    values: Values = {}
    for row in rows:
        key = (row["decision__stage"], row["case__decision_maker_id"])
        values[key] = {
            "reconsideration_requests": row["requests"],
            "reconsideration_request_rate": Tally(row["requests"], negatives.get(key, 0)).rate,
            "reconsideration_overturn_rate": Tally(row["overturned"], row["decided_again"]).rate,
        }
    return values


PROVIDER = MeasureProvider(
    "reconsideration",
    (
        Column(
            "reconsideration_requests",
            _("Reconsideration requests"),
            Kind.COUNT,
            _("Requests to reconsider a negative decision."),
        ),
        Column(
            "reconsideration_request_rate",
            _("Reconsideration asked for"),
            Kind.RATE,
            _("Requests as a share of the negative decisions issued."),
        ),
        Column(
            "reconsideration_overturn_rate",
            _("Overturned on reconsideration"),
            Kind.RATE,
            _("Of the requests decided again, the share where the new decision was positive."),
        ),
    ),
    reconsideration_values,
)


def register() -> None:
    register_measure_provider(PROVIDER)
