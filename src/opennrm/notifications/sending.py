"""Sending e-mail from the outbox, with retries and a recorded outcome.

A failure is recorded and retried with back-off (``emails_retry_due``, run on a schedule);
after the last attempt the e-mail is marked failed for an administrator to see.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from opennrm.audit.services import audit_record
from opennrm.notifications.models import EmailStatus, OutboundEmail

# Minutes to wait before each retry; after the last, the e-mail is marked failed.
RETRY_AFTER_MINUTES = (1, 5, 30, 120)


def max_attempts() -> int:
    return int(getattr(settings, "OPENNRM_EMAIL_MAX_ATTEMPTS", len(RETRY_AFTER_MINUTES) + 1))


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
            if email.holds_one_time_link:
                email.body = ""  # the link is the recipient's alone once it has gone
        email.save(
            update_fields=["attempts", "status", "sent_at", "last_error", "next_attempt_at", "body"]
        )
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
