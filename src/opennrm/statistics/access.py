"""How the access policy's relations are worked out for an *area*: the part of the
country whose local picture a person may see.

An area is an organisation that covers one: a local child decision-making panel (the
local authorities of its site, from the dated policy data) or a local authority with
children's services. Panel members and chairs see their own panel's area; local
authorities' staff their own authority's.
"""

from django.db.models import Q

from opennrm.access.evaluate import Resolver, register
from opennrm.access.policy import Relation
from opennrm.accounts.models import Organisation, OrganisationType


def register_relations() -> None:
    register(
        "area",
        Organisation,
        {
            Relation.OWN_ORGANISATION: Resolver(
                scope=lambda user, orgs: Q(pk__in=orgs),
                holds=lambda user, orgs, area: area.pk in orgs,
            ),
            Relation.LOCAL_AUTHORITY_AREA: Resolver(
                scope=lambda user, orgs: Q(
                    pk__in=orgs, organisation_type=OrganisationType.LOCAL_AUTHORITY
                ),
                holds=lambda user, orgs, area: (
                    area.pk in orgs and area.organisation_type == OrganisationType.LOCAL_AUTHORITY
                ),
            ),
        },
    )
