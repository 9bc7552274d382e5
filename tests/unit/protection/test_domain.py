"""The reconsideration rules as pure functions: grounds, details, and the window."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from opennrm.protection.domain import (
    RequestFacts,
    answer_problems,
    is_overturned,
    request_late,
    request_problems,
)

DECIDED = date(2025, 3, 3)
GROUNDS = st.frozensets(st.sampled_from(["new_evidence", "not_in_line_with_guidance"]), min_size=1)


def facts(**changes) -> RequestFacts:
    base = {
        "grounds": frozenset({"new_evidence"}),
        "details": "New report.",
        "decided_on": DECIDED,
        "requested_on": DECIDED + timedelta(days=10),
        "deadline": DECIDED + timedelta(days=30),
    }
    return RequestFacts(**{**base, **changes})


@given(grounds=GROUNDS, days=st.integers(min_value=0, max_value=30))
def test_any_grounds_within_the_window_are_in_time(grounds, days) -> None:
    made = facts(grounds=grounds, requested_on=DECIDED + timedelta(days=days))
    assert not request_late(made)
    assert request_problems(made) == []


@given(days=st.integers(min_value=31, max_value=3650), reason=st.text(max_size=20))
def test_after_the_window_only_an_exceptional_reason_lets_it_through(days, reason) -> None:
    made = facts(requested_on=DECIDED + timedelta(days=days), exceptional_reason=reason)
    assert request_late(made)
    fields = [field for field, _message in request_problems(made)]
    assert fields == ([] if reason.strip() else ["exceptional_reason"])


@given(days=st.integers(min_value=0, max_value=3650))
def test_no_window_is_never_late(days) -> None:
    made = facts(deadline=None, requested_on=DECIDED + timedelta(days=days))
    assert not request_late(made) and request_problems(made) == []


def test_unknown_or_missing_grounds_and_empty_details_are_refused() -> None:
    assert [f for f, _m in request_problems(facts(grounds=frozenset(), details=" "))] == [
        "grounds",
        "details",
    ]
    assert [f for f, _m in request_problems(facts(grounds=frozenset({"appeal"})))] == ["grounds"]


def test_a_representative_is_named_and_a_request_never_precedes_the_decision() -> None:
    assert [f for f, _m in request_problems(facts(requested_for="representative"))] == [
        "representative_name"
    ]
    early = facts(requested_on=DECIDED - timedelta(days=1))
    assert [f for f, _m in request_problems(early)] == ["requested_on"]


def test_the_late_message_names_the_last_day() -> None:
    ((_field, message),) = request_problems(facts(requested_on=DECIDED + timedelta(days=31)))
    assert "2 April 2025" in message


def test_an_answer_needs_a_choice_and_reasons() -> None:
    assert [f for f, _m in answer_problems(accept=None, reasons="")] == ["accept", "reasons"]
    assert answer_problems(accept=False, reasons="Nothing new.") == []


def test_overturned_means_negative_then_positive() -> None:
    assert is_overturned("negative", "positive")
    assert not is_overturned("negative", "negative") and not is_overturned("negative", None)
