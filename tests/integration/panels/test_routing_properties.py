"""Routing through the service, property-tested at its boundaries: a child in a panel's area
goes to the panel when more than 100 days from their 18th birthday and not age-disputed;
an age assessment sends an adult to the competent authority and applies the panel rule
again, as on the day of referral, to a confirmed child."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opennrm.core.exceptions import ApplicationError
from opennrm.panels import services
from tests import states

pytestmark = pytest.mark.django_db

AROUND_100_DAYS = st.integers(min_value=95, max_value=106)
SETTINGS = settings(
    max_examples=24, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _born(days_before_18th: int):
    birthday = timezone.localdate() + timedelta(days=days_before_18th)
    return birthday.replace(year=birthday.year - 18)


@SETTINGS
@given(days=AROUND_100_DAYS, disputed=st.booleans())
def test_the_panel_decides_only_beyond_100_days_and_without_a_dispute(
    demo, days: int, disputed: bool
) -> None:
    person = {
        "under_18": "yes",
        "given_name": "Sam",
        "family_name": "Lee",
        "date_of_birth": _born(days).isoformat(),
        "age_disputed": disputed,
        "gender": "male",
        "nationalities": ["British"],
    }
    case = states.refer_child(demo, person=person)
    to_panel = days > 100 and not disputed
    assert (case.decision_maker_type == "panel") is to_panel
    assert case.is_child
    expected = timezone.localdate(case.received_at) + timedelta(days=45)
    assert (case.rg_due == expected) is to_panel


@SETTINGS
@given(days=AROUND_100_DAYS, adult=st.booleans())
def test_an_age_assessment_routes_by_policy(demo, days: int, adult: bool) -> None:
    person = {
        "under_18": "not_sure",
        "given_name": "Sam",
        "family_name": "Lee",
        "age_disputed": True,
        "gender": "male",
        "nationalities": ["British"],
    }
    case = states.refer_child(demo, person=person)
    assert case.decision_maker_type == "competent_authority"
    services.age_assessment_record(
        actor=demo["caseworker"],
        person=case.person,
        assessing_authority="City of Cardiff Council",
        assessed_on=timezone.localdate(),
        outcome="adult" if adult else "child",
        significant_doubt_documented=True,
        date_of_birth_found=None if adult else _born(days),
    )
    case.refresh_from_db()
    assert case.is_child is not adult
    assert (case.decision_maker_type == "panel") is (not adult and days > 100)


def test_an_outcome_that_contradicts_the_date_of_birth_found_is_refused(demo) -> None:
    case = states.refer_child(
        demo,
        person={
            "under_18": "not_sure",
            "age_disputed": True,
            "given_name": "Sam",
            "gender": "male",
            "nationalities": ["British"],
        },
    )
    with pytest.raises(ApplicationError, match="makes them 17") as refused:
        services.age_assessment_record(
            actor=demo["caseworker"],
            person=case.person,
            assessing_authority="City of Cardiff Council",
            assessed_on=timezone.localdate(),
            outcome="adult",
            significant_doubt_documented=True,
            date_of_birth_found=_born(50),
        )
    assert refused.value.field == "date_of_birth_found"
