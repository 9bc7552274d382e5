"""The questions of the referral journey, one GOV.UK form per page.

Each form's field names are the keys under which the draft stores the answers
(``journey.to_submission`` turns them into a ``ReferralSubmission``).
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from opennrm.core import reference_data
from opennrm.core.govuk_forms import GovukDateField, GovukForm
from opennrm.referrals.schema import LONG_TEXT, SHORT_TEXT

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_NOT_SURE = [("yes", _("Yes")), ("no", _("No")), ("not_sure", _("Not sure"))]
NATIONS = [
    ("england", _("England")),
    ("wales", _("Wales")),
    ("scotland", _("Scotland")),
    ("northern_ireland", _("Northern Ireland")),
]
CONSENT_STATEMENT = (
    "The National Referral Mechanism (NRM) is how the UK identifies victims of modern "
    "slavery and makes sure they get support. If you agree to be referred, your details "
    "will be shared with the people who decide whether you are a victim and who arrange "
    "support. You can withdraw from the NRM at any time before a decision."
)
INDICATORS = [
    ("restricted_movement", _("Movement restricted or controlled")),
    ("documents_held", _("Identity documents held by someone else")),
    ("debt_bondage", _("Owes a debt they cannot pay off")),
    ("no_pay", _("Not paid, or paid very little")),
    ("threats", _("Threats against them or their family")),
    ("violence", _("Physical or sexual violence")),
    ("isolation", _("Isolated, or does not know their address")),
    ("poor_conditions", _("Poor living or working conditions")),
    ("deception", _("Deceived about the work or journey")),
    ("criminality_forced", _("Made to commit crimes")),
]
EXPLOITATION_TYPES = [
    ("labour", _("Labour exploitation")),
    ("sexual", _("Sexual exploitation")),
    ("criminal", _("Criminal exploitation")),
    ("domestic_servitude", _("Domestic servitude")),
    ("organ_harvesting", _("Organ harvesting")),
    ("other", _("Other")),
]
LOCATIONS = [
    ("uk", _("In the UK")),
    ("overseas", _("Overseas")),
    ("uk_and_overseas", _("Both in the UK and overseas")),
    ("unknown", _("Not known")),
]
SUPPORT = [
    ("accommodation", _("Safe accommodation")),
    ("subsistence", _("Financial support")),
    ("counselling", _("Counselling")),
    ("legal_advice", _("Legal advice")),
    ("medical", _("Medical care")),
    ("translation", _("Interpreting and translation")),
    ("other", _("Other support")),
]


def required(message: str | Any) -> dict[str, Any]:
    return {"required": message}


def long_text(label: Any, *, required_message: Any = None, help_text: Any = "") -> forms.CharField:
    """A free-text answer. It is stored and shown as text, never as markup."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required_message is not None,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": required_message or "",
            "max_length": _("%(label)s must be %(limit)s characters or fewer")
            % {"label": label, "limit": f"{LONG_TEXT:,}"},
        },
    )


def short_text(label: Any, *, required_message: Any = None, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required_message is not None,
        max_length=kwargs.pop("max_length", SHORT_TEXT),
        error_messages={
            "required": required_message or "",
            "max_length": _("%(label)s must be %(limit)s characters or fewer")
            % {"label": label, "limit": SHORT_TEXT},
        },
        **kwargs,
    )


def radios(
    label: Any, choices: list[tuple[str, Any]], message: Any, **kwargs: Any
) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


class JourneyForm(GovukForm):
    """A page of the journey. ``answers`` returns what the draft stores for this page."""

    title: Any = ""

    def answers(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            result[name] = value
        return result


class OrganisationForm(JourneyForm):
    title = _("Who is making the referral")

    organisation = forms.TypedChoiceField(
        label=_("Which organisation are you referring for?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select the organisation you are referring for"),
            "invalid_choice": _("Select the organisation you are referring for"),
        },
    )
    nation = radios(
        _("Which UK nation are you in?"),
        NATIONS,
        _("Select the UK nation you are in"),
        help_text=_("Deadlines are counted in working days of this nation."),
    )

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations  # type: ignore[attr-defined]


