"""Referrals into the NRM and Duty to Notify reports, their drafts and their evidence."""

import uuid

from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opennrm.accounts.models import Nation, Organisation, User


class ReferralKind(models.TextChoices):
    NRM = "nrm", _("NRM referral")
    DTN = "dtn", _("Duty to Notify report")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")


class ReferralDraft(models.Model):
    """A referral a first responder has started but not submitted. Saved on every page.

    Belongs to the organisation, so a colleague can finish it; deleted automatically once
    it has not been touched for the configured number of days.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="referral_drafts"
    )
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Draft {self.id}"


class Referral(models.Model):
    """A submitted NRM referral or Duty to Notify report.

    ``answers`` keeps what the first responder submitted, less anything the law says must
    not be stored (a Duty to Notify report keeps no identity unless the person cooperates).
    """

    reference = models.CharField(_("reference"), max_length=32, unique=True)
    kind = models.CharField(max_length=8, choices=ReferralKind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals"
    )
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    nation = models.CharField(_("UK nation"), max_length=32, choices=Nation.choices)
    person = models.ForeignKey(
        "referrals.PotentialVictim", on_delete=models.PROTECT, related_name="referrals"
    )
    is_child = models.BooleanField()
    answers = models.JSONField()
    received_at = models.DateTimeField(_("received"), db_index=True)
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    idempotency_key = models.CharField(max_length=128, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-received_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="one_referral_per_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return self.reference


class PotentialVictim(models.Model):
    """The person referred. Identity fields are empty for an anonymous Duty to Notify report."""

    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(null=True, blank=True)
    age_disputed = models.BooleanField(default=False)
    gender = models.CharField(max_length=8, choices=Gender.choices)
    nationalities = models.JSONField(default=list, blank=True)
    under_18_at_referral = models.CharField(max_length=8)
    under_18_at_exploitation = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        return name or str(_("Not recorded"))


class ReferenceCounter(models.Model):
    """The last number issued in a reference series for a year (NRM-2026-000123)."""

    series = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="one_counter_per_series_year")
        ]

    def __str__(self) -> str:
        return f"{self.series}-{self.year}: {self.last_number}"


class EvidenceFile(models.Model):
    """A document uploaded with a referral, stored outside the web root under a random name."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    draft = models.ForeignKey(
        ReferralDraft, on_delete=models.SET_NULL, null=True, blank=True, related_name="evidence"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    original_name = models.CharField(max_length=255)
    description = models.CharField(
        max_length=500, blank=True, help_text=_("What the document is, in the uploader's words.")
    )
    stored_name = models.CharField(max_length=100, unique=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name

    def delete_file(self) -> None:
        """Remove the stored file (the row is removed by the caller, in its transaction)."""
        default_storage.delete(self.stored_name)
