"""The shape of a complete referral, shared by the browser journey, the API and imports.

One schema means one set of rules: a referral typed into the form and one sent by another
organisation's case system are checked the same way (``domain.check_referral``).
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

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


class PersonIn(Strict):
    """The potential victim. Identifying fields are dropped from a Duty to Notify report
    unless the person agreed to cooperate with the authorities (MSA 2015 s52)."""

    under_18: YesNoNotSure
    under_18_at_exploitation: YesNoNotSure | None = None
    consent: bool | None = Field(
        None, description="Adults only: informed consent to enter the NRM."
    )
    consent_statement_shown: LongText | None = None
    dtn_refusal_reason: LongText | None = Field(
        None, description="Duty to Notify: why the person did not consent."
    )
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
    contact_phone: Annotated[str, StringConstraints(max_length=30)] | None = None
    contact_address: LongText | None = None
    safe_to_contact: bool | None = None


class ChildContactIn(Strict):
    """Local authority children's services, who must be told about every child."""

    name: Name
    email: EmailStr | None = None
    phone: Annotated[str, StringConstraints(max_length=30)] | None = None
    childrens_services_informed: bool
    police_informed: bool


class SituationIn(Strict):
    """One exploitation situation in the person's account."""

    started_on: date | None = None
    ended_on: date | None = None
    uk_places: list[ShortText] = Field(default_factory=list, max_length=20)
    overseas_countries: list[ShortText] = Field(default_factory=list, max_length=20)
    how_it_started: LongText = ""
    what_they_were_made_to_do: LongText = ""
    how_they_were_treated: LongText = ""
    still_in_situation: YesNoNotSure = YesNoNotSure.NOT_SURE
    last_contact_on: date | None = None


class ExploitationIn(Strict):
    types: list[ExploitationType] = Field(default_factory=list, max_length=6)
    county_lines: bool = False
    other_details: LongText | None = None
    location: ExploitationLocation = ExploitationLocation.UNKNOWN


class AssessmentIn(Strict):
    """The first responder's own assessment."""

    indicators: list[ShortText] = Field(default_factory=list, max_length=50)
    interview: LongText = ""
    professional_insight: LongText = ""
    credibility_concerns: bool = False
    credibility_reasons: LongText | None = None


class RiskIn(Strict):
    other_victims: YesNoNotSure = YesNoNotSure.NOT_SURE
    other_victims_details: LongText | None = None
    future_exploitation_concerns: LongText | None = None


class FirstResponderIn(Strict):
    name: Name
    job_title: ShortText = ""
    email: EmailStr
    phone: Annotated[str, StringConstraints(max_length=30)] | None = None


class ReferralSubmission(Strict):
    """A complete NRM referral or Duty to Notify report."""

    kind: ReferralKind
    nation: Nation = Field(description="The UK nation where the first responder is.")
    organisation: ShortText | None = Field(
        None, description="The referring organisation; needed only if you belong to several."
    )
    person: PersonIn
    local_authority: ShortText | None = Field(
        None, description="Children: the local authority whose children's services were told."
    )
    child_contact: ChildContactIn | None = None
    exploitation: ExploitationIn = Field(default_factory=ExploitationIn)
    account: LongText = Field(min_length=1, description="The person's account, in their words.")
    situations: list[SituationIn] = Field(default_factory=list, max_length=20)
    assessment: AssessmentIn = Field(default_factory=AssessmentIn)
    exploiters: LongText | None = None
    risk: RiskIn = Field(default_factory=RiskIn)
    crime_reference: ShortText | None = None
    support_wanted: list[SupportNeed] = Field(default_factory=list)
    contact_route: LongText | None = None
    first_responder: FirstResponderIn | None = None
    received_at: datetime | None = Field(
        None, description="Data migration only: when the referral was originally received."
    )
