"""``manage.py check``: every devolved child panel site in the policy data must have its
panel organisation, or children in its area could not be routed (never silently sent to
the competent authority instead)."""

from typing import Any

from django.core.checks import Error, register
from django.db import DatabaseError

from opennrm.accounts.models import Organisation, OrganisationType
from opennrm.core.jurisdiction import jurisdiction


@register("opennrm")
def panel_sites_have_panels(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        if not Organisation.objects.exists():
            return []  # a database not yet set up: nothing to check against
        hosted = set(
            Organisation.objects.filter(
                organisation_type=OrganisationType.PANEL_HOST, is_active=True
            ).values_list("panel_site", flat=True)
        )
    except DatabaseError:
        return []  # no tables yet (before the first migrate)
    return [
        Error(
            f"The devolved child decision-making site {site.name!r} has no active panel "
            "organisation.",
            hint="Create an organisation of type 'panel host' whose panel site is "
            f"{site.name!r} (manage.py seed_demo does this for the demo).",
            id="opennrm.E001",
        )
        for site in jurisdiction().panel_sites
        if site.name not in hosted
    ]
