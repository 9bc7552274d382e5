"""The shape of a complete referral, shared by the browser journey, the API and imports.

One schema means one set of rules: a referral typed into the form and one sent by another
organisation's case system are checked the same way (``domain.check_referral``).
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Self

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from opennrm.core import approximate_dates as dates
from opennrm.people.domain import Gender
from opennrm.policy.calendar import Nation

SHORT_TEXT = 200
LONG_TEXT = 10_000

ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=SHORT_TEXT)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=LONG_TEXT)]


def _email(value: str) -> str:
    try:
        validate_email(value)
    except DjangoValidationError:
        raise ValueError(
            "Enter an email address in the correct format, like name@example.com"
        ) from None
    return value.lower()


EmailStr = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=254), AfterValidator(_email)
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
Phone = Annotated[str, StringConstraints(max_length=30)]


def _date_as_text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _approximate_date(value: str) -> str:
    try:
        return dates.parse(value).isoformat()
    except ValueError:
        raise ValueError(
            "Enter a real date as YYYY-MM-DD, or YYYY-MM or YYYY if only the month or year is known"
        ) from None


# A day, a month or a year, as ISO 8601 reduced precision ("2025-03-14", "2025-03", "2025"):
# people often remember only the month or the year their exploitation started.
ApproximateDate = Annotated[
    str,
    BeforeValidator(_date_as_text),
    AfterValidator(_approximate_date),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
            "description": "A date at the precision known: YYYY-MM-DD, YYYY-MM or YYYY.",
            "examples": ["2025-03-14", "2025-03", "2024"],
        }
    ),
]


class Strict(BaseModel):
    """Unknown fields are an error, so a misspelt field is never silently dropped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ReferralKind(StrEnum):
    NRM = "nrm"
    DTN = "dtn"


