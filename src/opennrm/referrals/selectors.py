"""Reads of referrals, drafts and evidence, limited by the access policy to what the asking
user may see: first responders their own organisation's; auditors every referral,
read-only; data migration what it imported; a case's decision makers its evidence."""

from django.db.models import QuerySet

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission
from opennrm.accounts.models import Organisation
from opennrm.notifications.models import OutboundEmail
from opennrm.referrals.models import EvidenceFile, Referral, ReferralDraft


def referral_list_for_user(*, user: Subject) -> QuerySet[Referral]:
    """Submitted referrals the user may see, newest first, with their case state."""
    queryset = Referral.objects.select_related(
        "organisation", "case", "case__decision_maker", "person"
    ).order_by("-received_at", "-id")
    return evaluate.restrict(queryset, user, Permission.REFERRAL_VIEW)


def referral_get_for(
    *, user: Subject, reference: str, permission: Permission = Permission.REFERRAL_VIEW
) -> Referral:
    """One referral by reference; ``NotFound`` whether it does not exist or the user may
    not see it (the two look the same: a guessed reference reveals nothing). Reading it is
    recorded in the audit trail."""
    queryset = Referral.objects.select_related(
        "organisation", "case", "case__decision_maker", "person"
    )
    return evaluate.get_for(queryset, user, permission, reference=reference)


def referral_get(*, user: Subject, reference: str) -> Referral | None:
    """One referral the user may see, or None; records no view (for services and the API's
    reply to a submission)."""
    return referral_list_for_user(user=user).filter(reference=reference).first()


def draft_list_for_user(*, user: Subject) -> QuerySet[ReferralDraft]:
    """Drafts of the organisations for which the user may refer, most recently saved first."""
    queryset = ReferralDraft.objects.select_related("organisation", "created_by").order_by(
        "-updated_at", "pk"
    )
    return evaluate.restrict(queryset, user, Permission.DRAFT_EDIT)


def draft_get(*, user: Subject, draft_id: str) -> ReferralDraft | None:
    try:
        return draft_list_for_user(user=user).filter(pk=draft_id).first()
    except (ValueError, TypeError):
        return None


def evidence_get(*, user: Subject, evidence_id: str) -> EvidenceFile:
    """An evidence file the user may download (``NotFound`` otherwise); the download is
    recorded in the audit trail."""
    queryset = EvidenceFile.objects.select_related("referral", "referral__case", "draft")
    return evaluate.get_for(
        queryset, user, Permission.EVIDENCE_DOWNLOAD, record_view=True, pk=evidence_id
    )


def organisations_to_refer_for(*, user: Subject) -> QuerySet[Organisation]:
    """Designated first responder organisations the user may refer for, by name."""
    queryset = Organisation.objects.filter(
        is_designated_first_responder=True, is_active=True
    ).order_by("name")
    return evaluate.restrict(queryset, user, Permission.ORGANISATION_REFER)


def notices_for(referral: Referral) -> list[OutboundEmail]:
    """The e-mails telling children's services about a child's referral, with what
    happened to each (shown on the referral). The caller has checked access."""
    return list(
        OutboundEmail.objects.filter(
            case_reference=referral.reference, category="referral.childrens_services_notice"
        )
        .only("status", "created_at", "sent_at", "recipients", "case_reference", "category")
        .order_by("created_at")
    )
