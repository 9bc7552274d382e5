"""Reads of organisations and people, limited to what the asking user may see."""

from django.db.models import QuerySet

from opennrm.accounts.models import Organisation, RoleMembership, User


def memberships_for_user(*, user: User) -> QuerySet[RoleMembership]:
    """The signed-in person's own active roles, with their organisations."""
    return (
        RoleMembership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )


def first_responder_organisations() -> QuerySet[Organisation]:
    """Organisations designated to refer into the NRM (reference data, not case data)."""
    return Organisation.objects.filter(is_designated_first_responder=True, is_active=True)
