"""The questions of the referral journey, one GOV.UK form per page.

Each form's field names are the keys under which the draft stores the answers
(``journey.to_submission`` turns them into a ``ReferralSubmission``). Forms that depend on
earlier answers (age, identity) are given the draft's ``answers``.
"""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from opennrm.core import reference_data
from opennrm.core.form_fields import long_text, radios, short_text
from opennrm.core.govuk_forms import GovukApproximateDateField, GovukDateField, GovukForm
from opennrm.referrals import choices
from opennrm.referrals.choices import YES_NO, YES_NO_NOT_SURE
from opennrm.referrals.domain import age_on, age_problems
from opennrm.referrals.draft_answers import duty_to_notify, keeps_identity
from opennrm.referrals.schema import SHORT_TEXT

CONSENT_STATEMENT = (
    "The National Referral Mechanism (NRM) is how the UK identifies victims of modern "
    "slavery and makes sure they get support. If you agree to be referred, your details "
    "will be shared with the people who decide whether you are a victim and who arrange "
    "support. You can withdraw from the NRM at any time before a decision."
)
MAX_SITUATIONS = 20
MAX_HOME_OFFICE_REFERENCES = 5
# More choices than this are a list to type into rather than radios.
LONG_LIST = 10
EMAIL_FORMAT = _("Enter an email address in the correct format, like name@example.com")


def required(message: str | Any) -> dict[str, Any]:
    return {"required": message}


def email(label: Any, *, required_message: Any = None) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        required=required_message is not None,
        max_length=254,
        error_messages={"required": required_message or "", "invalid": EMAIL_FORMAT},
    )


def checkboxes(
    label: Any, choices: list[tuple[str, Any]], *, message: Any = None, **kwargs: Any
) -> forms.MultipleChoiceField:
    """A question with several answers: every box ticked is kept."""
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=message is not None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": message or "", "invalid_choice": message or ""},
        **kwargs,
    )


def autocomplete_select(label: Any, **kwargs: Any) -> forms.ChoiceField:
    """A long list: a plain select, which ``app.js`` turns into a type-ahead."""
    return forms.ChoiceField(
        label=label, widget=forms.Select(attrs={"data-autocomplete": "true"}), **kwargs
    )


def approximate_date(label: Any, *, event: Any, subject: Any, **kwargs: Any) -> Any:
    return GovukApproximateDateField(
        label=label, event=event, subject=subject, required=False, **kwargs
    )


