"""The rules of a referral, as pure functions of its answers (no database, no Django models).

Used by the browser journey, the API and the importer alike, so the rules are written once.
"""

from collections.abc import Collection
from datetime import date

from opennrm.core.exceptions import Problem
from opennrm.referrals.schema import (
    ExploitationType,
    ReferralKind,
    ReferralSubmission,
    YesNoNotSure,
)


def is_child(under_18: YesNoNotSure | str) -> bool:
    """Whether the person takes the child route.

    # MSA 2015 s51: anyone who may be under 18 is treated as a child until an age
    # assessment, so "not sure" is the child route too.
    """
    return YesNoNotSure(under_18) in (YesNoNotSure.YES, YesNoNotSure.NOT_SURE)


def kind_for(*, under_18: YesNoNotSure | str, consent: bool | None) -> ReferralKind | None:
    """What the referral becomes: children always enter the NRM (no consent asked); an adult
    who consents is an NRM referral; an adult who does not is a Duty to Notify report.
    None when an adult's consent has not been answered yet."""
    if is_child(under_18):
        return ReferralKind.NRM
    if consent is None:
        return None
    return ReferralKind.NRM if consent else ReferralKind.DTN


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on a date."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


def keeps_identity(submission: ReferralSubmission) -> bool:
    """Whether identifying details may be stored.

    # MSA 2015 s52(3): a Duty to Notify report carries no name, date of birth or contact
    # details unless the person agrees to cooperate with the authorities.
    """
    if submission.kind is ReferralKind.NRM:
        return True
    return submission.person.cooperates_with_authorities is True


def minimise(submission: ReferralSubmission) -> ReferralSubmission:
    """The submission with everything stripped that the law says must not be stored."""
    if keeps_identity(submission):
        return submission
    person = submission.person.model_copy(
        update={
            "given_name": None,
            "family_name": None,
            "aliases": [],
            "date_of_birth": None,
            "contact_email": None,
            "contact_phone": None,
            "contact_address": None,
        }
    )
    return submission.model_copy(update={"person": person, "contact_route": None})


def check_referral(
    submission: ReferralSubmission,
    *,
    today: date,
    nationalities: Collection[str],
    local_authorities: Collection[str],
    countries: Collection[str],
) -> list[Problem]:
    """Every rule the schema alone cannot express, each as a Problem with a field path."""
    problems: list[Problem] = []
    person = submission.person
    child = is_child(person.under_18)

    expected = kind_for(under_18=person.under_18, consent=person.consent)
    if child:
        if submission.kind is ReferralKind.DTN:
            problems.append(
                Problem(
                    ("kind",),
                    "A child is always referred into the NRM: children do not need to consent",
                )
            )
        if person.consent is not None:
            problems.append(Problem(("person", "consent"), "Do not ask a child for consent"))
    elif expected is None:
        problems.append(
            Problem(("person", "consent"), "Say whether the adult gives informed consent")
        )
    elif expected is not submission.kind:
        problems.append(
            Problem(
                ("kind",),
                "An adult who consents is an NRM referral; an adult who does not consent is "
                "a Duty to Notify report (dtn)",
            )
        )
    if not child and person.under_18_at_exploitation is None:
        problems.append(
            Problem(
                ("person", "under_18_at_exploitation"),
                "Say whether they were under 18 at the time of the exploitation",
            )
        )
    if submission.kind is ReferralKind.DTN and not person.dtn_refusal_reason:
        problems.append(
            Problem(
                ("person", "dtn_refusal_reason"),
                "Enter why the person did not consent to be referred",
            )
        )
    if submission.kind is ReferralKind.NRM and not child and not person.consent_statement_shown:
        problems.append(
            Problem(
                ("person", "consent_statement_shown"),
                "Record the consent statement the person was shown",
            )
        )

    if person.date_of_birth is not None:
        if person.date_of_birth > today:
            problems.append(
                Problem(("person", "date_of_birth"), "Date of birth must be in the past")
            )
        else:
            age = age_on(person.date_of_birth, today)
            if person.under_18 is YesNoNotSure.YES and age >= 18:
                problems.append(
                    Problem(
                        ("person", "date_of_birth"),
                        f"The date of birth makes them {age}, but you said they are under 18",
                    )
                )
            if person.under_18 is YesNoNotSure.NO and age < 18:
                problems.append(
                    Problem(
                        ("person", "date_of_birth"),
                        f"The date of birth makes them {age}: anyone under 18 must be "
                        "referred as a child",
                    )
                )
            if age > 120:
                problems.append(Problem(("person", "date_of_birth"), "Enter a real date of birth"))
    if (
        person.estimated_age is not None
        and person.under_18 is YesNoNotSure.YES
        and person.estimated_age >= 18
    ):
        problems.append(
            Problem(
                ("person", "estimated_age"),
                "The estimated age must be under 18 if you said they are under 18",
            )
        )
    if submission.kind is ReferralKind.NRM and not (person.given_name or person.family_name):
        problems.append(Problem(("person", "given_name"), "Enter the person's name"))

    known_nationalities = set(nationalities)
    for index, nationality in enumerate(person.nationalities):
        if nationality not in known_nationalities:
            problems.append(
                Problem(
                    ("person", "nationalities", index),
                    f"{nationality[:50]!r} is not a nationality on the list",
                )
            )
    if len(set(person.nationalities)) != len(person.nationalities):
        problems.append(Problem(("person", "nationalities"), "Enter each nationality only once"))

    if child:
        if not submission.local_authority:
            problems.append(
                Problem(
                    ("local_authority",),
                    "Enter the local authority whose children's services you contacted",
                )
            )
        elif submission.local_authority not in set(local_authorities):
            problems.append(Problem(("local_authority",), "Choose a local authority from the list"))
        contact = submission.child_contact
        if contact is None:
            problems.append(
                Problem(
                    ("child_contact",),
                    "Enter the children's services contact: for a child it is mandatory",
                )
            )
        elif not (contact.email or contact.phone):
            problems.append(
                Problem(
                    ("child_contact", "email"),
                    "Enter an email address or phone number for the children's services contact",
                )
            )

    exploitation = submission.exploitation
    if ExploitationType.OTHER in exploitation.types and not exploitation.other_details:
        problems.append(
            Problem(("exploitation", "other_details"), "Describe the other type of exploitation")
        )
    if exploitation.county_lines and ExploitationType.CRIMINAL not in exploitation.types:
        problems.append(
            Problem(
                ("exploitation", "county_lines"),
                "County lines is criminal exploitation: select criminal exploitation too",
            )
        )
    if submission.assessment.credibility_concerns and not submission.assessment.credibility_reasons:
        problems.append(
            Problem(
                ("assessment", "credibility_reasons"),
                "Explain your concerns about credibility",
            )
        )

    known_countries = set(countries)
    for index, situation in enumerate(submission.situations):
        where = ("situations", index)
        for field_name in ("started_on", "ended_on", "last_contact_on"):
            value = getattr(situation, field_name)
            if value is not None and value > today:
                problems.append(Problem((*where, field_name), "The date must be in the past"))
        if (
            situation.started_on
            and situation.ended_on
            and situation.ended_on < situation.started_on
        ):
            problems.append(
                Problem((*where, "ended_on"), "The end date must be after the start date")
            )
        for c_index, country in enumerate(situation.overseas_countries):
            if country not in known_countries:
                problems.append(
                    Problem(
                        (*where, "overseas_countries", c_index),
                        f"{country[:50]!r} is not a country on the list",
                    )
                )
    return problems
