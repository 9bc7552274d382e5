"""Reads of the outbox, for administrators."""

from django.db.models import QuerySet

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission
from opennrm.notifications.models import EmailStatus, OutboundEmail


def outbox_for_user(*, user: Subject, status: str = "") -> QuerySet[OutboundEmail]:
    """E-mails newest first (failed and waiting first when no status is chosen)."""
    queryset = evaluate.restrict(OutboundEmail.objects.all(), user, Permission.NOTIFICATION_VIEW)
    if status in EmailStatus.values:
        queryset = queryset.filter(status=status)
    return queryset.defer("body").order_by("-created_at", "-id")


def outbox_counts(*, user: Subject) -> dict[str, int]:
    """How many e-mails are failed and waiting (for the administrator's home page)."""
    queryset = evaluate.restrict(OutboundEmail.objects.all(), user, Permission.NOTIFICATION_VIEW)
    return {
        "failed": queryset.filter(status=EmailStatus.FAILED).count(),
        "pending": queryset.filter(status=EmailStatus.PENDING).count(),
    }
