"""Queuing and sending e-mail through the outbox.

``email_queue`` is called by a service inside its transaction: the e-mail exists exactly
when the change that caused it commits. Sending happens after the commit, in a task; a
failure is recorded and retried with back-off (``emails_retry_due``), and after the last
attempt the e-mail is marked failed for an administrator to see.
"""

from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from opennrm.audit.services import audit_record
from opennrm.notifications.models import EmailStatus, OutboundEmail

# Minutes to wait before each retry; after the last, the e-mail is marked failed.
RETRY_AFTER_MINUTES = (1, 5, 30, 120)


def max_attempts() -> int:
    return int(getattr(settings, "OPENNRM_EMAIL_MAX_ATTEMPTS", len(RETRY_AFTER_MINUTES) + 1))


def email_queue(
    *,
    actor: Any,
    category: str,
    recipients: list[str],
    template: str,
    context: dict[str, Any],
    case_reference: str = "",
) -> OutboundEmail | None:
    """Store an e-mail rendered from ``<template>_subject.txt`` and ``<template>.txt`` and
    send it once the caller's transaction commits. No recipients: nothing is queued."""
    if not connection.in_atomic_block:
        raise RuntimeError("email_queue must be called inside transaction.atomic().")
    addresses = sorted({address.strip().lower() for address in recipients if address.strip()})
    if not addresses:
        return None
    email = OutboundEmail.objects.create(
        category=category,
        recipients=addresses,
        subject=render_to_string(f"{template}_subject.txt", context).strip()[:255],
        body=render_to_string(f"{template}.txt", context),
        case_reference=case_reference,
    )
    audit_record(
        actor=actor,
        action="notification.queued",
        obj=email,
        case_reference=case_reference,
        payload={"category": category, "recipients": len(addresses)},
    )
    transaction.on_commit(partial(_enqueue, email.pk))
    return email


def _enqueue(email_id: int) -> None:
    from opennrm.notifications.tasks import send_email

    send_email.enqueue(email_id)


def email_send(*, email_id: int, now: datetime | None = None) -> OutboundEmail | None:
    """Try to send one pending e-mail now; record the outcome. Safe to call twice: an
    e-mail already sent or given up on is left alone."""
    now = now or timezone.now()
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != EmailStatus.PENDING:
            return email
        email.attempts += 1
        try:
            EmailMessage(subject=email.subject, body=email.body, to=list(email.recipients)).send()
        except Exception as error:  # any failure of the mail system is recorded
            email.last_error = f"{type(error).__name__}: {error}"[:500]
            if email.attempts >= max_attempts():
                email.status = EmailStatus.FAILED
                action = "notification.failed"
            else:
                wait = RETRY_AFTER_MINUTES[min(email.attempts, len(RETRY_AFTER_MINUTES)) - 1]
                email.next_attempt_at = now + timedelta(minutes=wait)
                action = "notification.retry_scheduled"
        else:
            email.status = EmailStatus.SENT
            email.sent_at = now
            email.last_error = ""
            action = "notification.sent"
        email.save(update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at"])
        audit_record(
            actor=None,
            action=action,
            obj=email,
            case_reference=email.case_reference,
            payload={"attempts": email.attempts},
        )
    return email


def emails_retry_due(*, now: datetime | None = None) -> int:
    """Send every pending e-mail whose retry time has come; return how many were tried.
    Run on a schedule (``manage.py send_pending_emails``); running it twice is harmless."""
    now = now or timezone.now()
    due = list(
        OutboundEmail.objects.filter(status=EmailStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:500]
    )
    for email_id in due:
        email_send(email_id=email_id, now=now)
    return len(due)


def email_retry(*, actor: Any, email: OutboundEmail) -> OutboundEmail:
    """An administrator sends a failed e-mail again (after fixing the mail system)."""
    with transaction.atomic():
        locked = OutboundEmail.objects.select_for_update().get(pk=email.pk)
        locked.status = EmailStatus.PENDING
        locked.attempts = 0
        locked.next_attempt_at = timezone.now()
        locked.save(update_fields=["status", "attempts", "next_attempt_at"])
        audit_record(
            actor=actor,
            action="notification.retried",
            obj=locked,
            case_reference=locked.case_reference,
        )
        transaction.on_commit(partial(_enqueue, locked.pk))
    return locked
