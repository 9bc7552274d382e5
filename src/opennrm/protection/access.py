"""The relations this app owns on cases: the support provider allocated to the person,
and a confirmed victim whose leave to remain the Home Office considers."""

from typing import Any

from django.db.models import Q

from opennrm.access.evaluate import Resolver, register
from opennrm.access.policy import Relation
from opennrm.cases.domain import State
from opennrm.cases.models import Case
from opennrm.protection.models import SupportAllocation


def _supported_by(orgs: frozenset[int]) -> Any:
    # A subquery, never a join: a case allocated twice (one ended) must not appear twice.
    return SupportAllocation.objects.filter(provider_id__in=orgs, ended_at__isnull=True).values(
        "case_id"
    )


def _supports(orgs: frozenset[int], case: Any) -> bool:
    return SupportAllocation.objects.filter(
        case_id=case.pk, provider_id__in=orgs, ended_at__isnull=True
    ).exists()


CASE_RELATIONS = {
    Relation.SUPPORTING_ORGANISATION: Resolver(
        scope=lambda user, orgs: Q(pk__in=_supported_by(orgs)),
        holds=lambda user, orgs, case: _supports(orgs, case),
    ),
    # Leave is considered after a positive conclusive grounds decision (NRM.md §3.8).
    Relation.LEAVE_CONSIDERATION: Resolver(
        scope=lambda user, orgs: Q(state=State.POSITIVE_CG),
        holds=lambda user, orgs, case: case.state == State.POSITIVE_CG,
    ),
}


def register_relations() -> None:
    register("case", Case, CASE_RELATIONS)
