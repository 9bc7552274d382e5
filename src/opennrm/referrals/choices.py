"""The words users see for every coded answer of a referral, shared by the journey's
questions and by everything that shows a referral (check your answers, the referral page,
the case page). Codes are the API's values (``schema.py``)."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Choices = list[tuple[str, str | Promise]]

YES_NO: Choices = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_NOT_SURE: Choices = [("yes", _("Yes")), ("no", _("No")), ("not_sure", _("Not sure"))]
NATIONS: Choices = [
    ("england", _("England")),
    ("wales", _("Wales")),
    ("scotland", _("Scotland")),
    ("northern_ireland", _("Northern Ireland")),
]
KINDS: Choices = [("nrm", _("NRM referral")), ("dtn", _("Duty to Notify report"))]
GENDERS: Choices = [
    ("female", _("Female")),
    ("male", _("Male")),
    ("other", _("They do not identify as male or female")),
]
INDICATORS: Choices = [
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
# The published types of exploitation, as the official statistics name them.
EXPLOITATION_TYPES: Choices = [
    ("labour", _("Labour exploitation")),
    ("sexual", _("Sexual exploitation")),
    ("criminal", _("Criminal exploitation")),
    ("domestic_servitude", _("Domestic servitude")),
    ("organ_harvesting", _("Organ harvesting")),
    ("other", _("Other exploitation")),
]
# The Home Office form's finer behaviours; schema.BEHAVIOUR_TYPES maps each to a type.
BEHAVIOURS: Choices = [
    ("forced_to_work", _("Forced to work for nothing or almost nothing")),
    (
        "wages_taken",
        _("Wages taken by force or coercion, such as through control of a bank account"),
    ),
    ("forced_fraud", _("Forced to commit fraud, such as using their identity to claim benefits")),
    ("forced_prostitution", _("Forced into prostitution")),
    ("child_sexual_exploitation", _("Child sexual exploitation")),
    (
        "held_and_sexually_assaulted",
        _("Taken somewhere, held against their will and sexually assaulted"),
    ),
    (
        "forced_crime",
        _("Forced to commit a crime, such as growing cannabis, drug dealing or begging"),
    ),
    ("organs_removed", _("Organs, such as kidneys, removed against their will")),
    (
        "household_work",
        _("Forced to do unpaid or low paid household work by relatives or strangers"),
    ),
    ("other", _("Something else")),
]
BEHAVIOUR_HINTS: dict[str, str | Promise] = {
    "forced_to_work": _(
        "They may live in poor conditions or at their place of work, be unable to leave and "
        "be threatened with violence."
    ),
    "child_sexual_exploitation": _("This includes child sex trafficking."),
    "held_and_sexually_assaulted": _("This is different to rape."),
    "forced_crime": _("This includes carrying drugs across county lines."),
    "household_work": _("Includes being forced into a marriage and abused in other ways."),
}
LOCATIONS: Choices = [
    ("uk", _("In the UK")),
    ("overseas", _("Overseas")),
    ("uk_and_overseas", _("Both in the UK and overseas")),
    ("unknown", _("Not known")),
]
SUPPORT: Choices = [
    ("accommodation", _("Safe accommodation")),
    ("subsistence", _("Financial support")),
    ("counselling", _("Counselling")),
    ("legal_advice", _("Legal advice")),
    ("medical", _("Medical care")),
    ("translation", _("Interpreting and translation")),
    ("other", _("Other support")),
]
LAST_CONTACT_BANDS: Choices = [
    ("within_last_week", _("Within the last week")),
    ("within_last_month", _("Within the last month")),
    ("within_last_3_months", _("Within the last 3 months")),
    ("within_last_6_months", _("Within the last 6 months")),
    ("within_last_year", _("Within the last year")),
    ("over_a_year_ago", _("Over a year ago")),
    ("not_sure", _("Not sure")),
]
PROFESSIONALS: Choices = [
    ("lawyer", _("A lawyer or legal representative")),
    ("health", _("A GP or other health professional")),
    ("social_worker", _("A social worker")),
    ("support_worker", _("A support worker or charity")),
    ("education", _("A school, college or teacher")),
    ("other", _("Someone else")),
]
DECISION_RECIPIENTS: Choices = [
    ("person", _("The person")),
    ("someone_else", _("Someone else, with the person's permission")),
]


def label(choices: Choices, value: object) -> str:
    """The words for a code; the code itself if it has none (never an empty answer)."""
    for code, text in choices:
        if code == value:
            return str(text)
    return "" if value is None else str(value)


def labels(choices: Choices, values: object) -> list[str]:
    """The words for a list of codes, in the order given."""
    if not isinstance(values, list | tuple):
        return []
    return [label(choices, value) for value in values]
