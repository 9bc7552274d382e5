"""Reads of the audit trail, for those the access policy lets read it."""

from django.db.models import QuerySet

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission
from opennrm.audit.models import AuditEvent


def audit_events_for_user(
    *, user: Subject, case_reference: str | None = None, action: str | None = None
) -> QuerySet[AuditEvent]:
    """Events newest first; empty for anyone the policy does not let read the trail."""
    if not evaluate.holds_somewhere(user, Permission.AUDIT_VIEW):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.order_by("-id")
    if case_reference:
        events = events.filter(case_reference=case_reference)
    if action:
        events = events.filter(action__startswith=action)
    return events


def viewers_of(*, user: Subject, case_reference: str) -> QuerySet[AuditEvent]:
    """Every time someone viewed the case, its referral or their documents, newest first;
    empty for anyone the policy does not let read the trail."""
    if not evaluate.holds_somewhere(user, Permission.AUDIT_VIEW):
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(
        case_reference=case_reference, action__endswith=".viewed"
    ).order_by("-id")
