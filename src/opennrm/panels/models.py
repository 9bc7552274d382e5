"""Local multi-agency child panels, their meetings and decisions, and guardians.

A panel is the organisation that hosts it (``accounts.Organisation`` of type panel host,
named after its site in the policy data); the local authorities it covers come from the
dated policy data, never from this database. Its members sit for an agency; it decides at
meetings with a quorum; each decision it makes records who sat and what they weighed.
"""

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opennrm.accounts.models import Organisation, OrganisationType, User
from opennrm.cases.models import Case, Decision
from opennrm.core.jurisdiction import jurisdiction
from opennrm.panels.domain import Agency as AgencyValue
from opennrm.panels.domain import ConsentOutcome as ConsentValue
from opennrm.people.models import AgeAssessment
from opennrm.policy import PanelSite
from opennrm.policy.guardians import GuardianSupport


class Agency(models.TextChoices):
    """The agency a panel member sits for (values from ``domain.Agency``)."""

    CHILDRENS_SOCIAL_CARE = AgencyValue.CHILDRENS_SOCIAL_CARE, _("Children's social care")
    POLICE = AgencyValue.POLICE, _("Police")
    HEALTH = AgencyValue.HEALTH, _("Health")
    EDUCATION = AgencyValue.EDUCATION, _("Education")
    GUARDIAN_SERVICE = AgencyValue.GUARDIAN_SERVICE, _("Guardian service")
    OTHER = AgencyValue.OTHER, _("Other")


class PanelManager(models.Manager["Panel"]):
    def get_queryset(self) -> models.QuerySet["Panel"]:
        return super().get_queryset().filter(organisation_type=OrganisationType.PANEL_HOST)


class Panel(Organisation):
    """A local multi-agency child decision-making panel: the organisation that hosts it,
    seen as a panel. Which local authorities it covers, and from when, is the policy
    data's ``panel_phases`` for its site."""

    objects = PanelManager()  # type: ignore[misc]

    class Meta:
        proxy = True
        ordering = ["name"]

    @property
    def site(self) -> PanelSite | None:
        return next((s for s in jurisdiction().panel_sites if s.name == self.panel_site), None)

    def authorities_on(self, on: date) -> list[str]:
        """The local authorities whose children this panel decides for on ``on``."""
        site = self.site
        if site is None:
            return []
        in_force = site.effective_from <= on and (
            site.effective_to is None or on <= site.effective_to
        )
        return sorted(site.authorities) if in_force else []


class PanelMember(models.Model):
    """That a person sits on a panel for an agency, from a day until they leave.

    Their role in the panel's organisation (member or chair) is what lets them work on its
    cases; this record says which agency they represent, which is what the quorum counts.
    """

    panel = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="panel_members")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="panel_seats")
    agency = models.CharField(_("agency"), max_length=32, choices=Agency.choices)
    chairs = models.BooleanField(_("may chair meetings"), default=False)
    joined_on = models.DateField(_("joined"), default=timezone.localdate)
    left_on = models.DateField(_("left"), null=True, blank=True)
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        ordering = ["panel", "agency", "user__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "user"],
                condition=Q(left_on__isnull=True),
                name="one_seat_per_person_per_panel",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_agency_display()})"


class PanelMeeting(models.Model):
    """A meeting of a panel: its date, its chair, who attended and its agenda.

    A decision may be recorded at it only when those present make a quorum under the rules
    in force on the day it is held.
    """

    panel = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("date of the meeting"))
    chair = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["panel", "held_on"], name="meeting_by_panel_date")]

    def __str__(self) -> str:
        return f"{self.panel} meeting on {self.held_on:%-d %B %Y}"


class MeetingAttendance(models.Model):
    """That a panel member sat at a meeting, for an agency."""

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    agency = models.CharField(_("agency"), max_length=32, choices=Agency.choices)

    class Meta:
        ordering = ["agency", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_attendance_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.meeting}"


class AgendaItem(models.Model):
    """A child's case on a meeting's agenda."""

    meeting = models.ForeignKey(PanelMeeting, on_delete=models.CASCADE, related_name="agenda")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="agenda_items")
    added_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "case"], name="case_once_per_agenda")
        ]

    def __str__(self) -> str:
        return f"{self.case} on {self.meeting}"


class PanelDecision(models.Model):
    """What a panel records with one of its decisions: the meeting, who sat, how the
    child's best interests were weighed, the child-protection picture and any dissent.

    The child's own voice (their wishes and feelings) is recorded on the decision itself.
    """

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="panel_detail")
    meeting = models.ForeignKey(PanelMeeting, on_delete=models.PROTECT, related_name="decisions")
    # Who sat, as they were at the meeting: [{"user": id, "name": ..., "agency": ...}].
    members_present = models.JSONField(default=list)
    chair = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    best_interests = models.TextField(_("the child's best interests"))
    section_47_reference = models.CharField(_("Section 47 enquiry reference"), max_length=100)
    strategy_discussion_on = models.DateField(_("strategy discussion"), null=True, blank=True)
    child_protection_plan = models.BooleanField(_("child protection plan"), default=False)
    lead_social_worker_name = models.CharField(_("lead social worker"), max_length=200)
    lead_social_worker_email = models.EmailField(_("lead social worker's e-mail"))
    dissent = models.TextField(_("dissent"), blank=True)

    def __str__(self) -> str:
        return f"Panel detail of decision {self.decision_id}"


class GuardianSupportKind(models.TextChoices):
    DIRECT = GuardianSupport.DIRECT, _("Direct: nobody in the UK holds parental responsibility")
    INDIRECT = GuardianSupport.INDIRECT, _("Indirect: someone holds parental responsibility")


class GuardianReferral(models.Model):
    """A child's referral to the independent child trafficking guardian service, where the
    service runs in their area, and the named guardian it assigns.

    The guardian sees the child's case read-only and adds notes to its timeline.
    """

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="guardian_referral")
    service = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(
        _("kind of support"), max_length=16, choices=GuardianSupportKind.choices
    )
    referred_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(default=timezone.now)
    guardian = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="guarded_referrals"
    )
    assigned_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["guardian"], name="guardian_children")]

    def __str__(self) -> str:
        return f"Guardian referral for {self.case}"


class CaseNote(models.Model):
    """A note a child's guardian adds to the case timeline, kept with the case (the audit
    trail records only that it was added)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    text = models.TextField()
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Note {self.pk} on {self.case}"


class ConsentOutcome(models.TextChoices):
    GIVEN = ConsentValue.GIVEN, _("They consent to stay in the NRM")
    REFUSED = ConsentValue.REFUSED, _("They do not consent")


class ConsentRequest(models.Model):
    """A task for the decision maker: an age assessment found the person an adult, and an
    adult must consent to be in the NRM, so their consent must now be sought."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="consent_requests")
    age_assessment = models.ForeignKey(AgeAssessment, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=16, choices=ConsentOutcome.choices, blank=True)
    note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(resolved_at__isnull=True), name="one_open_consent_task"
            )
        ]

    def __str__(self) -> str:
        return f"Consent task on {self.case}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
