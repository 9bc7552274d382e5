"""How each relation of the access policy is worked out for a case (see ``access.policy``).

A case's relations come from who decides it, who referred it, whether its negative decision
is with the independent review panel, and who imported it.
"""

from typing import Any

from django.db.models import Q

from opennrm.access.evaluate import Resolver, register
from opennrm.access.policy import Relation
from opennrm.accounts.models import Organisation, OrganisationType
from opennrm.cases.domain import REVIEW_STATES
from opennrm.cases.models import Case


def _referring_organisation_id(case: Any) -> int:
    return int(case.referral.organisation_id)


def _authorities(orgs: frozenset[int]) -> Any:
    """The names of the local authorities among ``orgs`` (as a subquery)."""
    return Organisation.objects.filter(
        pk__in=orgs, organisation_type=OrganisationType.LOCAL_AUTHORITY
    ).values("name")


def authority_names(user: Any, orgs: frozenset[int]) -> frozenset[str]:
    """The names of the local authorities among ``orgs``, organisations where ``user``
    holds a role. Cached on the person for the request: a page asks about many cases (and
    whether the person follows children at all), the database once."""
    cache: dict[frozenset[int], frozenset[str]] = user.__dict__.setdefault("_la_names", {})
    if orgs not in cache:
        cache[orgs] = frozenset(_authorities(orgs).values_list("name", flat=True))
    return cache[orgs]


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
    # A child's local authority (children's services) follows the child's case.
    Relation.LOCAL_AUTHORITY_AREA: Resolver(
        scope=lambda user, orgs: Q(is_child=True, local_authority__in=_authorities(orgs)),
        holds=lambda user, orgs, case: (
            case.is_child
            and bool(case.local_authority)
            and case.local_authority in authority_names(user, orgs)
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
