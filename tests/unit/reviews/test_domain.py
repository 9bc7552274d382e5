"""Pure rules of the safeguards: independence of reviewers, rates and medians, and where a
proposed negative decision goes in the transition table."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from opennrm.access.policy import Permission
from opennrm.cases.domain import Action, CaseFacts, State, next_state
from opennrm.reviews.domain import Independence, Tally, independence_problem, median_days

ids = st.integers(min_value=1, max_value=50)


@given(member=ids, organisations=st.sets(ids, max_size=5), decider=ids, took_part=st.sets(ids))
def test_a_reviewer_is_independent_only_outside_the_deciding_body_and_the_decision(
    member, organisations, decider, took_part
):
    problem = independence_problem(
        member_id=member,
        member_organisations=organisations,
        deciding_organisation=decider,
        took_part=took_part,
    )
    if decider in organisations:
        assert problem is Independence.DECIDING_ORGANISATION
    elif member in took_part:
        assert problem is Independence.TOOK_PART
    else:
        assert problem is None


@given(of=st.integers(0, 100), extra=st.integers(0, 100))
def test_a_rate_is_a_share_or_nothing(of, extra):
    rate = Tally(of, of + extra).rate
    assert rate is None if of + extra == 0 else 0 <= rate <= 1


def test_median_days():
    assert median_days([]) is None
    assert median_days([1.0, 3.0, 10.0]) == 3.0


DECIDE = frozenset({Permission.CASE_DECIDE})
CHECK = frozenset({Permission.CASE_QUALITY_CHECK})
REVIEW = frozenset({Permission.CASE_REVIEW})


@given(check=st.booleans(), review=st.booleans())
def test_a_negative_rg_is_checked_first_then_reviewed_then_issued(check, review):
    facts = CaseFacts(
        is_child=False,
        today=date(2026, 1, 5),
        rationale="Reasons.",
        needs_quality_check=check,
        needs_review=review,
    )
    to = next_state(State.AWAITING_RG, Action.DECIDE_RG_NEGATIVE, DECIDE, facts)
    if check:
        assert to is State.RG_QUALITY_CHECK
        after = next_state(to, Action.QUALITY_CHECK_PASS, CHECK, facts)
        assert after is (State.RG_REVIEW if review else State.NEGATIVE_RG)
        back = CaseFacts(is_child=False, today=facts.today, reason="Redo.")
        assert next_state(to, Action.QUALITY_CHECK_RETURN, CHECK, back) is State.AWAITING_RG
    else:
        assert to is (State.RG_REVIEW if review else State.NEGATIVE_RG)
    assert next_state(State.RG_REVIEW, Action.REVIEW_OVERTURN, REVIEW, facts) is State.AWAITING_RG
    assert next_state(State.CG_REVIEW, Action.REVIEW_UPHOLD, REVIEW, facts) is State.NEGATIVE_CG


def test_only_a_quality_checker_passes_a_check():
    import pytest

    from opennrm.cases.domain import RoleRefused

    facts = CaseFacts(is_child=False, today=date(2026, 1, 5))
    with pytest.raises(RoleRefused):
        next_state(State.CG_QUALITY_CHECK, Action.QUALITY_CHECK_PASS, DECIDE, facts)