class AgeForm(JourneyForm):
    title = _("Is the person under 18?")
    page_heading_field = "under_18"

    under_18 = radios(
        _("Is the person under 18?"),
        YES_NO_NOT_SURE,
        _("Select whether the person is under 18"),
        help_text=_(
            "If you are not sure, they will be treated as a child until their age is assessed."
        ),
    )


class AgeAtExploitationForm(JourneyForm):
    title = _("Were they under 18 when they were exploited?")
    page_heading_field = "under_18_at_exploitation"

    under_18_at_exploitation = radios(
        _("Were they under 18 at the time of the exploitation?"),
        YES_NO_NOT_SURE,
        _("Select whether they were under 18 at the time of the exploitation"),
        help_text=_("Someone referred as an adult may have been exploited as a child."),
    )


class ConsentForm(JourneyForm):
    title = _("Does the person consent to be referred?")
    page_heading_field = "consent"

    consent = radios(
        _("Does the person give informed consent to be referred into the NRM?"),
        YES_NO,
        _("Select whether the person consents to be referred"),
        help_text=_(
            "If they do not consent, you will make a Duty to Notify report instead, without "
            "their name or contact details."
        ),
    )

    def answers(self) -> dict[str, Any]:
        consented = self.cleaned_data["consent"] == "yes"
        return {
            "consent": self.cleaned_data["consent"],
            # The statement shown is recorded with the answer and when it was given.
            "consent_statement_shown": CONSENT_STATEMENT if consented else "",
        }


class RefusalForm(JourneyForm):
    title = _("Duty to Notify report")

    dtn_refusal_reason = long_text(
        _("Why did the person not consent to be referred?"),
        required_message=_("Enter why the person did not consent to be referred"),
    )
    cooperates = radios(
        _("Has the person agreed to cooperate with the authorities?"),
        YES_NO,
        _("Select whether the person agreed to cooperate with the authorities"),
        help_text=_(
            "If not, the report will not include their name, date of birth or contact details."
        ),
    )


