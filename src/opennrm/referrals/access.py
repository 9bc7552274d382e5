"""How each relation of the access policy is worked out for referrals, drafts and evidence.

A referral is related to the organisation that made it and to whoever imported it; a
draft to the organisation it is for; an evidence file to its organisation and to the body
deciding its referral's case.
"""

from typing import Any

from django.db.models import Q

from opennrm.access.evaluate import Resolver, register
from opennrm.access.policy import Relation
from opennrm.cases.domain import REVIEW_STATES
from opennrm.referrals.models import EvidenceFile, Referral, ReferralDraft


def _case(evidence: EvidenceFile) -> Any:
    referral = evidence.referral
    return getattr(referral, "case", None) if referral is not None else None


def _case_decider(evidence: EvidenceFile) -> int | None:
    case = _case(evidence)
    return case.decision_maker_id if case is not None else None


def _under_review_elsewhere(evidence: EvidenceFile, organisations: frozenset[int]) -> bool:
    case = _case(evidence)
    return (
        case is not None
        and case.state in REVIEW_STATES
        and case.decision_maker_id not in organisations
    )


def register_relations() -> None:
    register(
        "referral",
        Referral,
        {
            Relation.REFERRING_ORGANISATION: Resolver(
                scope=lambda user, orgs: Q(organisation_id__in=orgs),
                holds=lambda user, orgs, referral: referral.organisation_id in orgs,
            ),
            Relation.IMPORTED: Resolver(
                scope=lambda user, orgs: Q(imported_by_id=user.pk),
                holds=lambda user, orgs, referral: (
                    referral.imported_by_id is not None and referral.imported_by_id == user.pk
                ),
            ),
        },
    )
    register(
        "draft",
        ReferralDraft,
        {
            Relation.OWN_ORGANISATION: Resolver(
                scope=lambda user, orgs: Q(organisation_id__in=orgs),
                holds=lambda user, orgs, draft: draft.organisation_id in orgs,
            )
        },
    )
    register(
        "evidence",
        EvidenceFile,
        {
            Relation.OWN_ORGANISATION: Resolver(
                scope=lambda user, orgs: Q(organisation_id__in=orgs),
                holds=lambda user, orgs, evidence: evidence.organisation_id in orgs,
            ),
            Relation.DECIDING_BODY: Resolver(
                scope=lambda user, orgs: Q(referral__case__decision_maker_id__in=orgs),
                holds=lambda user, orgs, evidence: _case_decider(evidence) in orgs,
            ),
            Relation.REVIEW_PANEL: Resolver(
                scope=lambda user, orgs: (
                    Q(referral__case__state__in=REVIEW_STATES)
                    & ~Q(referral__case__decision_maker_id__in=orgs)
                ),
                holds=lambda user, orgs, evidence: _under_review_elsewhere(evidence, orgs),
            ),
        },
    )
