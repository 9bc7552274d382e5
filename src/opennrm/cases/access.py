"""How each relation of the access policy is worked out for a case (see ``access.policy``).

A case's relations come from who decides it, who referred it, whether its negative decision
is with the independent review panel, and who imported it.
"""

from typing import Any

from django.db.models import Q

from opennrm.access.evaluate import Resolver, register
from opennrm.access.policy import Relation
from opennrm.cases.domain import REVIEW_STATES
from opennrm.cases.models import Case


def _referring_organisation_id(case: Any) -> int:
    return int(case.referral.organisation_id)


RESOLVERS = {
    Relation.DECIDING_BODY: Resolver(
        scope=lambda user, orgs: Q(decision_maker_id__in=orgs),
        holds=lambda user, orgs, case: case.decision_maker_id in orgs,
    ),
    Relation.REFERRING_ORGANISATION: Resolver(
        scope=lambda user, orgs: Q(referral__organisation_id__in=orgs),
        holds=lambda user, orgs, case: _referring_organisation_id(case) in orgs,
    ),
    # The review panel is independent of the deciding body: never its own organisation.
    Relation.REVIEW_PANEL: Resolver(
        scope=lambda user, orgs: Q(state__in=REVIEW_STATES) & ~Q(decision_maker_id__in=orgs),
        holds=lambda user, orgs, case: (
            case.state in REVIEW_STATES and case.decision_maker_id not in orgs
        ),
    ),
    Relation.IMPORTED: Resolver(
        scope=lambda user, orgs: Q(imported_by_id=user.pk),
        holds=lambda user, orgs, case: (
            case.imported_by_id is not None and case.imported_by_id == user.pk
        ),
    ),
}


def register_relations() -> None:
    register("case", Case, RESOLVERS)
