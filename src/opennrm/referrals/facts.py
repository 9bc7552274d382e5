"""The facts of a referral that the official statistics count by, worked out from its
answers. Pure: the referral service stores them as columns beside the answers.
"""

from enum import StrEnum
from typing import Any

from opennrm.referrals.schema import (
    ExploitationType,
    ReferralSubmission,
    YesNoNotSure,
)


class AgeGroup(StrEnum):
    """Age at the time of exploitation, as the statistics group it."""

    ADULT = "adult"
    CHILD = "child"
    UNKNOWN = "unknown"


def age_at_exploitation(submission: ReferralSubmission) -> AgeGroup:
    """The statistics count people by their age when they were exploited, not at referral:
    someone referred as an adult may have been exploited as a child (NRM.md §3.3)."""
    person = submission.person
    if person.under_18 is YesNoNotSure.YES:
        return AgeGroup.CHILD
    if person.under_18 is YesNoNotSure.NOT_SURE:
        return AgeGroup.UNKNOWN
    return {
        YesNoNotSure.YES: AgeGroup.CHILD,
        YesNoNotSure.NO: AgeGroup.ADULT,
    }.get(person.under_18_at_exploitation or YesNoNotSure.NOT_SURE, AgeGroup.UNKNOWN)


def referral_facts(
    submission: ReferralSubmission, *, first_responder_type: str, police_force: str = ""
) -> dict[str, Any]:
    """Column values for a stored referral (see ``Referral``'s statistics fields)."""
    types = set(submission.exploitation.types)
    nationalities = [*submission.person.nationalities, "", ""]
    return {
        "first_responder_type": first_responder_type,
        "age_at_exploitation": age_at_exploitation(submission).value,
        "gender": submission.person.gender.value,
        "nationality_1": nationalities[0],
        "nationality_2": nationalities[1],
        "exploitation_location": submission.exploitation.location.value,
        "exploitation_labour": ExploitationType.LABOUR in types,
        "exploitation_sexual": ExploitationType.SEXUAL in types,
        "exploitation_criminal": ExploitationType.CRIMINAL in types,
        "exploitation_domestic": ExploitationType.DOMESTIC_SERVITUDE in types,
        "exploitation_organ_harvesting": ExploitationType.ORGAN_HARVESTING in types,
        "exploitation_other": ExploitationType.OTHER in types,
        "county_lines": submission.exploitation.county_lines,
        "local_authority": submission.local_authority or "",
        "police_force_area": police_force,
    }
