"""After the decision: reconsideration requests, judicial reviews, support providers,
move-on, leave to remain and public-order disqualification.

These records sit beside the case; the case itself changes only through ``cases.services``
(a reconsideration accepted reopens the decision, and the new decision supersedes the old
one, both kept).
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opennrm.accounts.models import Organisation, User
from opennrm.cases.models import Case, Decision
from opennrm.protection import domain


class RequestStatus(models.TextChoices):
    PENDING = domain.RequestStatus.PENDING, _("Waiting for an answer")
    ACCEPTED = domain.RequestStatus.ACCEPTED, _("Accepted")
    DECLINED = domain.RequestStatus.DECLINED, _("Declined")


class RequestedFor(models.TextChoices):
    ORGANISATION = domain.RequestedFor.ORGANISATION, _("Our organisation")
    REPRESENTATIVE = domain.RequestedFor.REPRESENTATIVE, _("The person's legal representative")


GROUND_LABELS = {
    domain.Ground.NEW_EVIDENCE: _("New evidence"),
    domain.Ground.NOT_IN_LINE_WITH_GUIDANCE: _("The decision did not follow the guidance"),
}


class ReconsiderationRequest(models.Model):
    """A request that a negative decision be reconsidered, made by the first responder, the
    support provider or (through them) the person's representative, with the evidence.

    Made within the window the policy of the decision date sets, or later with an
    exceptional reason. The decision maker accepts or declines it with reasons; an accepted
    request reopens the decision, and the new decision supersedes the old one
    (``decision.superseded_by``). ``support_continues`` is what the policy said on the day
    about support meanwhile.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reconsiderations")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    grounds = models.JSONField(_("grounds"), default=list)
    details = models.TextField(_("why the decision should be reconsidered"))
    evidence = models.TextField(_("the evidence attached"), blank=True)
    requested_for = models.CharField(
        max_length=16, choices=RequestedFor.choices, default=RequestedFor.ORGANISATION
    )
    representative_name = models.CharField(_("representative"), max_length=200, blank=True)
    deadline = models.DateField(_("could be asked until"), null=True, blank=True)
    late = models.BooleanField(_("out of time"), default=False)
    exceptional_reason = models.TextField(_("exceptional reason it is late"), blank=True)
    support_continues = models.BooleanField(_("support continues meanwhile"), default=False)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    answer_reasons = models.TextField(_("reasons for the answer"), blank=True)
    answered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [
            models.Index(fields=["status", "requested_at"], name="reconsideration_status"),
            models.Index(fields=["requested_at"], name="reconsideration_requested"),
        ]
        constraints = [
            # One open request per case at a time: the decision maker answers it first.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status="pending"),
                name="one_pending_reconsideration_per_case",
            ),
            models.CheckConstraint(
                condition=Q(late=False) | ~Q(exceptional_reason=""),
                name="late_reconsideration_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Reconsideration of {self.case.reference}"

    @property
    def ground_labels(self) -> list[str]:
        return [str(GROUND_LABELS[domain.Ground(g)]) for g in self.grounds]


class JudicialReviewOutcome(models.TextChoices):
    PENDING = domain.JudicialReviewOutcome.PENDING, _("Not decided yet")
    DECISION_QUASHED = domain.JudicialReviewOutcome.DECISION_QUASHED, _("Decision quashed")
    DISMISSED = domain.JudicialReviewOutcome.DISMISSED, _("Claim dismissed")
    SETTLED = domain.JudicialReviewOutcome.SETTLED, _("Settled: the decision is to be retaken")
    WITHDRAWN = domain.JudicialReviewOutcome.WITHDRAWN, _("Claim withdrawn")


class JudicialReview(models.Model):
    """That a decision is challenged by judicial review, the referral to a specialist
    solicitor (always offered for a child, NRM.md §3.7) and, once known, the outcome."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="judicial_reviews")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="+")
    claim_lodged_on = models.DateField(_("claim lodged"))
    solicitor_referral_offered = models.BooleanField(_("specialist solicitor offered"))
    solicitor = models.CharField(_("specialist solicitor"), max_length=200, blank=True)
    outcome = models.CharField(
        max_length=32, choices=JudicialReviewOutcome.choices, default=JudicialReviewOutcome.PENDING
    )
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["claim_lodged_on", "id"]

    def __str__(self) -> str:
        return f"Judicial review of {self.case.reference}"


class SupportAllocation(models.Model):
    """That a support provider supports the person, from a positive RG decision: it then
    sees their case, dates and decisions. One current allocation per case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="support_allocations")
    provider = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="supported_cases"
    )
    allocated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    allocated_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["allocated_at", "id"]
        indexes = [models.Index(fields=["provider", "ended_at"], name="support_by_provider")]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(ended_at__isnull=True), name="one_current_support"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} supports {self.case.reference}"


class ExtensionRequest(models.Model):
    """A support provider's request that the recovery period be extended, for the decision
    maker to grant (with the case's own action) or not."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="extension_requests")
    days = models.PositiveSmallIntegerField(_("extra days asked for"))
    reason = models.TextField(_("why more time is needed"))
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["requested_at", "id"]

    def __str__(self) -> str:
        return f"Extension asked for {self.case.reference}"


class LeaveOutcome(models.TextChoices):
    GRANTED = domain.LeaveOutcome.GRANTED, _("Leave granted")
    REFUSED = domain.LeaveOutcome.REFUSED, _("Leave refused")
    NOT_SUBJECT = (
        domain.LeaveOutcome.NOT_SUBJECT_TO_IMMIGRATION_CONTROL,
        _("Not subject to immigration control"),
    )


class LeaveKind(models.TextChoices):
    DISCRETIONARY_LEAVE = domain.LeaveKind.DISCRETIONARY_LEAVE, _("Discretionary leave")
    TEMPORARY_PERMISSION = (
        domain.LeaveKind.TEMPORARY_PERMISSION_TO_STAY,
        _("Temporary permission to stay for victims"),
    )


class LeaveConsideration(models.Model):
    """That leave to remain was considered for a confirmed victim subject to immigration
    control, by Home Office immigration staff (never a decision maker), with the child's
    best interests for a child. Kept behind the immigration firewall."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="leave_consideration")
    kind = models.CharField(_("leave considered"), max_length=32, choices=LeaveKind.choices)
    outcome = models.CharField(max_length=40, choices=LeaveOutcome.choices)
    considered_on = models.DateField(_("considered on"))
    reasons = models.TextField(_("reasons"))
    child_best_interests = models.TextField(_("the child's best interests"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Leave considered for {self.case.reference}"


class PublicOrderOutcome(models.TextChoices):
    DISQUALIFIED = domain.PublicOrderOutcome.DISQUALIFIED, _("Disqualified from protection")
    NOT_DISQUALIFIED = domain.PublicOrderOutcome.NOT_DISQUALIFIED, _("Not disqualified")


class PublicOrderDecision(models.Model):
    """A decision whether an adult is disqualified from protection on public-order grounds
    (NABA 2022 s63), with the grounds and the person's representations. Never for a child
    where the policy does not allow it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="public_order_decisions")
    grounds = models.TextField(_("public-order grounds"))
    representations = models.TextField(_("the person's representations"))
    outcome = models.CharField(max_length=20, choices=PublicOrderOutcome.choices)
    reasons = models.TextField(_("reasons"))
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["decided_at", "id"]

    def __str__(self) -> str:
        return f"Public-order decision on {self.case.reference}"
