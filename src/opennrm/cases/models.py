"""The case: what a submitted NRM referral becomes, and the clock that runs on it."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opennrm.accounts.models import Nation, Organisation, User
from opennrm.cases.domain import State, WithdrawalReason
from opennrm.people.models import Person
from opennrm.policy import DeadlineKind, Outcome, Stage
from opennrm.policy import DecisionMakerType as DecisionMakerValue


class CaseState(models.TextChoices):
    """Where a case is in the NRM process (NRM.md §3). Values from ``domain.State``."""

    AWAITING_RG = State.AWAITING_RG, _("Awaiting reasonable grounds decision")
    RG_QUALITY_CHECK = (
        State.RG_QUALITY_CHECK,
        _("Negative reasonable grounds proposed: awaiting quality check"),
    )
    RG_REVIEW = State.RG_REVIEW, _("Negative reasonable grounds under independent review")
    NEGATIVE_RG = State.NEGATIVE_RG, _("Negative reasonable grounds")
    RECOVERY_PERIOD = State.RECOVERY_PERIOD, _("Recovery period")
    AWAITING_CG = State.AWAITING_CG, _("Awaiting conclusive grounds decision")
    CG_QUALITY_CHECK = (
        State.CG_QUALITY_CHECK,
        _("Negative conclusive grounds proposed: awaiting quality check"),
    )
    CG_REVIEW = State.CG_REVIEW, _("Negative conclusive grounds under independent review")
    POSITIVE_CG = State.POSITIVE_CG, _("Positive conclusive grounds")
    NEGATIVE_CG = State.NEGATIVE_CG, _("Negative conclusive grounds")
    WITHDRAWN = State.WITHDRAWN, _("Withdrawn")
    SUSPENDED = State.SUSPENDED, _("Suspended")


class DecisionMakerType(models.TextChoices):
    COMPETENT_AUTHORITY = DecisionMakerValue.COMPETENT_AUTHORITY, _("Competent authority")
    PANEL = DecisionMakerValue.PANEL, _("Child decision-making panel")


class NextDeadline(models.TextChoices):
    """What a case's next deadline is (values from ``policy.DeadlineKind``)."""

    RG_DUE = DeadlineKind.RG_DUE, _("Reasonable grounds decision due")
    RECOVERY_PERIOD_ENDS = DeadlineKind.RECOVERY_PERIOD_ENDS, _("Recovery period ends")
    CG_POSSIBLE_FROM = DeadlineKind.CG_POSSIBLE_FROM, _("Conclusive grounds decision possible from")
    REVIEW_DUE = DeadlineKind.REVIEW_DUE, _("Independent review due")
    RECONSIDERATION_DUE = DeadlineKind.RECONSIDERATION_DUE, _("Reconsideration can be asked until")


