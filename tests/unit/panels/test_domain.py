"""A panel's quorum, its chair's conflict of interest and a child's 18th birthday."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from opennrm.panels.domain import (
    Agency,
    chair_is_conflicted,
    eighteenth_birthday_during_case,
    is_quorate,
    missing_agencies,
    quorum_message,
)

AGENCIES = st.lists(st.sampled_from([a.value for a in Agency]), max_size=8)
REQUIRED = ("childrens_social_care", "police", "health")


@given(AGENCIES, st.lists(st.sampled_from([a.value for a in Agency]), max_size=4, unique=True))
def test_quorate_exactly_when_every_required_agency_is_present(
    present: list[str], required: list[str]
) -> None:
    assert is_quorate(present, required) == (set(required) <= set(present))
    assert set(missing_agencies(present, required)) == set(required) - set(present)


@given(AGENCIES)
def test_no_quorum_rule_means_nothing_is_missing(present: list[str]) -> None:
    assert is_quorate(present, None)


def test_missing_agencies_are_named_in_the_rules_order() -> None:
    assert missing_agencies(["police"], REQUIRED) == ["childrens_social_care", "health"]
    assert quorum_message(["health"]) == "The meeting was not quorate: nobody sat for health"
    assert quorum_message(["childrens_social_care", "police", "health"]).endswith(
        "children's social care, police or health"
    )


@given(st.emails())
def test_the_chair_is_conflicted_only_when_they_are_the_lead_social_worker(email: str) -> None:
    assert chair_is_conflicted(chair_email=email, lead_social_worker_email=email.upper() + " ")
    assert not chair_is_conflicted(chair_email=email, lead_social_worker_email="x" + email)
    assert not chair_is_conflicted(chair_email=email, lead_social_worker_email="")


def test_a_birthday_during_the_case() -> None:
    received = date(2026, 1, 10)
    during = eighteenth_birthday_during_case(
        date_of_birth=date(2008, 6, 1), received_on=received, case_open=True, today=received
    )
    assert during is not None and during.birthday == date(2026, 6, 1) and not during.already_18
    passed = eighteenth_birthday_during_case(
        date_of_birth=date(2008, 6, 1),
        received_on=received,
        case_open=False,
        today=date(2026, 7, 1),
    )
    assert passed is not None and passed.already_18
    # Already 18 when referred, or a closed case whose birthday is still to come: nothing.
    assert (
        eighteenth_birthday_during_case(
            date_of_birth=date(2007, 1, 1), received_on=received, case_open=True, today=received
        )
        is None
    )
    assert (
        eighteenth_birthday_during_case(
            date_of_birth=date(2009, 1, 1), received_on=received, case_open=False, today=received
        )
        is None
    )
    assert (
        eighteenth_birthday_during_case(
            date_of_birth=None, received_on=received, case_open=True, today=received
        )
        is None
    )
