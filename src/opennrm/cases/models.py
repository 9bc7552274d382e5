"""The case: what a submitted NRM referral becomes, and the clock that runs on it."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opennrm.accounts.models import Nation, Organisation, User


class CaseState(models.TextChoices):
    """Where a case is in the NRM process (NRM.md §3)."""

    AWAITING_RG = "awaiting_rg", _("Awaiting reasonable grounds decision")
    RG_REVIEW = "rg_review", _("Negative reasonable grounds under independent review")
    NEGATIVE_RG = "negative_rg", _("Negative reasonable grounds")
    RECOVERY_PERIOD = "recovery_period", _("Recovery period")
    AWAITING_CG = "awaiting_cg", _("Awaiting conclusive grounds decision")
    CG_REVIEW = "cg_review", _("Negative conclusive grounds under independent review")
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
    recovery_period_ends = models.DateField(_("recovery period ends"), null=True, blank=True)
    cg_earliest = models.DateField(_("earliest conclusive grounds decision"), null=True, blank=True)
    suspended_from = models.CharField(max_length=32, choices=CaseState.choices, blank=True)
    assigned_to = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_cases"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rg_due", "id"]
        indexes = [
            # The work queue: one organisation's cases in deadline order (keyset pages).
            models.Index(fields=["decision_maker", "rg_due", "id"], name="case_queue_order"),
            models.Index(fields=["decision_maker", "state", "rg_due"]),
            # "Could have a conclusive grounds decision now" counts.
            models.Index(fields=["decision_maker", "state", "cg_earliest"], name="case_cg_ready"),
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


class DecisionStage(models.TextChoices):
    REASONABLE_GROUNDS = "reasonable_grounds", _("Reasonable grounds")
    CONCLUSIVE_GROUNDS = "conclusive_grounds", _("Conclusive grounds")


class DecisionOutcome(models.TextChoices):
    POSITIVE = "positive", _("Positive")
    NEGATIVE = "negative", _("Negative")


class Decision(models.Model):
    """A reasonable- or conclusive-grounds decision, with the threshold in force that day
    and the reasons, exactly as made. Never edited: a reconsideration is a new decision."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions")
    stage = models.CharField(max_length=32, choices=DecisionStage.choices)
    outcome = models.CharField(max_length=16, choices=DecisionOutcome.choices)
    rationale = models.TextField()
    evidence_considered = models.TextField(blank=True)
    threshold_wording = models.TextField()
    local_authority_consulted = models.BooleanField(default=False)
    child_wishes_and_feelings = models.TextField(blank=True)
    consultations = models.JSONField(default=list, blank=True)
    sent_to_review = models.BooleanField(default=False)
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decided_at", "id"]
        indexes = [models.Index(fields=["case", "stage"])]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.stage} {self.outcome}"


class ImmigrationDetails(models.Model):
    """Immigration facts about a person, kept apart from the case.

    Identification is not an immigration decision (NRM.md §4): decision makers never see
    these fields; only roles that handle leave consideration (and auditors) may.
    """

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="immigration")
    home_office_reference = models.CharField(max_length=50, blank=True)
    immigration_status = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"Immigration details for {self.case.reference}"


class ReminderKind(models.TextChoices):
    DUE_TOMORROW = "due_tomorrow", _("Decision due tomorrow")
    OVERDUE = "overdue", _("Decision overdue")


class ReminderSent(models.Model):
    """That a reminder about a deadline was sent, so it is never sent twice.

    The unique constraint is what makes ``send_due_reminders`` safe to run every few minutes.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    due_date = models.DateField()
    recipients = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "due_date"], name="one_reminder_per_deadline"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.kind} {self.due_date}"


class InformationRequest(models.Model):
    """A decision maker's question to the first responder, and their answer.

    The first responder sees open requests on their organisation's referral; both the
    question and the answer appear on the case timeline.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="information_requests")
    question = models.TextField()
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"Information request on {self.case.reference}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
