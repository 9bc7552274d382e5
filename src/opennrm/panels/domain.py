"""The rules of a child panel, as pure functions of plain values (no Django).

A local multi-agency panel decides for a child only when it is quorate (the agencies the
dated policy names, by default the three statutory safeguarding partners: children's social
care, police and health), and its chair is never the child's own lead social worker.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from opennrm.policy import eighteenth_birthday


class Agency(StrEnum):
    """The agency a panel member sits for."""

    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    POLICE = "police"
    HEALTH = "health"
    EDUCATION = "education"
    GUARDIAN_SERVICE = "guardian_service"
    OTHER = "other"


AGENCY_NAMES: dict[str, str] = {
    Agency.CHILDRENS_SOCIAL_CARE: "children's social care",
    Agency.POLICE: "police",
    Agency.HEALTH: "health",
    Agency.EDUCATION: "education",
    Agency.GUARDIAN_SERVICE: "the guardian service",
    Agency.OTHER: "another agency",
}


class ConsentOutcome(StrEnum):
    """What an adult said when asked, after an age assessment, whether they consent to
    stay in the NRM (adults must consent; children are never asked)."""

    GIVEN = "given"
    REFUSED = "refused"


def missing_agencies(present: Iterable[str], required: Iterable[str] | None) -> list[str]:
    """The agencies the quorum needs that nobody present sits for, in the policy's order.

    ``required`` of ``None`` means no quorum rule (no panels on that date): nothing is
    missing. The rule is data (``panel_quorum_agencies``), so a jurisdiction may change it.
    """
    if required is None:
        return []
    have = set(present)
    return [agency for agency in required if agency not in have]


def is_quorate(present: Iterable[str], required: Iterable[str] | None) -> bool:
    """Whether the agencies present make a quorum."""
    return not missing_agencies(present, required)


def quorum_message(missing: list[str]) -> str:
    """ "The meeting was not quorate: nobody sat for police or health"."""
    names = [AGENCY_NAMES.get(agency, agency.replace("_", " ")) for agency in missing]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return f"The meeting was not quorate: nobody sat for {listed}"


def normalise_email(address: str) -> str:
    return address.strip().casefold()


def chair_is_conflicted(*, chair_email: str, lead_social_worker_email: str) -> bool:
    """Whether the meeting's chair is the child's own lead social worker (who may sit on the
    panel, but never chair the decision about their own child)."""
    lead = normalise_email(lead_social_worker_email)
    return bool(lead) and normalise_email(chair_email) == lead


@dataclass(frozen=True)
class BirthdayNotice:
    """What a case page says about a child who turns 18 while their case is open."""

    birthday: date
    already_18: bool


def eighteenth_birthday_during_case(
    *, date_of_birth: date | None, received_on: date, case_open: bool, today: date
) -> BirthdayNotice | None:
    """The 18th birthday of a child referred before it, while the case is open (or if it
    passed while it was): decisions already made stand, and the page says what changes."""
    if date_of_birth is None:
        return None
    birthday = eighteenth_birthday(date_of_birth)
    if birthday <= received_on:
        return None
    if not case_open and birthday > today:
        return None
    return BirthdayNotice(birthday=birthday, already_18=birthday <= today)