class ChildContactForm(JourneyForm):
    title = _("Local authority children's services")

    local_authority = forms.ChoiceField(
        label=_("Local authority"),
        help_text=_("The local authority whose children's services you have contacted."),
        error_messages={
            "required": _("Select the local authority"),
            "invalid_choice": _("Select a local authority from the list"),
        },
    )
    contact_name = short_text(
        _("Children's services contact name"),
        required_message=_("Enter the name of the children's services contact"),
    )
    contact_email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com")
        },
    )
    contact_phone = short_text(_("Phone number"), max_length=30)
    childrens_services_informed = radios(
        _("Have children's services been told about this child?"),
        YES_NO,
        _("Select whether children's services have been told"),
    )
    police_informed = radios(
        _("Have the police been told about this child?"),
        YES_NO,
        _("Select whether the police have been told"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].choices = [("", _("Select a local authority"))] + [  # type: ignore[attr-defined]
            (name, name) for name in reference_data.local_authority_names()
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not (cleaned.get("contact_email") or cleaned.get("contact_phone")):
            self.add_error(
                "contact_email",
                _("Enter an email address or phone number for the children's services contact"),
            )
        return cleaned


class NameForm(JourneyForm):
    title = _("The person's name")

    given_name = short_text(
        _("Given name"), required_message=_("Enter the person's given name"), max_length=100
    )
    family_name = short_text(_("Family name"), max_length=100)
    aliases = long_text(
        _("Other names they are known by (optional)"), help_text=_("Put each name on a new line.")
    )


class DateOfBirthForm(JourneyForm):
    title = _("Date of birth")

    date_of_birth = GovukDateField(
        label=_("Date of birth"),
        required=False,
        past_only=True,
        help_text=_("For example, 27 3 2007. Leave it blank if you do not know it."),
    )
    estimated_age = forms.IntegerField(
        label=_("Estimated age, if you do not know their date of birth"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": _("Estimated age must be a whole number, like 16"),
            "min_value": _("Estimated age must be 0 or more"),
            "max_value": _("Estimated age must be 120 or less"),
        },
    )
    age_disputed = radios(
        _("Is their age disputed?"), YES_NO, _("Select whether their age is disputed")
    )


class GenderForm(JourneyForm):
    title = _("Gender")
    page_heading_field = "gender"

    gender = radios(
        _("What is the person's gender?"),
        [("female", _("Female")), ("male", _("Male")), ("other", _("Other"))],
        _("Select the person's gender"),
    )


class NationalityForm(JourneyForm):
    title = _("Nationality")

    nationality_1 = forms.ChoiceField(
        label=_("Nationality"),
        error_messages={
            "required": _("Select a nationality, or Unknown"),
            "invalid_choice": _("Select a nationality from the list"),
        },
    )
    nationality_2 = forms.ChoiceField(
        label=_("Second nationality (optional)"),
        required=False,
        error_messages={"invalid_choice": _("Select a nationality from the list")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = [(n, n) for n in reference_data.nationality_names()]
        self.fields["nationality_1"].choices = [("", _("Select a nationality")), *names]  # type: ignore[attr-defined]
        self.fields["nationality_2"].choices = [("", _("None")), *names]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("nationality_1"), cleaned.get("nationality_2")
        if first and second and first == second:
            self.add_error("nationality_2", _("The second nationality must be different"))
        return cleaned


class LanguageForm(JourneyForm):
    title = _("Language and communication")

    languages = short_text(
        _("Languages they speak (optional)"), help_text=_("Separate languages with commas.")
    )
    interpreter_needed = radios(
        _("Do they need an interpreter?"), YES_NO, _("Select whether they need an interpreter")
    )
    communication_needs = long_text(_("Other communication needs (optional)"))


class ExploitationForm(JourneyForm):
    title = _("Type of exploitation")

    types = forms.MultipleChoiceField(
        label=_("What type of exploitation is suspected?"),
        choices=EXPLOITATION_TYPES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply."),
        error_messages={"required": _("Select at least one type of exploitation")},
    )
    county_lines = forms.BooleanField(label=_("This is county lines exploitation"), required=False)
    other_details = long_text(_("If other, describe the exploitation"))
    location = radios(
        _("Where did the exploitation happen?"), LOCATIONS, _("Select where it happened")
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        types = cleaned.get("types") or []
        if "other" in types and not cleaned.get("other_details"):
            self.add_error("other_details", _("Describe the other type of exploitation"))
        if cleaned.get("county_lines") and types and "criminal" not in types:
            self.add_error(
                "county_lines",
                _("County lines is criminal exploitation: select criminal exploitation too"),
            )
        return cleaned


class AccountForm(JourneyForm):
    title = _("The person's account")
    page_heading_field = "account"

    account = long_text(
        _("What happened to the person?"),
        required_message=_("Enter the person's account of what happened"),
        help_text=_(
            "In their words where you can: how it started, what they were made to do, how "
            "they were treated and whether they are still in the situation."
        ),
    )


class SituationForm(JourneyForm):
    title = _("An exploitation situation")

    started_on = GovukDateField(label=_("When did it start?"), required=False, past_only=True)
    ended_on = GovukDateField(
        label=_("When did it end?"),
        required=False,
        past_only=True,
        help_text=_("Leave blank if it has not ended."),
    )
    uk_places = short_text(
        _("Places in the UK (optional)"), help_text=_("Towns or cities, separated by commas.")
    )
    overseas_countries = short_text(
        _("Countries overseas (optional)"), help_text=_("Separate countries with commas.")
    )
    how_it_started = long_text(_("How did it start? (optional)"))
    what_they_were_made_to_do = long_text(_("What were they made to do? (optional)"))
    how_they_were_treated = long_text(_("How were they treated? (optional)"))
    still_in_situation = radios(
        _("Are they still in this situation?"),
        YES_NO_NOT_SURE,
        _("Select whether they are still in this situation"),
    )
    last_contact_on = GovukDateField(
        label=_("When were they last in contact with the exploiters? (optional)"),
        required=False,
        past_only=True,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if started and ended and ended < started:
            self.add_error("ended_on", _("When did it end? must be after when it started"))
        countries = [c.strip() for c in (cleaned.get("overseas_countries") or "").split(",")]
        known = set(reference_data.country_names())
        unknown = [c for c in countries if c and c not in known]
        if unknown:
            self.add_error(
                "overseas_countries",
                _("%(country)s is not a country on the list") % {"country": unknown[0][:50]},
            )
        return cleaned


class AssessmentForm(JourneyForm):
    title = _("Your assessment")

    indicators = forms.MultipleChoiceField(
        label=_("Which indicators of modern slavery have you seen?"),
        choices=INDICATORS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply."),
    )
    interview = long_text(_("Where and how was the person interviewed? (optional)"))
    professional_insight = long_text(_("Your professional insight (optional)"))
    credibility_concerns = radios(
        _("Do you have any concerns about the credibility of the account?"),
        YES_NO,
        _("Select whether you have concerns about credibility"),
    )
    credibility_reasons = long_text(_("If yes, explain your concerns"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("credibility_concerns") == "yes" and not cleaned.get("credibility_reasons"):
            self.add_error("credibility_reasons", _("Explain your concerns about credibility"))
        return cleaned


class ExploitersForm(JourneyForm):
    title = _("Exploiters")
    page_heading_field = "exploiters"

    exploiters = long_text(
        _("What do you know about the exploiters? (optional)"),
        help_text=_("Names, descriptions, vehicles, addresses, how they made contact."),
    )


class RiskForm(JourneyForm):
    title = _("Risk")

    other_victims = radios(
        _("Are there other potential victims?"),
        YES_NO_NOT_SURE,
        _("Select whether there are other potential victims"),
    )
    other_victims_details = long_text(_("If yes, tell us about them (optional)"))
    future_exploitation_concerns = long_text(
        _("Are you concerned they may be exploited again? (optional)")
    )
    crime_reference = short_text(
        _("Crime reference number (optional)"), help_text=_("If the police have recorded a crime.")
    )


class SupportForm(JourneyForm):
    title = _("Support")
    page_heading_field = "support_wanted"

    support_wanted = forms.MultipleChoiceField(
        label=_("What support does the person want?"),
        choices=SUPPORT,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Select all that apply, or none."),
    )


class ContactForm(JourneyForm):
    title = _("Contacting the person")

    contact_route = long_text(
        _("How can the person be contacted safely? (optional)"),
        help_text=_("For example, only through you, or at certain times."),
    )
    person_phone = short_text(_("Their phone number (optional)"), max_length=30)
    person_email = forms.EmailField(
        label=_("Their email address (optional)"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Enter an email address in the correct format, like name@example.com")
        },
    )


class FirstResponderForm(JourneyForm):
    title = _("Your details")

    responder_name = short_text(
        _("Your full name"), required_message=_("Enter your full name"), max_length=100
    )
    responder_job_title = short_text(_("Your job title (optional)"))
    responder_email = forms.EmailField(
        label=_("Your work email address"),
        max_length=254,
        error_messages={
            "required": _("Enter your work email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )
    responder_phone = short_text(_("Your phone number (optional)"), max_length=30)


class EvidenceForm(GovukForm):
    """Upload one document; the page lists those already uploaded."""

    page_heading_field = "document"

    document = forms.FileField(
        label=_("Upload evidence (optional)"),
        help_text=_("PDF, Word document or image (PNG, JPEG or GIF), up to 25 MB each."),
        error_messages={
            "required": _("Select a file to upload"),
            "empty": _("The selected file is empty"),
        },
    )
