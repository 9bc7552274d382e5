"""The potential victim as a person, apart from any one referral or case.

A person can be referred more than once (a re-referral, a possible re-trafficking), have
their age assessed, go missing and be supported by a guardian: all of that attaches to the
person, and record linkage has its home here.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opennrm.people.domain import AgeOutcome as AgeOutcomeValue
from opennrm.people.domain import Gender as GenderValue
from opennrm.people.domain import LinkStatus as LinkStatusValue


class Gender(models.TextChoices):
    FEMALE = GenderValue.FEMALE, _("Female")
    MALE = GenderValue.MALE, _("Male")
    OTHER = GenderValue.OTHER, _("Other")


class Person(models.Model):
    """Someone referred as a potential victim of modern slavery.

    Identity fields are empty for an anonymous Duty to Notify report (MSA 2015 s52(3)): such
    a person is counted, never identified.
    """

    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    estimated_age = models.PositiveSmallIntegerField(_("estimated age"), null=True, blank=True)
    age_disputed = models.BooleanField(_("age disputed"), default=False)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    nationalities = models.JSONField(default=list, blank=True)
    under_18_at_referral = models.CharField(max_length=8)
    under_18_at_exploitation = models.CharField(max_length=8, blank=True)
    # Where earlier referrals of the same person are looked up (``domain.match_key``): the
    # date of birth, indexed, so a new referral never scans every person.
    match_key = models.CharField(max_length=10, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("person")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        return name or str(_("Not recorded"))

    @property
    def age_uncertain(self) -> bool:
        """Whether their age is disputed or was "not sure" at referral: MSA 2015 s51, they
        are treated as a child until an age assessment settles it."""
        return self.age_disputed or self.under_18_at_referral == "not_sure"


class AgeOutcome(models.TextChoices):
    CHILD = AgeOutcomeValue.CHILD, _("A child (under 18)")
    ADULT = AgeOutcomeValue.ADULT, _("An adult (18 or over)")


class AgeAssessment(models.Model):
    """An age assessment of a person whose age was in doubt, as the assessing authority
    made it.

    MSA 2015 s51: until one is recorded, someone who may be a child is treated as a child.
    Assessments are made only where there is significant reason to doubt the age given;
    ``significant_doubt_documented`` records that the reason was written down.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="age_assessments")
    assessing_authority = models.CharField(_("assessing authority"), max_length=200)
    assessed_on = models.DateField(_("date of the assessment"))
    outcome = models.CharField(_("outcome"), max_length=8, choices=AgeOutcome.choices)
    date_of_birth_found = models.DateField(_("date of birth found"), null=True, blank=True)
    significant_doubt_documented = models.BooleanField(_("significant doubt documented"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["assessed_on", "id"]

    def __str__(self) -> str:
        return f"Age assessment {self.pk} ({self.outcome})"


class MissingEpisode(models.Model):
    """A time a person (usually a child in care) went missing, and when they came back.

    A missing child is a child-protection matter: the police and the child's local
    authority are told, and the case is suspended while they are missing.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="missing_episodes")
    went_missing_at = models.DateTimeField(_("went missing"))
    returned_at = models.DateTimeField(_("came back"), null=True, blank=True)
    police_notified_at = models.DateTimeField(_("police told"), null=True, blank=True)
    police_reference = models.CharField(_("police reference"), max_length=50, blank=True)
    local_authority_notified_at = models.DateTimeField(
        _("local authority told"), null=True, blank=True
    )
    circumstances = models.TextField(_("circumstances"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-went_missing_at", "-id"]
        indexes = [models.Index(fields=["person", "returned_at"], name="missing_open_by_person")]
        constraints = [
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True)
                | Q(returned_at__gte=models.F("went_missing_at")),
                name="missing_returns_after_it_starts",
            ),
            # One open episode at a time: a child cannot go missing twice at once.
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(returned_at__isnull=True),
                name="one_open_missing_episode",
            ),
        ]

    def __str__(self) -> str:
        return f"Missing episode {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.returned_at is None


class LinkStatus(models.TextChoices):
    OPEN = LinkStatusValue.OPEN, _("To be confirmed")
    CONFIRMED = LinkStatusValue.CONFIRMED, _("Confirmed: the same person, referred again")
    REJECTED = LinkStatusValue.REJECTED, _("Rejected: a different person")


class PossibleRetrafficking(models.Model):
    """A new referral that may be of someone already known (the same name allowing for
    spelling variants, date of birth and a nationality): possibly trafficked again.

    The records are never merged: a decision maker confirms or rejects the link, and the
    reason stays with it.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="possible_earlier")
    earlier = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="possible_later")
    status = models.CharField(max_length=16, choices=LinkStatus.choices, default=LinkStatus.OPEN)
    reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "earlier"], name="one_flag_per_pair"),
            models.CheckConstraint(
                condition=~Q(person=models.F("earlier")), name="flag_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"Possible re-trafficking {self.pk}"
