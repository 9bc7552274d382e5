"""Areas with a local picture: each child decision-making panel's site and each local
authority with children's services, as organisations of the service."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from opennrm.accounts.models import Organisation, OrganisationType
from opennrm.core import reference_data
from opennrm.core.jurisdiction import jurisdiction


@dataclass(frozen=True)
class Area:
    """An area and the local authorities whose children it counts."""

    organisation_id: int
    name: str
    is_panel: bool
    authorities: frozenset[str]


def area_organisations() -> QuerySet[Organisation]:
    """Every organisation that covers an area, by name."""
    return Organisation.objects.filter(
        Q(organisation_type=OrganisationType.PANEL_HOST, panel_site__gt="")
        | Q(
            organisation_type=OrganisationType.LOCAL_AUTHORITY,
            name__in=reference_data.childrens_services_authority_names(),
        ),
        is_active=True,
    ).order_by("name")


def area_of(organisation: Organisation) -> Area:
    """The area ``organisation`` covers: its panel site's local authorities (every one the
    site has covered, in any phase), or the local authority itself."""
    if organisation.organisation_type == OrganisationType.PANEL_HOST:
        authorities = frozenset(
            name
            for site in jurisdiction().panel_sites
            if site.name == organisation.panel_site
            for name in site.authorities
        )
        return Area(organisation.pk, organisation.name, True, authorities)
    return Area(organisation.pk, organisation.name, False, frozenset({organisation.name}))
