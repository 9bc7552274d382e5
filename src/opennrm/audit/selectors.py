"""Reads of the audit trail: auditors and administrators only."""

from django.db.models import QuerySet

from opennrm.accounts.models import User
from opennrm.accounts.roles import Role
from opennrm.audit.models import AuditEvent


def audit_events_for_user(
    *, user: User, case_reference: str | None = None, action: str | None = None
) -> QuerySet[AuditEvent]:
    """Events newest first; empty for anyone who is not an auditor or administrator."""
    if not (user.has_role(Role.AUDITOR) or user.has_role(Role.ADMIN)):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.order_by("-id")
    if case_reference:
        events = events.filter(case_reference=case_reference)
    if action:
        events = events.filter(action__startswith=action)
    return events
