"""Plain values about a person, shared by the referral schema and the models, and the rules
that recognise the same person referred again. Pure: no Django.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

import jellyfish


class Gender(StrEnum):
    """The gender recorded on a referral, as the official statistics publish it."""

    FEMALE = "female"
    MALE = "male"
    OTHER = "other"


class AgeOutcome(StrEnum):
    """What an age assessment found."""

    CHILD = "child"
    ADULT = "adult"


def age_on(date_of_birth: date, on: date) -> int:
    """Age in whole years on a day."""
    before_birthday = (on.month, on.day) < (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - int(before_birthday)


class LinkStatus(StrEnum):
    """Where a possible re-trafficking flag stands: a person decides, the service never
    merges records by itself."""

    OPEN = "open"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


# Re-trafficking -------------------------------------------------------------------------
#
# A new referral for someone already known (same name allowing for spelling variants, the
# same date of birth, a nationality in common) may mean they have been trafficked again.
# The service flags it for the decision maker to confirm or reject; it never merges.

# How alike two names must be (Jaro-Winkler similarity, 0 to 1) to count as variants of each
# other: "Popescu" and "Popesku" are 0.94, "Ana Hoxha" and "Anna Hoxha" 0.97.
NAME_SIMILARITY = 0.9


@dataclass(frozen=True)
class Identity:
    """What a person is recognised by: names (the name given, and any aliases), date of
    birth and nationalities."""

    given_name: str
    family_name: str
    date_of_birth: date | None
    nationalities: frozenset[str] = field(default_factory=frozenset)
    aliases: tuple[str, ...] = ()


def normalise_name(text: str) -> str:
    """A name as compared: accents removed, letters only, lower case, single spaces
    ("Zoë  O'Brien-Smith" → "zoe obriensmith")."""
    decomposed = unicodedata.normalize("NFKD", text)
    letters = "".join(
        ch for ch in decomposed if not unicodedata.combining(ch) and (ch.isalpha() or ch.isspace())
    )
    return " ".join(letters.casefold().split())


def match_key(date_of_birth: date | None) -> str:
    """The indexed key under which possible earlier referrals of a person are looked up: the
    date of birth, which must be the same. Empty when it is not known (an anonymous Duty
    to Notify report is never matched)."""
    return date_of_birth.isoformat() if date_of_birth is not None else ""


def _names(identity: Identity) -> set[str]:
    """Every way the person's name may be written: given then family, family then given
    (an order often swapped between systems), and each alias."""
    given = normalise_name(identity.given_name)
    family = normalise_name(identity.family_name)
    found = {" ".join(part for part in (given, family) if part)}
    found.add(" ".join(part for part in (family, given) if part))
    found.update(normalise_name(alias) for alias in identity.aliases)
    return {name for name in found if name}


def _names_alike(first: Iterable[str], second: Iterable[str]) -> bool:
    others = list(second)
    for name in first:
        for other in others:
            if name == other:
                return True
            if jellyfish.jaro_winkler_similarity(name, other) >= NAME_SIMILARITY:
                return True
            if " " in name and jellyfish.metaphone(name) == jellyfish.metaphone(other):
                return True
    return False


def _nationalities(identity: Identity) -> set[str]:
    return {n.strip().casefold() for n in identity.nationalities if n.strip()} - {"unknown"}


def possibly_same_person(first: Identity, second: Identity) -> bool:
    """Whether two referrals may be of the same person: the same date of birth, a
    nationality in common, and names alike allowing for spelling variants, swapped order and
    aliases. Never true without a date of birth, a nationality or a name on both."""
    if first.date_of_birth is None or first.date_of_birth != second.date_of_birth:
        return False
    if not _nationalities(first) & _nationalities(second):
        return False
    first_names, second_names = _names(first), _names(second)
    if not first_names or not second_names:
        return False
    return _names_alike(first_names, second_names)
