"""The potential victim as a person, apart from any one referral or case.

A person can be referred more than once (a re-referral, a possible re-trafficking), have
their age assessed, go missing and be supported by a guardian: all of that attaches to the
person, and record linkage has its home here.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opennrm.people.domain import Gender as GenderValue


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
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("person")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        return name or str(_("Not recorded"))
