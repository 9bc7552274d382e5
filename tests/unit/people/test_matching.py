"""Recognising the same person referred again: the rules, and their properties."""

from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from opennrm.people.domain import (
    Identity,
    match_key,
    normalise_name,
    possibly_same_person,
)

LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=12)
NATIONALITIES = st.frozensets(
    st.sampled_from(["Albanian", "Vietnamese", "British", "Eritrean", "Romanian"]),
    min_size=1,
    max_size=2,
)
DATES = st.dates(min_value=date(1940, 1, 1), max_value=date(2025, 12, 31))


@st.composite
def identities(draw: st.DrawFn) -> Identity:
    return Identity(
        given_name=draw(LETTERS).capitalize(),
        family_name=draw(LETTERS).capitalize(),
        date_of_birth=draw(DATES),
        nationalities=draw(NATIONALITIES),
    )


@given(identities())
def test_a_person_matches_themselves(person: Identity) -> None:
    assert possibly_same_person(person, person)


@given(identities(), identities())
def test_matching_is_symmetric(first: Identity, second: Identity) -> None:
    assert possibly_same_person(first, second) == possibly_same_person(second, first)


@given(identities(), DATES)
def test_a_different_date_of_birth_never_matches(person: Identity, other: date) -> None:
    assume(other != person.date_of_birth)
    moved = Identity(person.given_name, person.family_name, other, person.nationalities)
    assert not possibly_same_person(person, moved)


@given(identities())
def test_no_nationality_in_common_never_matches(person: Identity) -> None:
    other = Identity(
        person.given_name, person.family_name, person.date_of_birth, frozenset({"Sudanese"})
    )
    assume("Sudanese" not in person.nationalities)
    assert not possibly_same_person(person, other)


@given(identities())
def test_case_accents_and_order_do_not_matter(person: Identity) -> None:
    shouted = Identity(
        person.family_name.upper() + "\u0301",  # a combining accent
        person.given_name.upper(),
        person.date_of_birth,
        frozenset(n.lower() for n in person.nationalities),
    )
    assert possibly_same_person(person, shouted)


@given(identities(), st.data())
def test_one_wrong_letter_in_a_long_family_name_still_matches(
    person: Identity, data: st.DataObject
) -> None:
    family = data.draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=8, max_size=14))
    index = data.draw(st.integers(min_value=1, max_value=len(family) - 1))
    letter = data.draw(st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
    variant = family[:index] + letter + family[index + 1 :]
    first = Identity(person.given_name, family, person.date_of_birth, person.nationalities)
    second = Identity(person.given_name, variant, person.date_of_birth, person.nationalities)
    assert possibly_same_person(first, second)


def test_without_a_date_of_birth_or_name_nobody_matches() -> None:
    nobody = Identity("", "", date(2000, 1, 1), frozenset({"Albanian"}))
    undated = Identity("Ana", "Hoxha", None, frozenset({"Albanian"}))
    assert not possibly_same_person(nobody, nobody)
    assert not possibly_same_person(undated, undated)
    assert match_key(None) == ""


def test_known_variants() -> None:
    born = date(1994, 3, 2)
    albanian = frozenset({"Albanian"})
    assert possibly_same_person(
        Identity("Ana", "Hoxha", born, albanian), Identity("Anna", "Hoxa", born, albanian)
    )
    assert possibly_same_person(
        Identity("Mohammed", "Ali", born, albanian), Identity("Muhammad", "Ali", born, albanian)
    )
    assert possibly_same_person(
        Identity("Arben", "Krasniqi", born, albanian), Identity("Arbën", "Krasniqi", born, albanian)
    )
    assert not possibly_same_person(
        Identity("Ana", "Hoxha", born, albanian), Identity("Besa", "Krasniqi", born, albanian)
    )
    # An alias counts as a name.
    assert possibly_same_person(
        Identity("Ana", "Hoxha", born, albanian),
        Identity("Lule", "Berisha", born, albanian, aliases=("Ana Hoxha",)),
    )


@given(st.text(max_size=40))
def test_normalising_twice_changes_nothing(text: str) -> None:
    assert normalise_name(normalise_name(text)) == normalise_name(text)
