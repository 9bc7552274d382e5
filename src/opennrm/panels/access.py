"""How the access policy's relations are worked out for panels, meetings and people, and
the relations this app owns on cases (a child's assigned guardian, and the guardian service
a child was referred to).

A person (``people.Person``) is related to someone as any of their cases is: a child's
guardian, the body deciding their case and the local authority of their area may see the
person's age assessments and missing episodes.
"""

from typing import Any

from django.db.models import Q

from opennrm.access.evaluate import Resolver, register
from opennrm.access.policy import Relation
from opennrm.cases.access import RESOLVERS as CASE_RESOLVERS
from opennrm.cases.models import Case
from opennrm.panels.models import GuardianReferral, Panel, PanelMeeting
from opennrm.people.models import Person


def _is_guardian(user: Any, case: Any) -> bool:
    return GuardianReferral.objects.filter(case_id=case.pk, guardian_id=user.pk).exists()


def _referred_to(orgs: frozenset[int], case: Any) -> bool:
    return GuardianReferral.objects.filter(case_id=case.pk, service_id__in=orgs).exists()


CASE_RELATIONS = {
    Relation.ASSIGNED_GUARDIAN: Resolver(
        scope=lambda user, orgs: Q(guardian_referral__guardian_id=user.pk),
        holds=lambda user, orgs, case: _is_guardian(user, case),
    ),
    Relation.GUARDIAN_SERVICE: Resolver(
        scope=lambda user, orgs: Q(guardian_referral__service_id__in=orgs),
        holds=lambda user, orgs, case: _referred_to(orgs, case),
    ),
}

# The case relations a person inherits from their cases.
PERSON_RELATIONS = (
    Relation.DECIDING_BODY,
    Relation.LOCAL_AUTHORITY_AREA,
    Relation.ASSIGNED_GUARDIAN,
    Relation.GUARDIAN_SERVICE,
)


def _case_resolver(relation: Relation) -> Resolver:
    return CASE_RESOLVERS.get(relation) or CASE_RELATIONS[relation]


def _cases_of(person: Any) -> list[Case]:
    """The person's cases, read once for every relation asked about this person object
    (a page asks several permissions on the same person)."""
    cached: list[Case] | None = getattr(person, "_cases_for_access", None)
    if cached is None:
        # The referral's answers are not needed to know who referred (and are large).
        cached = list(
            Case.objects.filter(person_id=person.pk)
            .select_related("referral")
            .defer("referral__answers")
        )
        person._cases_for_access = cached
    return cached


def _person_resolver(relation: Relation) -> Resolver:
    def scope(user: Any, orgs: frozenset[int]) -> Q:
        cases = Case.objects.filter(_case_resolver(relation).scope(user, orgs))
        return Q(pk__in=cases.values("person_id"))

    def holds(user: Any, orgs: frozenset[int], person: Any) -> bool:
        resolver = _case_resolver(relation)
        return any(resolver.holds(user, orgs, case) for case in _cases_of(person))

    return Resolver(scope=scope, holds=holds)


def register_relations() -> None:
    register("case", Case, CASE_RELATIONS)
    register(
        "person", Person, {relation: _person_resolver(relation) for relation in PERSON_RELATIONS}
    )
    register(
        "panel",
        Panel,
        {
            Relation.OWN_ORGANISATION: Resolver(
                scope=lambda user, orgs: Q(pk__in=orgs),
                holds=lambda user, orgs, panel: panel.pk in orgs,
            )
        },
    )
    register(
        "meeting",
        PanelMeeting,
        {
            Relation.OWN_ORGANISATION: Resolver(
                scope=lambda user, orgs: Q(panel_id__in=orgs),
                holds=lambda user, orgs, meeting: meeting.panel_id in orgs,
            )
        },
    )
