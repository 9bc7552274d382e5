"""The safeguards on a negative decision before it is issued: a senior caseworker's quality
check, the independent review panel's review with each member's view, and the decision
maker's answer when the panel disagrees.

A decision is never edited: these records stand beside it. A decision sent back, or that
the panel disagreed with, is followed by a new decision of the decision maker.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opennrm.accounts.models import Organisation, User
from opennrm.cases.models import Case, Decision, DecisionStage
from opennrm.reviews.domain import CheckOutcome as CheckValue
from opennrm.reviews.domain import ReviewOutcome as ReviewValue


class CheckOutcome(models.TextChoices):
    """What a quality check found (values from ``domain.CheckOutcome``)."""

    PASSED = CheckValue.PASSED, _("Passed")
    RETURNED = CheckValue.RETURNED, _("Sent back to the decision maker")


class ReviewOutcome(models.TextChoices):
    """Whether the review panel agrees with a proposed negative decision."""

    AGREE = ReviewValue.AGREE, _("Agree")
    DISAGREE = ReviewValue.DISAGREE, _("Disagree")


class QualityCheck(models.Model):
    """A senior caseworker's check of a proposed negative decision, before it goes to
    independent review or is issued. Never by the person who made the decision."""

    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="quality_check"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="quality_checks")
    stage = models.CharField(max_length=32, choices=DecisionStage.choices)
    requested_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=16, choices=CheckOutcome.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    checked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        indexes = [models.Index(fields=["checked_at", "requested_at"], name="check_waiting")]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="", checked_at__isnull=True)
                | (~Q(outcome="") & Q(checked_at__isnull=False)),
                name="check_outcome_with_its_time",
            )
        ]

    def __str__(self) -> str:
        return f"Quality check of decision {self.decision_id}"

    @property
    def is_open(self) -> bool:
        return self.checked_at is None


class IndependentReview(models.Model):
    """The independent review panel's review of one proposed negative decision: opened when
    the decision is sent to it, due after the policy's working days, concluded once.

    One review per decision (a second is refused); the panel's members come from agencies
    independent of the decision maker.
    """

    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="independent_review"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="independent_reviews")
    stage = models.CharField(max_length=32, choices=DecisionStage.choices)
    opened_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField(_("review due"))
    outcome = models.CharField(max_length=16, choices=ReviewOutcome.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    concluded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    concluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["concluded_at", "due_on"], name="review_queue")]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="", concluded_at__isnull=True)
                | (~Q(outcome="") & Q(concluded_at__isnull=False)),
                name="review_outcome_with_its_time",
            )
        ]

    def __str__(self) -> str:
        return f"Independent review of decision {self.decision_id}"

    @property
    def is_open(self) -> bool:
        return self.concluded_at is None


class ReviewerView(models.Model):
    """One review panel member's view of the decision, with the agency they sit for."""

    review = models.ForeignKey(IndependentReview, on_delete=models.PROTECT, related_name="views")
    member = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    view = models.CharField(max_length=16, choices=ReviewOutcome.choices)
    reasons = models.TextField(_("reasons"))
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "member"], name="one_view_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member_id}'s view on review {self.review_id}"


class PanelResponse(models.Model):
    """The decision maker's answer to a review panel that disagreed: whether they accept
    its view, and why. Recorded before they decide again."""

    review = models.OneToOneField(
        IndependentReview, on_delete=models.PROTECT, related_name="response"
    )
    accepts = models.BooleanField(_("accepts the panel's view"))
    reasons = models.TextField(_("reasons"))
    responded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    responded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Response to review {self.review_id}"
