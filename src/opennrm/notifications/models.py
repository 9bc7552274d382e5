"""The outbox: every e-mail the service sends, stored in the same transaction as the change
that causes it, then sent by a background task with retries and a recorded outcome."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutboundEmail(models.Model):
    """One e-mail: who it is for, what it says, and what happened when it was sent.

    E-mails carry references, never personal details of the person referred: the reader
    signs in to see the record.
    """

    category = models.CharField(_("kind of e-mail"), max_length=64)
    recipients = models.JSONField(default=list)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    case_reference = models.CharField(max_length=32, blank=True, db_index=True)
    status = models.CharField(
        max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)
    # An invitation's link lets whoever holds it choose the account's password: the body is
    # removed once the e-mail is sent, so that the outbox and its backups never keep it.
    holds_one_time_link = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.category} {self.case_reference} ({self.status})"
