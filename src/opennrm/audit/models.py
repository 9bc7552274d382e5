"""The audit trail: one append-only, hash-chained row per change or sensitive read."""

from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from opennrm.audit.chain import FORMAT_HMAC, FORMAT_SHA256


class ChainFormat(models.IntegerChoices):
    """How an event's hash was made; the format is part of what the next event links to."""

    SHA256 = FORMAT_SHA256, "SHA-256 (unkeyed, first releases)"
    HMAC_SHA256 = FORMAT_HMAC, "HMAC-SHA256 under the audit key"


class AuditEvent(models.Model):
    """Something that happened: who did it (and their name at the time), when, to what.

    Written by services in the same transaction as the change it records, so a change
    without its event, or an event without its change, cannot exist. Rows are never
    updated or deleted: database triggers refuse it, and the hash chain reveals it if the
    triggers are bypassed (``manage.py verify_audit_chain``).
    """

    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_events",
        db_constraint=True,
    )
    actor_name = models.CharField(max_length=200)
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=64, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    case_reference = models.CharField(max_length=32, blank=True, db_index=True)
    payload = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    request_id = models.CharField(max_length=64, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # How ``hash`` was computed (see audit/chain.py): 1 plain SHA-256, 2 keyed HMAC.
    chain_format = models.PositiveSmallIntegerField(choices=ChainFormat.choices)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("Audit events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("Audit events are append-only and cannot be deleted.")

    def hashed_fields(self) -> dict[str, Any]:
        """The event's content as the chain hashes it."""
        return {
            "occurred_at": self.occurred_at,
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "actor_email": self.actor_email,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "case_reference": self.case_reference,
            "payload": self.payload,
            "request_id": self.request_id,
        }
