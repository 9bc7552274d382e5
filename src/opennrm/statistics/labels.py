"""The categories and labels of the official NRM statistics, exactly as the Home Office
publishes them. Pure: plain values in, published text out.

- Age at exploitation: ``Adult (18 or over)``, ``Child (17 or under)``, ``Not specified or
  unknown`` (the decision tables write ``Age not specified or unknown``).
- Exploitation type: each of the five published types and **every combination as its own
  category**, named in the fixed order Sexual, Labour, Domestic, Organ Harvesting,
  Criminal, joined by ", " with " & " before the last (``Sexual, Labour, Domestic &
  Criminal``); a referral with none of them (or only "other") is ``Not specified or
  unknown``.
- Nationality: the form's demonyms, except that ``British`` is published as ``UK``; a dual
  national as both demonyms joined by a space in the order recorded (``Albanian Greek``);
  ``Unknown`` when none was recorded.
"""

from collections.abc import Iterable, Sequence
from enum import StrEnum
from itertools import combinations

NOT_SPECIFIED = "Not specified or unknown"
TOTAL = "Total"


class AgeGroup(StrEnum):
    """Age at exploitation as stored on a referral (``referrals.facts.AgeGroup`` values)."""

    ADULT = "adult"
    CHILD = "child"
    UNKNOWN = "unknown"


AGE_LABELS: dict[str, str] = {
    AgeGroup.ADULT: "Adult (18 or over)",
    AgeGroup.CHILD: "Child (17 or under)",
    AgeGroup.UNKNOWN: NOT_SPECIFIED,
}
# The decision and summary tables name the third group in full.
AGE_SUMMARY_LABELS: dict[str, str] = {
    AgeGroup.ADULT: "Adult (18 or over)",
    AgeGroup.CHILD: "Child (17 or under)",
    AgeGroup.UNKNOWN: "Age not specified or unknown",
}
AGE_ORDER: tuple[str, ...] = (AgeGroup.ADULT, AgeGroup.CHILD, AgeGroup.UNKNOWN)

LOCATION_LABELS: dict[str, str] = {
    "uk": "UK",
    "overseas": "Overseas",
    "uk_and_overseas": "UK and Overseas",
    "unknown": NOT_SPECIFIED,
}
LOCATION_ORDER: tuple[str, ...] = ("uk", "overseas", "uk_and_overseas", "unknown")

GENDER_LABELS: dict[str, str] = {"female": "Female", "male": "Male", "other": "Other"}
GENDER_ORDER: tuple[str, ...] = ("female", "male", "other")

NATION_LABELS: dict[str, str] = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern_ireland": "Northern Ireland",
}
NATION_ORDER: tuple[str, ...] = ("england", "wales", "scotland", "northern_ireland")

OUTCOME_LABELS: dict[str, dict[str, str]] = {
    "reasonable_grounds": {
        "negative": "Negative reasonable grounds",
        "positive": "Positive reasonable grounds",
    },
    "conclusive_grounds": {
        "negative": "Negative conclusive grounds",
        "positive": "Positive conclusive grounds",
    },
}
OUTCOME_ORDER: tuple[str, ...] = ("negative", "positive")


class Exploitation(StrEnum):
    """The five published types, in the order their combinations are named."""

    SEXUAL = "sexual"
    LABOUR = "labour"
    DOMESTIC = "domestic"
    ORGAN_HARVESTING = "organ_harvesting"
    CRIMINAL = "criminal"


EXPLOITATION_NAMES: dict[Exploitation, str] = {
    Exploitation.SEXUAL: "Sexual",
    Exploitation.LABOUR: "Labour",
    Exploitation.DOMESTIC: "Domestic",
    Exploitation.ORGAN_HARVESTING: "Organ Harvesting",
    Exploitation.CRIMINAL: "Criminal",
}
# The referral's column for each type.
EXPLOITATION_COLUMNS: dict[Exploitation, str] = {
    Exploitation.SEXUAL: "exploitation_sexual",
    Exploitation.LABOUR: "exploitation_labour",
    Exploitation.DOMESTIC: "exploitation_domestic",
    Exploitation.ORGAN_HARVESTING: "exploitation_organ_harvesting",
    Exploitation.CRIMINAL: "exploitation_criminal",
}


def join_names(names: Sequence[str]) -> str:
    """ "A", "A & B", "A, B & C": the published way of naming a combination."""
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " & " + names[-1]


def exploitation_label(types: Iterable[Exploitation | str]) -> str:
    """The published category of a referral with these types (any order given)."""
    present = {Exploitation(t) for t in types}
    names = [EXPLOITATION_NAMES[t] for t in Exploitation if t in present]
    return join_names(names) if names else NOT_SPECIFIED


def exploitation_label_from_flags(
    *, sexual: bool, labour: bool, domestic: bool, organ_harvesting: bool, criminal: bool
) -> str:
    """The published category of a referral from its five type columns."""
    flags = {
        Exploitation.SEXUAL: sexual,
        Exploitation.LABOUR: labour,
        Exploitation.DOMESTIC: domestic,
        Exploitation.ORGAN_HARVESTING: organ_harvesting,
        Exploitation.CRIMINAL: criminal,
    }
    return exploitation_label(t for t, on in flags.items() if on)


def exploitation_categories() -> list[str]:
    """Every published category, in table order: single types first (in the naming order),
    then pairs, triples… and ``Not specified or unknown`` last (32 in all)."""
    types = list(Exploitation)
    found = [
        exploitation_label(combo)
        for size in range(1, len(types) + 1)
        for combo in combinations(types, size)
    ]
    return [*found, NOT_SPECIFIED]


_EXPLOITATION_RANK = {label: rank for rank, label in enumerate(exploitation_categories())}


def exploitation_rank(label: str) -> int:
    """Where a category sorts in a table."""
    return _EXPLOITATION_RANK.get(label, len(_EXPLOITATION_RANK))


UK_DEMONYM = "British"
UK_PUBLISHED = "UK"
UNKNOWN_NATIONALITY = "Unknown"


def nationality_name(demonym: str) -> str:
    """One recorded nationality as published: ``British`` becomes ``UK``."""
    value = demonym.strip()
    return UK_PUBLISHED if value == UK_DEMONYM else value


def nationality_label(first: str, second: str = "") -> str:
    """A referral's nationality as published: one demonym, or a dual nationality as both
    joined by a space in the order recorded; ``Unknown`` when none is known."""
    names = [nationality_name(n) for n in (first, second) if n.strip() and n != UNKNOWN_NATIONALITY]
    if not names:
        return UNKNOWN_NATIONALITY
    return " ".join(names)
