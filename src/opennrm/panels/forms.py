"""Forms for panels, meetings, panel decisions, guardians and safeguarding (GOV.UK)."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opennrm.cases.forms import CONSULTEES
from opennrm.core.form_fields import long_text, radios, short_text
from opennrm.core.govuk_forms import GovukDateField, GovukForm
from opennrm.panels.models import Agency, ConsentOutcome, GuardianSupportKind
from opennrm.people.models import AgeOutcome


def _date(label: Any, message: Any, *, required: bool = True, **kwargs: Any) -> GovukDateField:
    return GovukDateField(
        label=label,
        required=required,
        error_messages={"required": message},
        **kwargs,
    )


def _time(label: Any, *, required: bool = False) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        help_text=_("24-hour clock, for example 21:30"),
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={
            "required": _("Enter the time, like 21:30"),
            "invalid": _("Enter a real time, like 21:30"),
        },
    )


def at(
    day: datetime.date | None, time: datetime.time | None, *, latest: bool = False
) -> datetime.datetime | None:
    """A day and (optionally) a time as an aware moment in the service's time zone.

    Without a time: the start of the day, or with ``latest`` the end of it (now, for
    today), so that a child who went missing "on Monday" is counted missing from its start
    and one who came back "today" came back by now.
    """
    if day is None:
        return None
    if time is None and latest:
        if day >= timezone.localdate():
            return timezone.now()
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))
    return timezone.make_aware(datetime.datetime.combine(day, time or datetime.time(0, 0)))


class MemberForm(GovukForm):
    email = forms.EmailField(
        label=_("Their e-mail address"),
        help_text=_("They must already have an account."),
        error_messages={
            "required": _("Enter their e-mail address"),
            "invalid": _("Enter an e-mail address like name@example.gov.uk"),
        },
    )
    agency = radios(_("Which agency do they sit for?"), Agency.choices, _("Select the agency"))
    chairs = forms.BooleanField(label=_("They may chair the panel's meetings"), required=False)


class MeetingForm(GovukForm):
    held_on = _date(_("Date of the meeting"), _("Enter the date of the meeting"))
    chair = forms.ChoiceField(
        label=_("Who chairs it?"),
        error_messages={
            "required": _("Select the chair"),
            "invalid_choice": _("Select the chair from the list"),
        },
    )

    def __init__(self, *args: Any, chairs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = [("", _("Select the chair")), *chairs]  # type: ignore[attr-defined]


class AttendanceForm(GovukForm):
    attendees = forms.MultipleChoiceField(
        label=_("Who sat at the meeting?"),
        help_text=_("The chair is always recorded as present."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Select members of the panel from the list")},
    )

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = members  # type: ignore[attr-defined]


class AgendaForm(GovukForm):
    reference = short_text(
        _("Case reference"),
        required_message=_("Enter the case reference"),
        max_length=32,
        help_text=_("For example, NRM-2026-000123"),
    )


class PanelDecisionForm(GovukForm):
    """A panel's decision, with what it must record beside it."""

    outcome = radios(
        _("Decision"),
        [("positive", _("Positive")), ("negative", _("Negative"))],
        _("Select the decision"),
    )
    rationale = long_text(
        _("Reasons for the decision"), required_message=_("Enter the reasons for the decision")
    )
    child_wishes_and_feelings = long_text(
        _("The child's voice: their wishes and feelings"),
        help_text=_("In the child's own words where possible."),
    )
    best_interests = long_text(
        _("How the child's best interests were weighed"),
        help_text=_("Required for every decision about a child."),
    )
    section_47_reference = short_text(_("Section 47 enquiry reference (optional)"), max_length=100)
    strategy_discussion_on = _date(
        _("Date of the strategy discussion (optional)"), "", required=False, past_only=True
    )
    child_protection_plan = forms.BooleanField(
        label=_("The child has a child protection plan"), required=False
    )
    lead_social_worker_name = short_text(_("Lead social worker's name"))
    lead_social_worker_email = forms.EmailField(
        label=_("Lead social worker's e-mail address"),
        required=False,
        help_text=_("The chair of the meeting must not be the child's lead social worker."),
        error_messages={"invalid": _("Enter an e-mail address like name@council.gov.uk")},
    )
    consultations = forms.MultipleChoiceField(
        label=_("Who was consulted before this decision?"),
        choices=CONSULTEES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Required before a negative conclusive grounds decision."),
    )
    dissent = long_text(
        _("Dissent (optional)"), help_text=_("Where members disagreed, who and why.")
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, stage: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if stage == "reasonable_grounds":
            del self.fields["consultations"]


class GuardianForm(GovukForm):
    kind = radios(
        _("What support does the child need?"),
        GuardianSupportKind.choices,
        _("Select direct or indirect support"),
    )
    guardian = forms.ChoiceField(
        label=_("Their guardian"),
        required=False,
        help_text=_("Leave empty to refer the child and let the guardian service assign one."),
        error_messages={"invalid_choice": _("Select a guardian from the list")},
    )

    def __init__(self, *args: Any, guardians: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guardian"].choices = [("", _("Not yet")), *guardians]  # type: ignore[attr-defined]


class NoteForm(GovukForm):
    text = long_text(
        _("Your note"),
        required_message=_("Enter your note"),
        help_text=_("The child's decision makers and others who work on the case will see it."),
    )


class AgeAssessmentForm(GovukForm):
    assessing_authority = short_text(
        _("Assessing authority"),
        required_message=_("Enter the authority that assessed their age"),
        help_text=_("The local authority whose social workers carried out the assessment."),
    )
    assessed_on = _date(
        _("Date of the age assessment"), _("Enter the date of the age assessment"), past_only=True
    )
    outcome = radios(
        _("What did the assessment find?"),
        AgeOutcome.choices,
        _("Select whether the assessment found a child or an adult"),
    )
    date_of_birth_found = _date(
        _("Date of birth the assessment found (optional)"), "", required=False, past_only=True
    )
    significant_doubt_documented = forms.BooleanField(
        label=_("The significant reason to doubt their age was written down"), required=False
    )


class MissingForm(GovukForm):
    went_missing_on = _date(
        _("When did they go missing?"), _("Enter the date they went missing"), past_only=True
    )
    went_missing_time = _time(_("At what time? (optional)"))
    police_notified = forms.BooleanField(label=_("The police have been told"), required=False)
    police_reference = short_text(_("Police reference (optional)"), max_length=50)
    local_authority_notified = forms.BooleanField(
        label=_("The child's local authority has been told"), required=False
    )
    circumstances = long_text(_("Circumstances (optional)"))


class ReturnForm(GovukForm):
    returned_on = _date(
        _("When did they come back?"), _("Enter the date they came back"), past_only=True
    )
    returned_time = _time(_("At what time? (optional)"))


class ConsentForm(GovukForm):
    outcome = radios(
        _("Do they consent to stay in the NRM?"),
        ConsentOutcome.choices,
        _("Select whether they consent"),
    )
    note = long_text(_("Notes (optional)"))


class RetraffickingForm(GovukForm):
    confirmed = radios(
        _("Is this the same person, referred again?"),
        [("yes", _("Yes: the same person, possibly trafficked again")), ("no", _("No"))],
        _("Select yes or no"),
    )
    reason = long_text(_("Why?"), required_message=_("Enter why you confirm or reject the link"))
