"""Referrals into the NRM and Duty to Notify reports, their drafts and their evidence."""

import uuid

from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opennrm.accounts.models import Nation, Organisation, OrganisationType, User
from opennrm.people.models import Gender, Person
from opennrm.referrals import facts
from opennrm.referrals.schema import ExploitationLocation as LocationValue
from opennrm.referrals.schema import ReferralKind as ReferralKindValue


class ReferralKind(models.TextChoices):
    NRM = ReferralKindValue.NRM, _("NRM referral")
    DTN = ReferralKindValue.DTN, _("Duty to Notify report")


class AgeAtExploitation(models.TextChoices):
    """Age at the time of exploitation, the age the official statistics count by."""

    ADULT = facts.AgeGroup.ADULT, _("Adult (18 or over)")
    CHILD = facts.AgeGroup.CHILD, _("Child (17 or under)")
    UNKNOWN = facts.AgeGroup.UNKNOWN, _("Not specified or unknown")


class ExploitationLocation(models.TextChoices):
    UK = LocationValue.UK, _("UK")
    OVERSEAS = LocationValue.OVERSEAS, _("Overseas")
    UK_AND_OVERSEAS = LocationValue.UK_AND_OVERSEAS, _("UK and Overseas")
    UNKNOWN = LocationValue.UNKNOWN, _("Not specified or unknown")


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
    The facts the official statistics count by are also kept as columns, filled from the
    answers when the referral is stored (``facts.referral_facts``), so that the tables are
    SQL aggregations rather than a walk through JSON.
    """

    reference = models.CharField(_("reference"), max_length=32, unique=True)
    kind = models.CharField(max_length=8, choices=ReferralKind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals"
    )
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    nation = models.CharField(_("UK nation"), max_length=32, choices=Nation.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="referrals")
    is_child = models.BooleanField()
    answers = models.JSONField()
    received_at = models.DateTimeField(_("received"), db_index=True)
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    idempotency_key = models.CharField(max_length=128, blank=True)
    # A digest of the body sent with the idempotency key: a retry must send the same body.
    request_digest = models.CharField(max_length=64, blank=True)
    # Set when the referral was loaded from an older system by data migration.
    imported_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # The facts the statistics count by (see ``facts.referral_facts``).
    first_responder_type = models.CharField(max_length=32, choices=OrganisationType.choices)
    age_at_exploitation = models.CharField(max_length=8, choices=AgeAtExploitation.choices)
    gender = models.CharField(max_length=8, choices=Gender.choices)
    nationality_1 = models.CharField(max_length=100, blank=True)
    nationality_2 = models.CharField(max_length=100, blank=True)
    exploitation_location = models.CharField(max_length=16, choices=ExploitationLocation.choices)
    exploitation_labour = models.BooleanField(default=False)
    exploitation_sexual = models.BooleanField(default=False)
    exploitation_criminal = models.BooleanField(default=False)
    exploitation_domestic = models.BooleanField(default=False)
    exploitation_organ_harvesting = models.BooleanField(default=False)
    exploitation_other = models.BooleanField(default=False)
    county_lines = models.BooleanField(default=False)
    local_authority = models.CharField(max_length=200, blank=True)
    police_force_area = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "-received_at"]),
            models.Index(fields=["kind", "received_at"], name="referral_kind_received"),
            models.Index(fields=["local_authority", "received_at"], name="referral_area_received"),
            models.Index(fields=["nation", "received_at"], name="referral_nation_received"),
            # The official statistics read a period's facts from this index alone (on
            # PostgreSQL, where an index can carry columns), not from the wide rows.
            models.Index(
                fields=["kind", "received_at"],
                include=[
                    "organisation",
                    "is_child",
                    "age_at_exploitation",
                    "gender",
                    "nationality_1",
                    "nationality_2",
                    "exploitation_location",
                    "exploitation_labour",
                    "exploitation_sexual",
                    "exploitation_criminal",
                    "exploitation_domestic",
                    "exploitation_organ_harvesting",
                    "county_lines",
                    "nation",
                    "local_authority",
                    "police_force_area",
                ],
                name="referral_statistics_facts",
            ),
            # What the statistics join from a case to its referral, without the wide row.
            models.Index(
                fields=["id"],
                include=["age_at_exploitation", "gender", "nationality_1"],
                name="referral_statistics_person",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="one_referral_per_idempotency_key",
            )
        ]

    def __str__(self) -> str:
        return self.reference


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
