"""Queuing e-mail in the outbox (sending is ``notifications.sending``).

``email_queue`` is called by a service inside its transaction: the e-mail exists exactly
when the change that caused it commits. Sending happens after the commit, in a task.
"""

from functools import partial
from typing import Any

from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from opennrm.audit.services import audit_record
from opennrm.notifications.models import EmailStatus, OutboundEmail
from opennrm.notifications.tasks import send_email


def email_queue(
    *,
    actor: Any,
    category: str,
    recipients: list[str],
    template: str,
    context: dict[str, Any],
    case_reference: str = "",
    holds_one_time_link: bool = False,
) -> OutboundEmail | None:
    """Store an e-mail rendered from ``<template>_subject.txt`` and ``<template>.txt`` and
    send it once the caller's transaction commits. No recipients: nothing is queued. An
    e-mail that ``holds_one_time_link`` (to choose a password) keeps its body only until
    it is sent."""
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
        holds_one_time_link=holds_one_time_link,
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
    send_email.enqueue(email_id)


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
