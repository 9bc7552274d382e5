"""Reads of organisations and people, limited to what the asking user may see."""

from django.db.models import QuerySet

from opennrm.accounts.models import Organisation, RoleMembership, User
from opennrm.accounts.roles import Role


def memberships_for_user(*, user: User) -> QuerySet[RoleMembership]:
    """The signed-in person's own active roles, with their organisations."""
    return (
        RoleMembership.objects.filter(user=user, is_active=True, organisation__is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "role")
    )


def organisation_members_for_user(*, user: User, organisation: Organisation) -> QuerySet[User]:
    """The people in ``organisation``: visible to its own members, administrators, auditors."""
    allowed = (
        organisation.pk in user.organisation_ids_for(*Role.values)
        or user.has_role(Role.ADMIN)
        or user.has_role(Role.AUDITOR)
    )
    if not allowed:
        return User.objects.none()
    return (
        User.objects.filter(memberships__organisation=organisation, memberships__is_active=True)
        .distinct()
        .order_by("full_name")
    )


def first_responder_organisations() -> QuerySet[Organisation]:
    """Organisations designated to refer into the NRM (reference data, not case data)."""
    return Organisation.objects.filter(is_designated_first_responder=True, is_active=True)
