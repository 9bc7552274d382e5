"""MSA 2015 s51, benefit of the doubt: anyone who may be under 18 is treated as a child.

Every combination of the answers about age either takes the child route or is refused
with a problem that names the contradiction — never silently the adult route."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from opennrm.referrals.domain import age_on, age_problems, is_child, may_take_adult_route

TODAY = date(2026, 11, 22)

answers = st.fixed_dictionaries(
    {
        "under_18": st.sampled_from(["yes", "no", "not_sure"]),
        "date_of_birth": st.none() | st.dates(date(1930, 1, 1), TODAY),
        "estimated_age": st.none() | st.integers(0, 120),
        "age_disputed": st.booleans(),
    }
)


def signs_of_a_child(a: dict) -> bool:
    """Anything in the answers that says the person may be under 18."""
    return (
        (a["date_of_birth"] is not None and age_on(a["date_of_birth"], TODAY) < 18)
        or (a["estimated_age"] is not None and a["estimated_age"] < 18)
        or a["age_disputed"]
    )


def signs_of_an_adult(a: dict) -> bool:
    return (a["date_of_birth"] is not None and age_on(a["date_of_birth"], TODAY) >= 18) or (
        a["estimated_age"] is not None and a["estimated_age"] >= 18
    )


@given(answers)
def test_never_silently_adult(a) -> None:
    problems = age_problems(**a, today=TODAY)
    if not is_child(a["under_18"]) and not problems:
        assert not signs_of_a_child(a)
    assert may_take_adult_route(**a, today=TODAY) == (
        a["under_18"] == "no" and not signs_of_a_child(a)
    )


@given(answers)
def test_the_adult_route_is_refused_exactly_when_they_may_be_a_child(a) -> None:
    if a["under_18"] != "no":
        return
    problems = age_problems(**a, today=TODAY)
    assert bool(problems) == signs_of_a_child(a)
    fields = {p.loc for p in problems}
    if a["age_disputed"]:
        assert ("person", "age_disputed") in fields
    if a["estimated_age"] is not None and a["estimated_age"] < 18:
        assert ("person", "estimated_age") in fields


@given(answers)
def test_not_sure_is_always_the_child_route_and_never_contradicts(a) -> None:
    a = {**a, "under_18": "not_sure"}
    assert age_problems(**a, today=TODAY) == []
    assert is_child("not_sure")


@given(answers)
def test_under_18_yes_is_refused_when_the_date_of_birth_or_estimate_says_adult(a) -> None:
    a = {**a, "under_18": "yes"}
    problems = age_problems(**a, today=TODAY)
    assert bool(problems) == signs_of_an_adult(a)


def test_each_contradiction_is_named() -> None:
    adult_at_16 = age_problems(
        under_18="no", date_of_birth=None, estimated_age=16, age_disputed=False, today=TODAY
    )
    assert adult_at_16[0].loc == ("person", "estimated_age")
    assert "estimated their age as 16" in adult_at_16[0].message
    child_born_1990 = age_problems(
        under_18="yes",
        date_of_birth=date(1990, 1, 1),
        estimated_age=None,
        age_disputed=False,
        today=TODAY,
    )
    assert child_born_1990[0].message == (
        "The date of birth makes them 36, but you said they are under 18"
    )
