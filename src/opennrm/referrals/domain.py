"""The rules of a referral, as pure functions of its answers (no database, no Django models).

Used by the browser journey, the API and the importer alike, so the rules are written once.
"""

from collections.abc import Collection
from datetime import date

from opennrm.core import approximate_dates as dates
from opennrm.core.exceptions import Problem
from opennrm.referrals.schema import (
    DecisionRecipient,
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


def age_problems(
    *,
    under_18: YesNoNotSure | str,
    date_of_birth: date | None,
    estimated_age: int | None,
    age_disputed: bool,
    today: date,
) -> list[Problem]:
    """Answers about age that contradict each other, each naming the contradiction.

    # MSA 2015 s51: anyone who may be under 18 is treated as a child until their age is
    # assessed (benefit of the doubt). So the adult route is refused whenever anything says
    # the person may be under 18, and "under 18: yes" is refused when the date of birth or
    # estimate says otherwise. "Not sure" is always the child route and never contradicts.
    """
    answer = YesNoNotSure(under_18)
    problems: list[Problem] = []
    if answer is YesNoNotSure.NOT_SURE:
        return problems
    age = (
        age_on(date_of_birth, today)
        if date_of_birth is not None and date_of_birth <= today
        else None
    )
    if answer is YesNoNotSure.YES:
        if age is not None and age >= 18:
            problems.append(
                Problem(
                    ("person", "date_of_birth"),
                    f"The date of birth makes them {age}, but you said they are under 18",
                )
            )
        if estimated_age is not None and estimated_age >= 18:
            problems.append(
                Problem(
                    ("person", "estimated_age"),
                    f"You said they are under 18, but estimated their age as {estimated_age}: "
                    "if you are not sure, say so",
                )
            )
        return problems
    if age is not None and age < 18:
        problems.append(
            Problem(
                ("person", "date_of_birth"),
                f"The date of birth makes them {age}: anyone under 18 must be referred as a child",
            )
        )
    if estimated_age is not None and estimated_age < 18:
        problems.append(
            Problem(
                ("person", "estimated_age"),
                f"You said they are not under 18, but estimated their age as {estimated_age}: "
                "anyone who may be under 18 must be referred as a child",
            )
        )
    if age_disputed:
        problems.append(
            Problem(
                ("person", "age_disputed"),
                "You said their age is disputed, so they may be under 18: anyone who may be "
                "under 18 must be referred as a child",
            )
        )
    return problems


def may_take_adult_route(
    *,
    under_18: YesNoNotSure | str,
    date_of_birth: date | None,
    estimated_age: int | None,
    age_disputed: bool,
    today: date,
) -> bool:
    """Whether the answers allow the adult route: "no", and nothing says they may be a child."""
    return not is_child(under_18) and not age_problems(
        under_18=under_18,
        date_of_birth=date_of_birth,
        estimated_age=estimated_age,
        age_disputed=age_disputed,
        today=today,
    )


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
            "alternative_phone": None,
        }
    )
    # Where they were born and who their family are would identify them.
    background = submission.background.model_copy(update={"place_of_birth": None, "family": None})
    return submission.model_copy(
        update={
            "person": person,
            "background": background,
            "contact_route": None,
            "decision_recipient": None,
            "immigration": None,
        }
    )


def check_referral(
    submission: ReferralSubmission,
    *,
    today: date,
    nationalities: Collection[str],
    local_authorities: Collection[str],
    countries: Collection[str],
    police_forces: Collection[str] | None = None,
    regions: Collection[str] | None = None,
) -> list[Problem]:
    """Every rule the schema alone cannot express, each as a Problem with a field path.

    ``local_authorities`` are those with children's services duties (a child's referral
    names the one told about the child). ``police_forces`` and ``regions`` are checked when
    given."""
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
        elif age_on(person.date_of_birth, today) > 120:
            problems.append(Problem(("person", "date_of_birth"), "Enter a real date of birth"))
    problems.extend(
        age_problems(
            under_18=person.under_18,
            date_of_birth=person.date_of_birth,
            estimated_age=person.estimated_age,
            age_disputed=person.age_disputed,
            today=today,
        )
    )
    if person.number_of_children and person.has_children is not True:
        problems.append(
            Problem(
                ("person", "has_children"),
                "You gave a number of children: say that they have children",
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
            problems.append(
                Problem(
                    ("local_authority",),
                    "Choose a local authority with children's services from the list (in "
                    "Northern Ireland, a Health and Social Care Trust)",
                )
            )
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

    if (
        police_forces is not None
        and submission.police_force is not None
        and submission.police_force not in set(police_forces)
    ):
        problems.append(Problem(("police_force",), "Choose a police force from the list"))
    region = submission.current_location.region if submission.current_location else None
    if regions is not None and region is not None and region not in set(regions):
        problems.append(
            Problem(("current_location", "region"), "Choose a county or region from the list")
        )

    problems.extend(_decision_recipient_problems(submission, child=child))
    if submission.kind is ReferralKind.DTN and submission.support_wanted:
        problems.append(
            Problem(
                ("support_wanted",),
                "A Duty to Notify report does not arrange support: leave this out",
            )
        )

    known_countries = set(countries)
    for index, situation in enumerate(submission.situations):
        where = ("situations", index)
        for field_name in ("started_on", "ended_on", "last_contact_on"):
            value = getattr(situation, field_name)
            if value is not None and dates.is_future(dates.parse(value), today):
                problems.append(Problem((*where, field_name), "The date must be in the past"))
        if (
            situation.started_on
            and situation.ended_on
            and not dates.is_after(
                dates.parse(situation.ended_on), dates.parse(situation.started_on)
            )
        ):
            problems.append(
                Problem((*where, "ended_on"), "The date it ended must be after the date it started")
            )
        if situation.journey and situation.moved is not True:
            problems.append(
                Problem(
                    (*where, "moved"),
                    "You described a journey: say that the exploiters took them somewhere",
                )
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


def _decision_recipient_problems(submission: ReferralSubmission, *, child: bool) -> list[Problem]:
    """Who the decision goes to. A child's decision letters go to the local authority and
    are never served on the child; a Duty to Notify report gets no decision at all."""
    recipient = submission.decision_recipient
    if recipient is None:
        return []
    where = ("decision_recipient",)
    if submission.kind is ReferralKind.DTN:
        return [Problem(where, "A Duty to Notify report gets no decision: leave this out")]
    if child:
        return [
            Problem(
                where,
                "A child's decision letters go to the local authority, never to the child: "
                "leave this out",
            )
        ]
    if recipient.who is DecisionRecipient.PERSON:
        return []
    problems: list[Problem] = []
    if not (recipient.email or recipient.address):
        problems.append(
            Problem(
                (*where, "email"),
                "Enter an email address or postal address for the person who will receive "
                "the decision",
            )
        )
    if not recipient.permission:
        problems.append(
            Problem(
                (*where, "permission"),
                "The person must agree to the decision being sent to someone else",
            )
        )
    return problems
