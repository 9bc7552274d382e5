"""Legal holds, and the record of what the retention job has disposed of."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LegalHold(models.Model):
    """An instruction to keep everything about a case, whatever its retention period: a
    court case, a public inquiry, a complaint or a subject access request under way.

    While a hold is in place the retention job neither deletes nor anonymises the case,
    its referral or its person. Lifting it lets the job act on its next run.
    """

    case_reference = models.CharField(_("case reference"), max_length=32, db_index=True)
    reason = models.CharField(
        _("reason"),
        max_length=500,
        help_text=_("Why the records must be kept, for example the court or inquiry."),
    )
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case_reference"],
                condition=Q(lifted_at__isnull=True),
                name="one_active_hold_per_case",
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True) | Q(lifted_by__isnull=False),
                name="lifted_hold_names_who_lifted_it",
            ),
        ]

    def __str__(self) -> str:
        return f"Legal hold on {self.case_reference}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class DisposalHow(models.TextChoices):
    DELETED = "deleted", _("Deleted")
    ANONYMISED = "anonymised", _("Anonymised")


class Disposal(models.Model):
    """That the retention job deleted or anonymised one record, so that it never does it
    twice (the unique constraint makes a second run harmless)."""

    record_type = models.CharField(max_length=32)
    object_id = models.CharField(max_length=64)
    case_reference = models.CharField(max_length=32, blank=True)
    how = models.CharField(max_length=16, choices=DisposalHow.choices)
    disposed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-disposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "object_id"], name="one_disposal_per_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.object_id} {self.how}"
