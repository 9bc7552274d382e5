"""Demo work after the decision: people the support provider supports, a request for
reconsideration for the competent authority to answer, and a confirmed victim whose leave
to remain is still to be considered (the demo cases of ``demo.cases``)."""

from django.db.models import Q

from opennrm.accounts.models import Organisation, User
from opennrm.cases.models import Case
from opennrm.protection.models import ReconsiderationRequest, SupportAllocation
from opennrm.protection.reconsiderations import reconsideration_request
from opennrm.protection.support import support_allocate

SUPPORT_PROVIDER = "Victim Care Contract support provider"


def _demo_cases() -> list[Case]:
    return list(
        Case.objects.filter(referral__idempotency_key__startswith="demo-case-")
        .select_related("referral")
        .order_by("referral__idempotency_key")
    )


def seed_demo_protection() -> int:
    """Allocate the demo people with a positive RG to the support provider and ask for the
    negative RG to be reconsidered, once; return how many records were made."""
    cases = _demo_cases()
    if not cases or ReconsiderationRequest.objects.filter(case__in=cases).exists():
        return 0
    caseworker = User.objects.get(email="caseworker@demo.opennrm.test")
    provider = Organisation.objects.get(name=SUPPORT_PROVIDER)
    made = 0
    supported = [
        c
        for c in cases
        if c.state in ("recovery_period", "awaiting_cg", "positive_cg", "negative_cg")
        and not SupportAllocation.objects.filter(Q(case=c) & Q(ended_at__isnull=True)).exists()
    ]
    for case in supported:
        support_allocate(user=caseworker, case=case, provider_id=provider.pk)
        made += 1
    negative = next((c for c in cases if c.state == "negative_rg"), None)
    if negative is not None:
        reconsideration_request(
            user=User.objects.get(email="police.fr@demo.opennrm.test"),
            case=negative,
            grounds=["new_evidence", "not_in_line_with_guidance"],
            details="A statement from the person's employer's former worker corroborates the "
            "account, and the decision did not weigh the indicators the guidance lists.",
            evidence="Witness statement, 3 pages; GP letter on the person's injuries.",
        )
        made += 1
    return made
