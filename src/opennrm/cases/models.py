"""The case: what a submitted NRM referral becomes, and the clock that runs on it."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opennrm.accounts.models import Nation, Organisation, User


class CaseState(models.TextChoices):
    """Where a case is in the NRM process (NRM.md §3)."""

    AWAITING_RG = "awaiting_rg", _("Awaiting reasonable grounds decision")
    NEGATIVE_RG = "negative_rg", _("Negative reasonable grounds")
    RECOVERY_PERIOD = "recovery_period", _("Recovery period")
    AWAITING_CG = "awaiting_cg", _("Awaiting conclusive grounds decision")
    POSITIVE_CG = "positive_cg", _("Positive conclusive grounds")
    NEGATIVE_CG = "negative_cg", _("Negative conclusive grounds")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUSPENDED = "suspended", _("Suspended")


class DecisionMakerType(models.TextChoices):
    COMPETENT_AUTHORITY = "competent_authority", _("Competent authority")
    PANEL = "panel", _("Child decision-making panel")


class Case(models.Model):
    """One potential victim's journey through the NRM, from referral to final decision.

    Children are decided by the local multi-agency panel where one covers their area and
    they are eligible; everyone else by the competent authority. ``version`` rises with
    every change so that two people acting at once cannot overwrite each other.
    """

    reference = models.CharField(_("reference"), max_length=32, unique=True)
    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, related_name="case"
    )
    person = models.ForeignKey(
        "referrals.PotentialVictim", on_delete=models.PROTECT, related_name="cases"
    )
    state = models.CharField(
        _("state"), max_length=32, choices=CaseState.choices, default=CaseState.AWAITING_RG
    )
    is_child = models.BooleanField(_("child"))
    nation = models.CharField(_("UK nation"), max_length=32, choices=Nation.choices)
    local_authority = models.CharField(_("local authority"), max_length=200, blank=True)
    decision_maker_type = models.CharField(max_length=32, choices=DecisionMakerType.choices)
    decision_maker = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="cases_to_decide"
    )
    panel_site = models.CharField(max_length=200, blank=True)
    routing_reason = models.CharField(max_length=500, blank=True)
    received_at = models.DateTimeField(_("received"))
    rg_due = models.DateField(_("reasonable grounds decision due"))
    assigned_to = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_cases"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rg_due", "id"]
        indexes = [
            models.Index(fields=["decision_maker", "state", "rg_due"]),
            models.Index(fields=["state", "rg_due"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_maker_type="competent_authority") | ~Q(panel_site=""),
                name="panel_case_names_its_site",
            )
        ]

    def __str__(self) -> str:
        return self.reference