class YesNoNotSure(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


class ExploitationType(StrEnum):
    LABOUR = "labour"
    SEXUAL = "sexual"
    CRIMINAL = "criminal"
    DOMESTIC_SERVITUDE = "domestic_servitude"
    ORGAN_HARVESTING = "organ_harvesting"
    OTHER = "other"


class ExploitationBehaviour(StrEnum):
    """What the person was made to do or suffered, as the Home Office form asks it. Each
    maps to one of the published types of exploitation (``BEHAVIOUR_TYPES``)."""

    FORCED_TO_WORK = "forced_to_work"
    WAGES_TAKEN = "wages_taken"
    FORCED_FRAUD = "forced_fraud"
    FORCED_PROSTITUTION = "forced_prostitution"
    CHILD_SEXUAL_EXPLOITATION = "child_sexual_exploitation"
    HELD_AND_SEXUALLY_ASSAULTED = "held_and_sexually_assaulted"
    FORCED_CRIME = "forced_crime"
    ORGANS_REMOVED = "organs_removed"
    HOUSEHOLD_WORK = "household_work"
    OTHER = "other"


# The published type each behaviour is counted under in the official statistics.
BEHAVIOUR_TYPES: dict[ExploitationBehaviour, ExploitationType] = {
    ExploitationBehaviour.FORCED_TO_WORK: ExploitationType.LABOUR,
    ExploitationBehaviour.WAGES_TAKEN: ExploitationType.LABOUR,
    ExploitationBehaviour.FORCED_FRAUD: ExploitationType.CRIMINAL,
    ExploitationBehaviour.FORCED_PROSTITUTION: ExploitationType.SEXUAL,
    ExploitationBehaviour.CHILD_SEXUAL_EXPLOITATION: ExploitationType.SEXUAL,
    ExploitationBehaviour.HELD_AND_SEXUALLY_ASSAULTED: ExploitationType.SEXUAL,
    ExploitationBehaviour.FORCED_CRIME: ExploitationType.CRIMINAL,
    ExploitationBehaviour.ORGANS_REMOVED: ExploitationType.ORGAN_HARVESTING,
    ExploitationBehaviour.HOUSEHOLD_WORK: ExploitationType.DOMESTIC_SERVITUDE,
    ExploitationBehaviour.OTHER: ExploitationType.OTHER,
}


def published_types(
    types: list[ExploitationType], behaviours: list[ExploitationBehaviour]
) -> list[ExploitationType]:
    """The types given plus those the behaviours imply, once each, in the published order."""
    wanted = set(types) | {BEHAVIOUR_TYPES[b] for b in behaviours}
    return [t for t in ExploitationType if t in wanted]


class ExploitationLocation(StrEnum):
    UK = "uk"
    OVERSEAS = "overseas"
    UK_AND_OVERSEAS = "uk_and_overseas"
    UNKNOWN = "unknown"


class SupportNeed(StrEnum):
    ACCOMMODATION = "accommodation"
    SUBSISTENCE = "subsistence"
    COUNSELLING = "counselling"
    LEGAL_ADVICE = "legal_advice"
    MEDICAL = "medical"
    TRANSLATION = "translation"
    OTHER = "other"


class LastContactBand(StrEnum):
    """When the person and the exploiters were last in contact, in the Home Office form's
    bands (plus "within the last year", which the form leaves out between 6 and 12 months)."""

    WITHIN_LAST_WEEK = "within_last_week"
    WITHIN_LAST_MONTH = "within_last_month"
    WITHIN_LAST_3_MONTHS = "within_last_3_months"
    WITHIN_LAST_6_MONTHS = "within_last_6_months"
    WITHIN_LAST_YEAR = "within_last_year"
    OVER_A_YEAR_AGO = "over_a_year_ago"
    NOT_SURE = "not_sure"


class ProfessionalRole(StrEnum):
    LAWYER = "lawyer"
    HEALTH = "health"
    SOCIAL_WORKER = "social_worker"
    SUPPORT_WORKER = "support_worker"
    EDUCATION = "education"
    OTHER = "other"


class DecisionRecipient(StrEnum):
    PERSON = "person"
    SOMEONE_ELSE = "someone_else"


class AlternativePhoneIn(Strict):
    """A number that reaches the person through someone else."""

    number: Annotated[Phone, StringConstraints(min_length=1)]
    holder: Annotated[ShortText, StringConstraints(min_length=1)] = Field(
        description="Whose number it is and how they know the person."
    )


class PersonIn(Strict):
    """The potential victim. Identifying fields are dropped from a Duty to Notify report
    unless the person agreed to cooperate with the authorities (MSA 2015 s52)."""

    under_18: YesNoNotSure
    under_18_at_exploitation: YesNoNotSure | None = None
    consent: Annotated[
        bool | None, Field(description="Adults only: informed consent to enter the NRM.")
    ] = None
    consent_statement_shown: LongText | None = None
    dtn_refusal_reason: Annotated[
        LongText | None, Field(description="Duty to Notify: why the person did not consent.")
    ] = None
    cooperates_with_authorities: bool | None = None
    given_name: Name | None = None
    family_name: Name | None = None
    aliases: list[Name] = Field(default_factory=list, max_length=10)
    date_of_birth: date | None = None
    estimated_age: int | None = Field(None, ge=0, le=120)
    age_disputed: bool = False
    gender: Gender
    nationalities: list[ShortText] = Field(default_factory=list, max_length=2)
    languages: list[ShortText] = Field(default_factory=list, max_length=5)
    interpreter_needed: bool | None = None
    communication_needs: LongText | None = None
    contact_email: EmailStr | None = None
    contact_phone: Phone | None = None
    contact_address: LongText | None = None
    safe_to_contact: bool | None = None
    alternative_phone: AlternativePhoneIn | None = None
    has_children: bool | None = None
    number_of_children: int | None = Field(None, ge=0, le=30)
    cooperation_details: Annotated[
        LongText | None,
        Field(description="How the person is helping, or will help, investigations."),
    ] = None


class ChildContactIn(Strict):
    """Local authority children's services, who must be told about every child."""

    name: Name
    email: EmailStr | None = None
    phone: Phone | None = None
    childrens_services_informed: bool
    police_informed: bool


class SituationIn(Strict):
    """One exploitation situation in the person's account. Dates may be a day, a month or
    a year (``ApproximateDate``)."""

    started_on: ApproximateDate | None = None
    ended_on: ApproximateDate | None = None
    uk_places: list[ShortText] = Field(default_factory=list, max_length=20)
    overseas_countries: list[ShortText] = Field(default_factory=list, max_length=20)
    places_details: Annotated[
        LongText | None, Field(description="Addresses or other details of where it happened.")
    ] = None
    how_it_started: LongText = ""
    moved: Annotated[
        bool | None, Field(description="Whether the exploiters took them somewhere.")
    ] = None
    journey: Annotated[
        LongText | None, Field(description="How they were moved: routes, transport.")
    ] = None
    what_they_were_made_to_do: LongText = ""
    how_they_were_treated: LongText = ""
    living_conditions: LongText = ""
    why_they_stayed: Annotated[LongText, Field(description="What kept them in the situation.")] = ""
    how_they_left: LongText = ""
    still_in_situation: YesNoNotSure = YesNoNotSure.NOT_SURE
    last_contact_on: ApproximateDate | None = None


class ExploitationIn(Strict):
    """The published types of exploitation. Where the form's finer ``behaviours`` are
    given, the types they map to are added (``BEHAVIOUR_TYPES``)."""

    types: list[ExploitationType] = Field(default_factory=list, max_length=6)
    behaviours: list[ExploitationBehaviour] = Field(default_factory=list, max_length=10)
    county_lines: bool = False
    other_details: LongText | None = None
    location: ExploitationLocation = ExploitationLocation.UNKNOWN

    @model_validator(mode="after")
    def _derive_types(self) -> Self:
        self.behaviours = list(dict.fromkeys(self.behaviours))
        self.types = published_types(self.types, self.behaviours)
        return self


class AssessmentIn(Strict):
    """The first responder's own assessment."""

    indicators: list[ShortText] = Field(default_factory=list, max_length=50)
    interview: LongText = ""
    professional_insight: LongText = ""
    credibility_concerns: bool = False
    credibility_reasons: LongText | None = None
    indicators_details: LongText | None = None
    reason_for_referral: Annotated[
        LongText | None, Field(description="Why you are making the referral.")
    ] = None


class RiskIn(Strict):
    other_victims: YesNoNotSure = YesNoNotSure.NOT_SURE
    other_victims_details: LongText | None = None
    future_exploitation_concerns: LongText | None = None


class BackgroundIn(Strict):
    """The person's life before the exploitation."""

    place_of_birth: Annotated[ShortText | None, Field(description="Town or village.")] = None
    family: LongText | None = None
    education: LongText | None = None
    employment_history: LongText | None = None


class LastContactIn(Strict):
    band: LastContactBand
    details: LongText | None = None


class ReportingIn(Strict):
    first_chance: Annotated[
        YesNoNotSure | None,
        Field(description="Whether this is the first chance they have had to report it."),
    ] = None
    why_now: LongText | None = None


class ExploitersWhereaboutsIn(Strict):
    known: bool = Field(description="Whether anything is known about where the exploiters are.")
    in_uk: YesNoNotSure | None = None
    details: LongText | None = None


class ProfessionalsIn(Strict):
    """Other professionals involved with the person (a lawyer, a GP, a social worker…)."""

    involved: list[ProfessionalRole] = Field(default_factory=list, max_length=6)
    details: Annotated[
        LongText | None,
        Field(description="Who they are, referrals made, actions taken, reference numbers."),
    ] = None


class CurrentLocationIn(Strict):
    """Where the person is staying now."""

    town: ShortText | None = None
    region: Annotated[ShortText | None, Field(description="A county or region from the list.")] = (
        None
    )


class DecisionRecipientIn(Strict):
    """Who the decision letters go to, for an adult (a child's go to the local authority)."""

    who: DecisionRecipient
    name: Name | None = None
    relationship: ShortText | None = None
    email: EmailStr | None = None
    address: LongText | None = None
    permission: Annotated[
        bool, Field(description="The person agreed to the decision being sent to someone else.")
    ] = False


class ImmigrationIn(Strict):
    """Immigration details. Kept apart from the referral: never stored in its answers and
    never shown to decision makers (identification is not an immigration decision)."""

    home_office_references: list[ShortText] = Field(default_factory=list, max_length=5)


class FirstResponderIn(Strict):
    name: Name
    job_title: ShortText = ""
    email: EmailStr
    phone: Phone | None = None
    reference: Annotated[
        ShortText | None, Field(description="Your own reference. Do not use the person's name.")
    ] = None
    alternative_contact: Annotated[
        EmailStr | None,
        Field(description="A colleague or team inbox to contact when you are away."),
    ] = None


class ReferralSubmission(Strict):
    """A complete NRM referral or Duty to Notify report."""

    kind: ReferralKind
    nation: Nation = Field(description="The UK nation where the first responder is.")
    organisation: Annotated[
        ShortText | None,
        Field(description="The referring organisation; needed only if you belong to several."),
    ] = None
    person: PersonIn
    local_authority: Annotated[
        ShortText | None,
        Field(description="Children: the local authority whose children's services were told."),
    ] = None
    child_contact: ChildContactIn | None = None
    exploitation: ExploitationIn = Field(default_factory=ExploitationIn)
    account: LongText = Field(min_length=1, description="The person's account, in their words.")
    situations: list[SituationIn] = Field(default_factory=list, max_length=20)
    assessment: AssessmentIn = Field(default_factory=AssessmentIn)
    exploiters: LongText | None = None
    exploiters_whereabouts: ExploitersWhereaboutsIn | None = None
    last_contact: LastContactIn | None = None
    background: BackgroundIn = Field(default_factory=BackgroundIn)
    reporting: ReportingIn = Field(default_factory=ReportingIn)
    current_location: CurrentLocationIn | None = None
    professionals: ProfessionalsIn = Field(default_factory=ProfessionalsIn)
    risk: RiskIn = Field(default_factory=RiskIn)
    crime_reference: ShortText | None = None
    police_force: Annotated[
        ShortText | None,
        Field(description="The police force that recorded the crime, from the list."),
    ] = None
    support_wanted: list[SupportNeed] = Field(default_factory=list)
    contact_route: LongText | None = None
    decision_recipient: DecisionRecipientIn | None = None
    first_responder: FirstResponderIn | None = None
    evidence_to_follow: Annotated[
        LongText | None, Field(description="Documents or other evidence you will send later.")
    ] = None
    immigration: Annotated[
        ImmigrationIn | None,
        Field(
            exclude=True,
            description="Home Office references. Never part of the referral's answers: stored "
            "apart, behind the immigration firewall.",
        ),
    ] = None
    received_at: Annotated[
        datetime | None,
        Field(description="Data migration only: when the referral was originally received."),
    ] = None