class Withdrawal(models.TextChoices):
    WRITTEN_REQUEST = WithdrawalReason.WRITTEN_REQUEST, _("The person asked in writing")
    MADE_IN_ERROR = WithdrawalReason.MADE_IN_ERROR, _("The referral was made in error")
    DUPLICATE = WithdrawalReason.DUPLICATE, _("A duplicate of another referral")


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
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
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
    review_due = models.DateField(_("independent review due"), null=True, blank=True)
    reconsideration_due = models.DateField(
        _("reconsideration can be asked until"), null=True, blank=True
    )
    # When the case's first positive reasonable grounds decision and its first conclusive
    # grounds decision were made, kept by the case service for the official statistics
    # (cases awaiting a CG decision, and the wait from RG to CG).
    first_positive_rg_at = models.DateTimeField(null=True, blank=True, editable=False)
    first_cg_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The deadline the case faces next and what it is (``policy.next_deadline``), kept up to
    # date by every change so that the work queue can sort by it; empty for a closed case.
    next_deadline = models.DateField(_("next deadline"), null=True, blank=True)
    next_deadline_kind = models.CharField(max_length=32, choices=NextDeadline.choices, blank=True)
    suspended_from = models.CharField(max_length=32, choices=CaseState.choices, blank=True)
    assigned_to = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="assigned_cases"
    )
    # Set when the case was loaded from an older system by data migration: only then may a
    # decision carry the date it was originally made.
    imported_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawal_reason = models.CharField(max_length=32, choices=Withdrawal.choices, blank=True)
    duplicate_of = models.CharField(_("duplicate of"), max_length=32, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["rg_due", "id"]
        indexes = [
            # The work queue: one organisation's cases in deadline order (keyset pages).
            models.Index(fields=["decision_maker", "rg_due", "id"], name="case_queue_order"),
            models.Index(
                fields=["decision_maker", "next_deadline", "id"], name="case_next_deadline"
            ),
            models.Index(fields=["decision_maker", "state", "rg_due"]),
            # "Could have a conclusive grounds decision now" counts.
            models.Index(fields=["decision_maker", "state", "cg_earliest"], name="case_cg_ready"),
            models.Index(fields=["state", "rg_due"]),
            # What the statistics join from a decision to its case, without the wide row.
            models.Index(
                fields=["id"],
                include=[
                    "referral",
                    "received_at",
                    "decision_maker",
                    "decision_maker_type",
                    "local_authority",
                    "is_child",
                ],
                name="case_statistics_facts",
            ),
            # Cases awaiting a CG decision at a period's end: no CG decision by then, a
            # positive RG decision before it.
            models.Index(
                fields=["first_cg_at", "first_positive_rg_at"],
                include=["referral", "local_authority", "is_child"],
                name="case_awaiting_cg",
            ),
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
    REASONABLE_GROUNDS = Stage.REASONABLE_GROUNDS, _("Reasonable grounds")
    CONCLUSIVE_GROUNDS = Stage.CONCLUSIVE_GROUNDS, _("Conclusive grounds")


class DecisionOutcome(models.TextChoices):
    POSITIVE = Outcome.POSITIVE, _("Positive")
    NEGATIVE = Outcome.NEGATIVE, _("Negative")


class Decision(models.Model):
    """A reasonable- or conclusive-grounds decision, with the threshold in force that day
    and the reasons, exactly as made. Never edited: a reconsideration is a new decision.

    A child panel may record the conclusive-grounds decision at the meeting that made the
    reasonable-grounds decision; it then takes effect, and is issued, on ``takes_effect_on``
    (the earliest day the rules allow), and ``took_effect_at`` says when it did.
    """

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
    takes_effect_on = models.DateField(_("takes effect on"), null=True, blank=True)
    took_effect_at = models.DateTimeField(_("took effect"), null=True, blank=True)
    # The earlier decision at the same stage that this one replaces (after a reconsideration
    # or an independent review overturned it). Both are kept.
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )

    class Meta:
        ordering = ["decided_at", "id"]
        indexes = [
            models.Index(fields=["case", "stage"]),
            # Decisions waiting to take effect (``issue_due_decisions``).
            models.Index(fields=["takes_effect_on"], name="decision_takes_effect"),
            # The official statistics count decisions by the date they were made (and read
            # what they count from the index alone, on PostgreSQL).
            models.Index(
                fields=["stage", "decided_at"],
                include=["case", "outcome"],
                name="decision_stage_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.stage} {self.outcome}"

    @property
    def is_pending(self) -> bool:
        """Recorded, but not yet in effect or issued."""
        return self.takes_effect_on is not None and self.took_effect_at is None


class ImmigrationDetails(models.Model):
    """Immigration facts about a person, kept apart from the case.

    Identification is not an immigration decision (NRM.md §4): decision makers never see
    these fields; only roles that handle leave consideration (and auditors) may.
    """

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="immigration")
    home_office_references = models.JSONField(default=list, blank=True)
    immigration_status = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"Immigration details for {self.case.reference}"


class CaseActionRecord(models.Model):
    """A non-decision action on a case (suspension, reinstatement, withdrawal, an extended
    recovery period), with the reason as the decision maker wrote it.

    Kept here rather than in the audit trail: the trail records that it happened, never
    the free text, which belongs with the case and its retention.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="action_records")
    action = models.CharField(max_length=32)
    reason = models.TextField(blank=True)
    extra_days = models.PositiveSmallIntegerField(null=True, blank=True)
    withdrawal_reason = models.CharField(max_length=32, choices=Withdrawal.choices, blank=True)
    duplicate_of = models.CharField(max_length=32, blank=True)
    acted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    acted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["acted_at", "id"]

    def __str__(self) -> str:
        return f"{self.case.reference} {self.action}"


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