class JourneyForm(GovukForm):
    """A page of the journey. ``answers`` returns what the draft stores for this page."""

    title: Any = ""

    def __init__(self, *args: Any, answers: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.draft_answers: dict[str, Any] = answers or {}

    def answers(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if hasattr(value, "isoformat"):
                value = value.isoformat()
            result[name] = value
        return result

    def today(self) -> date:
        return timezone.localdate()


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
        choices.NATIONS,
        _("Select the UK nation you are in"),
        help_text=_("Deadlines are counted in working days of this nation."),
    )

    def __init__(self, *args: Any, organisations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        if len(organisations) > LONG_LIST:
            # Too many to read as radios: a list to type into (app.js), a select without JS.
            field.widget = forms.Select(attrs={"data-autocomplete": "true"})
            organisations = [("", _("Select an organisation")), *organisations]  # type: ignore[list-item]
        field.choices = organisations  # type: ignore[attr-defined]


# MSA 2015 s51: an answer about age that says the person may be under 18 cannot go down the
# adult route. The words name the contradiction; domain.age_problems decides when.
AGE_CONTRADICTIONS = {
    ("yes", "date_of_birth"): _(
        "The date of birth makes them %(age)s, but you said they are under 18"
    ),
    ("yes", "estimated_age"): _(
        "You said they are under 18, but estimated their age as %(estimated)s: if you are "
        "not sure, say so"
    ),
    ("no", "date_of_birth"): _(
        "The date of birth makes them %(age)s: anyone under 18 must be referred as a child"
    ),
    ("no", "estimated_age"): _(
        "You said they are not under 18, but estimated their age as %(estimated)s: anyone who "
        "may be under 18 must be referred as a child"
    ),
    ("no", "age_disputed"): _(
        "You said their age is disputed, so they may be under 18: anyone who may be under 18 "
        "must be referred as a child"
    ),
}


def age_contradictions(
    *,
    under_18: str | None,
    date_of_birth: date | str | None,
    estimated_age: int | None,
    age_disputed: bool,
    today: date,
) -> list[tuple[str, str]]:
    """(field, message) for every contradiction between the answers about age."""
    if under_18 not in ("yes", "no", "not_sure"):
        return []
    birth = date.fromisoformat(date_of_birth) if isinstance(date_of_birth, str) else date_of_birth
    found = []
    for problem in age_problems(
        under_18=under_18,
        date_of_birth=birth,
        estimated_age=estimated_age,
        age_disputed=age_disputed,
        today=today,
    ):
        field = str(problem.loc[-1])
        age = age_on(birth, today) if birth else None
        message = AGE_CONTRADICTIONS[(under_18, field)] % {
            "age": age,
            "estimated": estimated_age,
        }
        found.append((field, str(message)))
    return found


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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        a = self.draft_answers
        contradictions = age_contradictions(
            under_18=cleaned.get("under_18"),
            date_of_birth=a.get("date_of_birth") or None,
            estimated_age=a.get("estimated_age"),
            age_disputed=a.get("age_disputed") == "yes",
            today=self.today(),
        )
        for _field, message in contradictions:
            self.add_error("under_18", message)
        return cleaned


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

    local_authority = autocomplete_select(
        _("Local authority"),
        help_text=_(
            "The council with children's services duties that you have told about this child. "
            "In Northern Ireland, the Health and Social Care Trust."
        ),
        error_messages={
            "required": _("Select the local authority"),
            "invalid_choice": _("Select a local authority from the list"),
        },
    )
    contact_name = short_text(
        _("Children's services contact name"),
        required_message=_("Enter the name of the children's services contact"),
    )
    contact_email = email(_("Email address"))
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
            (name, name) for name in reference_data.childrens_services_authority_names()
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
        _("Other names they are known by (optional)"),
        help_text=_("Nicknames or names used during the exploitation. Put each on a new line."),
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

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        contradictions = age_contradictions(
            under_18=self.draft_answers.get("under_18"),
            date_of_birth=cleaned.get("date_of_birth"),
            estimated_age=cleaned.get("estimated_age"),
            age_disputed=cleaned.get("age_disputed") == "yes",
            today=self.today(),
        )
        for field, message in contradictions:
            self.add_error(field, message)
        return cleaned


class GenderForm(JourneyForm):
    title = _("Gender")
    page_heading_field = "gender"

    gender = radios(_("What is their gender?"), choices.GENDERS, _("Select their gender"))


class NationalityForm(JourneyForm):
    title = _("Nationality")

    nationality_1 = autocomplete_select(
        _("Nationality"),
        help_text=_("Start typing, then choose from the list. Choose Unknown if not known."),
        error_messages={
            "required": _("Select a nationality, or Unknown"),
            "invalid_choice": _("Select a nationality from the list"),
        },
    )
    nationality_2 = autocomplete_select(
        _("Second nationality (optional)"),
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


# Answers that identify the person; a Duty to Notify report without cooperation does not
# ask them (MSA 2015 s52(3)).
IDENTIFYING_BACKGROUND = ("place_of_birth", "family")


class BackgroundForm(JourneyForm):
    title = _("Their background")

    place_of_birth = short_text(_("Place of birth (optional)"), help_text=_("Town or village."))
    family = long_text(_("Family (optional)"), help_text=_("Parents and brothers or sisters."))
    education = long_text(_("Education and what they did after leaving school (optional)"))
    employment_history = long_text(_("Employment history and working conditions (optional)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not keeps_identity(self.draft_answers):
            for name in IDENTIFYING_BACKGROUND:
                del self.fields[name]


class ChildrenForm(JourneyForm):
    title = _("Their children")

    has_children = radios(
        _("Do they have any children?"), YES_NO, _("Select whether they have any children")
    )
    number_of_children = forms.IntegerField(
        label=_("If yes, how many? (optional)"),
        required=False,
        min_value=1,
        max_value=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": _("Enter the number of children as a whole number, like 2"),
            "min_value": _("The number of children must be 1 or more"),
            "max_value": _("The number of children must be 30 or fewer"),
        },
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("number_of_children") and cleaned.get("has_children") == "no":
            self.add_error(
                "number_of_children",
                _("You said they have no children: leave the number blank, or answer yes"),
            )
        return cleaned


class LanguageForm(JourneyForm):
    title = _("Language and communication")

    languages = short_text(
        _("Languages they speak (optional)"), help_text=_("Separate languages with commas.")
    )
    interpreter_needed = radios(
        _("Do they need an interpreter?"), YES_NO, _("Select whether they need an interpreter")
    )
    communication_needs = long_text(
        _("Other help with communication (optional)"),
        help_text=_("For example, a hearing aid or a sign language interpreter."),
    )


class HomeOfficeReferenceForm(JourneyForm):
    title = _("Home Office references")

    home_office_references = long_text(
        _("Home Office references (optional)"),
        help_text=_(
            "For example, a visa application or port reference. Put each on a new line, up to "
            "5. They are kept apart from the referral: decision makers do not see them."
        ),
    )

    def clean_home_office_references(self) -> str:
        value: str = self.cleaned_data.get("home_office_references") or ""
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        if len(lines) > MAX_HOME_OFFICE_REFERENCES:
            raise forms.ValidationError(_("Enter up to 5 Home Office references"))
        if any(len(line) > SHORT_TEXT for line in lines):
            raise forms.ValidationError(
                _("Each reference must be %(limit)s characters or fewer") % {"limit": SHORT_TEXT}
            )
        return "\n".join(lines)


class ExploitationForm(JourneyForm):
    title = _("What happened to them")

    behaviours = checkboxes(
        _("What were they made to do, or what happened to them?"),
        choices.BEHAVIOURS,
        message=_("Select what they were made to do or what happened to them"),
        help_text=_("Select all that apply."),
    )
    county_lines = forms.BooleanField(label=_("This is county lines exploitation"), required=False)
    other_details = long_text(_("If something else, describe it"))
    location = radios(
        _("Where did the exploitation happen?"), choices.LOCATIONS, _("Select where it happened")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["behaviours"].choice_hints = choices.BEHAVIOUR_HINTS  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        behaviours = cleaned.get("behaviours") or []
        if "other" in behaviours and not cleaned.get("other_details"):
            self.add_error("other_details", _("Describe what else happened to them"))
        if (
            cleaned.get("county_lines")
            and behaviours
            and not {"forced_crime", "forced_fraud"} & set(behaviours)
        ):
            self.add_error(
                "county_lines",
                _(
                    "County lines is criminal exploitation: select that they were forced to "
                    "commit a crime too"
                ),
            )
        return cleaned


class AccountForm(JourneyForm):
    title = _("The person's account")
    page_heading_field = "account"

    account = long_text(
        _("What happened to the person?"),
        required_message=_("Enter the person's account of what happened"),
        help_text=_(
            "In their words where you can: how they were treated, what an average day was "
            "like and, if they were trafficked, where they were recruited and how they "
            "travelled."
        ),
    )


class SituationForm(JourneyForm):
    """One exploitation situation. A referral may have several (add another)."""

    title = _("An exploitation situation")

    started_on = approximate_date(
        _("When did it start?"),
        event=_("it started"),
        subject=_("The date it started"),
        help_text=_(
            "For example, 14 3 2025. If they only know the month or year, enter just those, "
            "like 3 2025 or 2025."
        ),
    )
    ended_on = approximate_date(
        _("When did it end?"),
        event=_("it ended"),
        subject=_("The date it ended"),
        help_text=_("Leave blank if it has not ended. The month or year alone will do."),
    )
    still_in_situation = radios(
        _("Are they still in this situation?"),
        YES_NO_NOT_SURE,
        _("Select whether they are still in this situation"),
    )
    uk_places = short_text(
        _("Towns or cities in the UK (optional)"), help_text=_("Separate places with commas.")
    )
    overseas_country_1 = autocomplete_select(
        _("Country overseas (optional)"),
        required=False,
        help_text=_("Start typing, then choose from the list."),
        error_messages={"invalid_choice": _("Select a country from the list")},
    )
    overseas_country_2 = autocomplete_select(
        _("Second country (optional)"),
        required=False,
        error_messages={"invalid_choice": _("Select a country from the list")},
    )
    overseas_country_3 = autocomplete_select(
        _("Third country (optional)"),
        required=False,
        error_messages={"invalid_choice": _("Select a country from the list")},
    )
    places_details = long_text(
        _("Addresses or other details of where (optional)"),
        help_text=_("Anything that may help find where it happened."),
    )
    how_it_started = long_text(
        _("How did it start? (optional)"),
        help_text=_("What they were promised, what they expected to do and to be paid."),
    )
    moved = radios(
        _("Did the exploiters take them somewhere?"),
        YES_NO,
        _("Select whether the exploiters took them somewhere"),
        required=False,
    )
    journey = long_text(
        _("If yes, how were they moved? (optional)"),
        help_text=_("How the journey began, the transport, routes, places and times."),
    )
    what_they_were_made_to_do = long_text(
        _("What were they made to do? (optional)"),
        help_text=_("An average day: the work, the hours and any breaks."),
    )
    how_they_were_treated = long_text(_("How were they treated? (optional)"))
    living_conditions = long_text(
        _("What were their living conditions? (optional)"),
        help_text=_("Where they slept, and whether they had food and a bathroom."),
    )
    why_they_stayed = long_text(
        _("What kept them there? (optional)"),
        help_text=_("Threats, force, debts, or documents taken from them."),
    )
    how_they_left = long_text(
        _("How and why did they leave? (optional)"),
        help_text=_("Whether it was their decision, and whether anyone helped them."),
    )
    last_contact_on = approximate_date(
        _("When were they last in contact with the exploiters? (optional)"),
        event=_("they were last in contact"),
        subject=_("The date of the last contact"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Overseas: the form's list less the United Kingdom.
        countries = [("", _("Select a country"))] + [
            (name, name) for name in reference_data.country_names() if name != "United Kingdom"
        ]
        stored = self.initial.get("overseas_countries") or []
        if isinstance(stored, str):  # drafts saved when countries were typed
            stored = [part.strip() for part in stored.split(",") if part.strip()]
        extra = [(name, name) for name in stored if name not in dict(countries)]
        for number, name in enumerate(COUNTRY_FIELDS, start=1):
            self.fields[name].choices = countries + extra  # type: ignore[attr-defined]
            if len(stored) >= number:
                self.initial.setdefault(name, stored[number - 1])

    def answers(self) -> dict[str, Any]:
        result = super().answers()
        chosen = [result.pop(name) for name in COUNTRY_FIELDS]
        result["overseas_countries"] = list(dict.fromkeys(c for c in chosen if c))
        return result

    def clean(self) -> dict[str, Any]:
        from opennrm.core import approximate_dates

        cleaned = super().clean() or {}
        started, ended = cleaned.get("started_on"), cleaned.get("ended_on")
        if (
            started
            and ended
            and not approximate_dates.is_after(
                approximate_dates.parse(ended), approximate_dates.parse(started)
            )
        ):
            self.add_error("ended_on", _("The date it ended must be after the date it started"))
        if cleaned.get("journey") and cleaned.get("moved") != "yes":
            self.add_error(
                "moved",
                _("You described how they were moved: select yes, or remove the description"),
            )
        known = set(reference_data.country_names())
        seen: set[str] = set()
        for name in COUNTRY_FIELDS:
            country = cleaned.get(name)
            if not country:
                continue
            if country not in known:
                self.add_error(name, _("Select a country from the list"))
            elif country in seen:
                self.add_error(name, _("Choose each country once"))
            seen.add(country)
        return cleaned


COUNTRY_FIELDS = ("overseas_country_1", "overseas_country_2", "overseas_country_3")


class AddAnotherSituationForm(GovukForm):
    page_heading_field = None

    add_another = radios(
        _("Do you need to add another situation?"),
        YES_NO,
        _("Select whether you need to add another situation"),
        help_text=_("Another period or kind of exploitation, even if it is different."),
    )


class RemoveSituationForm(GovukForm):
    page_heading_field = None

    confirm = radios(
        _("Are you sure you want to remove this situation?"),
        YES_NO,
        _("Select yes if you want to remove this situation"),
    )


class LastContactForm(JourneyForm):
    title = _("Last contact with the exploiters")

    last_contact_band = radios(
        _("When were the person and the exploiters last in contact?"),
        choices.LAST_CONTACT_BANDS,
        _("Select when they were last in contact"),
        help_text=_("In person, by phone, messages, email, letter or through someone else."),
    )
    last_contact_details = long_text(_("Details of the last contact (optional)"))


class ReportingForm(JourneyForm):
    title = _("Reporting it")

    first_chance = radios(
        _("Is this the first chance they have had to report this?"),
        YES_NO_NOT_SURE,
        _("Select whether this is the first chance they have had to report this"),
    )
    why_now = long_text(
        _("Why are they reporting it now? (optional)"),
        help_text=_("Anything that stopped them reporting it sooner."),
    )


class CurrentLocationForm(JourneyForm):
    title = _("Where they are staying now")

    current_town = short_text(_("Town or city (optional)"), help_text=_("Not their address."))
    current_region = autocomplete_select(
        _("County or region (optional)"),
        required=False,
        error_messages={"invalid_choice": _("Select a county or region from the list")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["current_region"].choices = [("", _("Select a county or region"))] + [  # type: ignore[attr-defined]
            (name, name) for name in reference_data.region_names()
        ]


class ExploitersForm(JourneyForm):
    title = _("The exploiters")

    exploiters = long_text(
        _("What do you know about the exploiters? (optional)"),
        help_text=_(
            "Names or nicknames, the languages they spoke, gangs, descriptions such as tattoos, "
            "vehicles and how they made contact."
        ),
    )
    whereabouts_known = radios(
        _("Do you know anything about where the exploiters are now?"),
        YES_NO,
        _("Select whether you know anything about where the exploiters are"),
        help_text=_("Even if it may be out of date."),
    )
    exploiters_in_uk = radios(
        _("If yes, are they in the UK? (optional)"), YES_NO_NOT_SURE, "", required=False
    )
    whereabouts_details = long_text(
        _("Where are they? (optional)"),
        help_text=_("A general or exact place, or who else knows."),
    )


class AssessmentForm(JourneyForm):
    title = _("Your assessment")

    indicators = checkboxes(
        _("Which indicators of modern slavery have you seen?"),
        choices.INDICATORS,
        help_text=_("Select all that apply."),
    )
    indicators_details = long_text(_("Tell us about the indicators (optional)"))
    reason_for_referral = long_text(_("Why are you making this referral? (optional)"))
    interview = long_text(
        _("Where and how was the person interviewed? (optional)"),
        help_text=_(
            "Whether they needed breaks, how many sessions, and any safeguarding concerns."
        ),
    )
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


class ProfessionalsForm(JourneyForm):
    title = _("Other professionals involved")
    page_heading_field = "professionals"

    professionals = checkboxes(
        _("Which other professionals are involved with them?"),
        choices.PROFESSIONALS,
        help_text=_("Select all that apply, or none."),
    )
    professionals_details = long_text(
        _("Who are they, and what have they done? (optional)"),
        help_text=_("Names, contact details, referrals made, actions taken, reference numbers."),
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
        _("Are you concerned they may be exploited again? (optional)"),
        help_text=_("Your reasons, and any concerns of other professionals."),
    )


class PoliceForm(JourneyForm):
    title = _("The police and investigations")

    crime_reference = short_text(
        _("Crime reference number (optional)"),
        help_text=_("If the police have recorded a modern slavery crime against them."),
    )
    police_force = autocomplete_select(
        _("Police force (optional)"),
        required=False,
        error_messages={"invalid_choice": _("Select a police force from the list")},
    )
    cooperates = radios(
        _("Are they willing to help with investigations or criminal proceedings?"),
        YES_NO,
        _("Select whether they are willing to help with investigations"),
    )
    cooperation_details = long_text(_("How are they helping, or will they help? (optional)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["police_force"].choices = [("", _("Select a police force"))] + [  # type: ignore[attr-defined]
            (name, name) for name in reference_data.police_force_names()
        ]
        if duty_to_notify(self.draft_answers):
            # Asked already, with the refusal: it decides what the report may hold.
            del self.fields["cooperates"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("police_force") and not cleaned.get("crime_reference"):
            self.add_error(
                "crime_reference", _("Enter the crime reference number, or no police force")
            )
        return cleaned


class SupportForm(JourneyForm):
    title = _("Support")
    page_heading_field = "support_wanted"

    support_wanted = checkboxes(
        _("What support does the person want?"),
        choices.SUPPORT,
        help_text=_("Select all that apply, or none."),
    )


class ContactForm(JourneyForm):
    title = _("Contacting the person")

    contact_route = long_text(
        _("How can the person be contacted safely? (optional)"),
        help_text=_("For example, only through you, or at certain times."),
    )
    person_phone = short_text(_("Their phone number (optional)"), max_length=30)
    alternative_phone = short_text(
        _("Another number that reaches them (optional)"),
        max_length=30,
        help_text=_("Someone else's phone, if they have none of their own."),
    )
    alternative_phone_holder = short_text(
        _("Whose number is it, and how do they know the person?"),
    )
    person_email = email(_("Their email address (optional)"))
    contact_address = long_text(_("Their postal address (optional)"))
    safe_to_contact = radios(
        _("Is it safe to write to them at this email or address?"),
        YES_NO,
        _("Select whether it is safe to write to them"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("alternative_phone") and not cleaned.get("alternative_phone_holder"):
            self.add_error(
                "alternative_phone_holder",
                _("Enter whose number it is and how they know the person"),
            )
        return cleaned


class DecisionRecipientForm(JourneyForm):
    title = _("Who receives the decision")
    page_heading_field = None

    decision_recipient = radios(
        _("Who should the decision be sent to?"),
        choices.DECISION_RECIPIENTS,
        _("Select who the decision should be sent to"),
    )
    recipient_name = short_text(_("Their name (optional)"), max_length=100)
    recipient_relationship = short_text(_("How do they know the person? (optional)"))
    recipient_email = email(_("Their email address"))
    recipient_address = long_text(_("Their postal address"))
    recipient_permission = forms.BooleanField(
        label=_("The person has given permission for the decision to be sent to them"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision_recipient") != "someone_else":
            return cleaned
        if not (cleaned.get("recipient_email") or cleaned.get("recipient_address")):
            self.add_error(
                "recipient_email",
                _("Enter their email address or postal address"),
            )
        if not cleaned.get("recipient_permission"):
            self.add_error(
                "recipient_permission",
                _("The person must give permission for the decision to be sent to someone else"),
            )
        return cleaned


class FirstResponderForm(JourneyForm):
    title = _("Your details")

    responder_name = short_text(
        _("Your full name"), required_message=_("Enter your full name"), max_length=100
    )
    responder_job_title = short_text(_("Your job title (optional)"))
    responder_email = email(
        _("Your work email address"), required_message=_("Enter your work email address")
    )
    responder_phone = short_text(_("Your phone number (optional)"), max_length=30)
    responder_reference = short_text(
        _("Your reference (optional)"),
        help_text=_("Your own case reference. Do not use the person's full name."),
    )
    responder_alternative_contact = email(
        _("Colleague to contact if you are away (optional)"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responder_alternative_contact"].help_text = _(
            "The email address of a manager, colleague or team inbox."
        )


class EvidenceForm(GovukForm):
    """Upload one document, with what it is; the page lists those already uploaded."""

    document = forms.FileField(
        label=_("Upload a file"),
        help_text=_("PDF, Word document or image (PNG, JPEG or GIF), up to 25 MB each."),
        error_messages={
            "required": _("Select a file to upload"),
            "empty": _("The selected file is empty"),
        },
    )
    description = short_text(
        _("What is this document? (optional)"),
        max_length=500,
        help_text=_("For example, a letter from their GP."),
    )


class EvidenceToFollowForm(GovukForm):
    evidence_to_follow = long_text(
        _("Evidence you will send later (optional)"),
        help_text=_("Documents or other evidence you have not uploaded yet."),
    )
