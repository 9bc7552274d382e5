"""Reads for the administration pages, limited by the access policy."""

from django.db.models import Count, Q, QuerySet

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission
from opennrm.accounts.models import Organisation, RoleMembership, User


def organisations_for_admin(*, user: Subject) -> QuerySet[Organisation]:
    """Organisations the person administers, with how many people hold roles in each."""
    queryset = Organisation.objects.annotate(
        people=Count("memberships", filter=Q(memberships__is_active=True))
    ).order_by("name", "id")
    return evaluate.restrict(queryset, user, Permission.ORGANISATION_ADMINISTER)


def organisation_for_admin(*, user: Subject, organisation_id: int) -> Organisation:
    """One organisation; 404 if there is none (or the person may not administer it)."""
    return evaluate.get_for(
        Organisation.objects.all(), user, Permission.ORGANISATION_ADMINISTER, pk=organisation_id
    )


def people_for_admin(*, user: Subject, query: str = "") -> QuerySet[User]:
    """People the person administers, found by name or e-mail address."""
    queryset = User.objects.annotate(
        role_count=Count("memberships", filter=Q(memberships__is_active=True))
    ).order_by("full_name", "email", "id")
    if query:
        queryset = queryset.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    return evaluate.restrict(queryset, user, Permission.ACCOUNT_ADMINISTER)


def person_for_admin(*, user: Subject, user_id: int) -> User:
    """One person's account; 404 for anyone who does not administer it."""
    return evaluate.get_for(User.objects.all(), user, Permission.ACCOUNT_ADMINISTER, pk=user_id)


def memberships_of(*, person: User) -> QuerySet[RoleMembership]:
    """Every role the person holds or held, with its organisation."""
    return (
        RoleMembership.objects.filter(user=person)
        .select_related("organisation")
        .order_by("-is_active", "organisation__name", "role")
    )


def membership_for_admin(*, user: Subject, person: User, membership_id: int) -> RoleMembership:
    """One of the person's roles (404 if it is not theirs)."""
    membership = memberships_of(person=person).filter(pk=membership_id).first()
    if membership is None or not evaluate.may(user, Permission.ACCOUNT_ADMINISTER, person):
        from opennrm.core.exceptions import NotFound

        raise NotFound("No role was found", field="membership")
    return membership


def members_of(*, organisation: Organisation) -> QuerySet[RoleMembership]:
    """The organisation's active roles and the people holding them."""
    return (
        RoleMembership.objects.filter(organisation=organisation, is_active=True)
        .select_related("user")
        .order_by("user__full_name", "role")
    )
