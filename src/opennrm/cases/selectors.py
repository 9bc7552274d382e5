"""Reads of cases, limited to what the asking user may see.

Competent-authority caseworkers see the cases their authority decides; panel members and
chairs see the children's cases of their panel; first responders see the cases of their
own organisation's referrals; auditors see everything, read-only.
"""

from django.db.models import Q, QuerySet

from opennrm.accounts.models import User
from opennrm.accounts.roles import Role
from opennrm.cases.models import Case

CASEWORKING_ROLES = (Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.DATA_MIGRATION)


def case_scope(user: User) -> Q | None:
    """The filter that limits cases to what ``user`` may see; None means every case."""
    if user.has_role(Role.AUDITOR):
        return None
    scope = Q(pk__in=[])
    deciding = user.organisation_ids_for(*CASEWORKING_ROLES, Role.PANEL_MEMBER, Role.PANEL_CHAIR)
    if deciding:
        scope |= Q(decision_maker_id__in=deciding)
    referring = user.organisation_ids_for(Role.FIRST_RESPONDER)
    if referring:
        scope |= Q(referral__organisation_id__in=referring)
    return scope


def case_list_for_user(*, user: User) -> QuerySet[Case]:
    queryset = Case.objects.select_related("decision_maker", "person", "assigned_to")
    scope = case_scope(user)
    return queryset if scope is None else queryset.filter(scope)


def case_get(*, user: User, reference: str) -> Case | None:
    """One case by reference, or None when it does not exist or is not the user's to see."""
    return case_list_for_user(user=user).filter(reference=reference).first()
