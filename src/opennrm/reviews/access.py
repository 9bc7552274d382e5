"""The review panel's relation to a case, as this app works it out.

A review panel member is related to a case while its negative decision is with the review
panel, and afterwards to the cases the panel reviewed, so that a member who opened a review
that a colleague has since concluded is told so, not shown "page not found". Never to a
case their own organisation decides (the panel is independent of the decision maker).
"""

from typing import Any

from django.db.models import Q

from opennrm.access.evaluate import Resolver, register
from opennrm.access.policy import Relation
from opennrm.cases.domain import REVIEW_STATES
from opennrm.cases.models import Case
from opennrm.reviews.models import IndependentReview


def _reviewed(case: Any) -> bool:
    return IndependentReview.objects.filter(case_id=case.pk).exists()


REVIEW_PANEL = Resolver(
    scope=lambda user, orgs: (
        (Q(state__in=REVIEW_STATES) | Q(pk__in=IndependentReview.objects.values("case_id")))
        & ~Q(decision_maker_id__in=orgs)
    ),
    holds=lambda user, orgs, case: (
        case.decision_maker_id not in orgs and (case.state in REVIEW_STATES or _reviewed(case))
    ),
)


def register_relations() -> None:
    register("case", Case, {Relation.REVIEW_PANEL: REVIEW_PANEL})
