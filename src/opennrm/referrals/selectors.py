"""Reads of referrals and drafts, limited to what the asking user may see.

First responders see their own organisation's referrals and drafts; auditors see every
referral, read-only; nobody else sees referrals here (decision makers work on cases).
"""

from django.db.models import QuerySet

from opennrm.accounts.models import User
from opennrm.accounts.roles import Role
from opennrm.referrals.models import EvidenceFile, Referral, ReferralDraft


def _referring_organisations(user: User) -> frozenset[int]:
    return user.organisation_ids_for(Role.FIRST_RESPONDER, Role.DATA_MIGRATION)


def referral_list_for_user(*, user: User) -> QuerySet[Referral]:
    """Submitted referrals the user may see, newest first, with their case state."""
    queryset = Referral.objects.select_related("organisation", "case", "person")
    if user.has_role(Role.AUDITOR):
        return queryset
    return queryset.filter(organisation_id__in=_referring_organisations(user))


def referral_get(*, user: User, reference: str) -> Referral | None:
    """One referral by reference, or None if it does not exist *or* the user may not see it
    (the two are indistinguishable to the user: a guessed reference reveals nothing)."""
    return referral_list_for_user(user=user).filter(reference=reference).first()


def draft_list_for_user(*, user: User) -> QuerySet[ReferralDraft]:
    """Drafts of the organisations in which the user is a first responder."""
    return ReferralDraft.objects.filter(
        organisation_id__in=user.organisation_ids_for(Role.FIRST_RESPONDER)
    ).select_related("organisation", "created_by")


def draft_get(*, user: User, draft_id: str) -> ReferralDraft | None:
    try:
        return draft_list_for_user(user=user).filter(pk=draft_id).first()
    except (ValueError, TypeError):
        return None


def evidence_get(*, user: User, evidence_id: str) -> EvidenceFile | None:
    """An evidence file the user may download: their organisation's, or any for auditors."""
    queryset = EvidenceFile.objects.select_related("referral", "draft")
    if not user.has_role(Role.AUDITOR):
        queryset = queryset.filter(organisation_id__in=_referring_organisations(user))
    try:
        return queryset.filter(pk=evidence_id).first()
    except (ValueError, TypeError):
        return None
