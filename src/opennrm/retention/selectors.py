"""Reads of legal holds and of what the retention job has done."""

from django.db.models import QuerySet

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission
from opennrm.retention.models import Disposal, LegalHold


def holds_for_user(*, user: Subject) -> QuerySet[LegalHold]:
    """Legal holds, active first; empty for anyone who may not manage them."""
    queryset = LegalHold.objects.select_related("placed_by", "lifted_by").order_by(
        "-lifted_at", "-placed_at", "-id"
    )
    if not evaluate.holds_somewhere(user, Permission.HOLD_MANAGE):
        return queryset.none()
    return queryset.order_by("lifted_at", "-placed_at", "-id")


def hold_for(*, user: Subject, hold_id: int) -> LegalHold:
    """One legal hold; 404 for anyone who may not manage holds."""
    return evaluate.get_for(LegalHold.objects.all(), user, Permission.HOLD_MANAGE, pk=hold_id)


def recent_disposals(*, user: Subject, limit: int = 20) -> list[Disposal]:
    """What the retention job did most recently."""
    if not evaluate.holds_somewhere(user, Permission.HOLD_MANAGE):
        return []
    return list(Disposal.objects.order_by("-disposed_at", "-id")[:limit])
