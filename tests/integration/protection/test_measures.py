"""``reconsideration_measures``: per stage and deciding body, the requests made in a period,
how many were accepted and how many overturned (the new decision positive)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from opennrm.protection import reconsiderations
from opennrm.protection.selectors import ReconsiderationMeasure, reconsideration_measures
from tests import states

pytestmark = pytest.mark.django_db


def _request(demo, case):
    return reconsiderations.reconsideration_request(
        user=demo["ngo.fr"], case=case, grounds=["new_evidence"], details="New report."
    )


def _answer(demo, request, accept: bool):
    request.case.refresh_from_db()
    return reconsiderations.reconsideration_answer(
        user=demo["caseworker"],
        request=request,
        accept=accept,
        reasons="Considered.",
        expected_version=request.case.version,
    )


def test_requests_accepted_and_overturned_by_stage_and_body(
    demo, django_assert_max_num_queries
) -> None:
    overturned = states.case_negative_rg(demo)
    _answer(demo, _request(demo, overturned), accept=True)
    states.decide(demo["caseworker"], overturned)  # positive: overturned
    upheld = states.case_negative_rg(demo)
    _answer(demo, _request(demo, upheld), accept=True)
    states.decide(
        demo["caseworker"],
        upheld,
        states.services.DecisionInput("reasonable_grounds", "negative", "Still no indicator."),
    )
    declined = states.case_negative_rg(demo)
    _answer(demo, _request(demo, declined), accept=False)
    _request(demo, states.case_negative_rg(demo))  # still waiting
    today = timezone.localdate()
    with django_assert_max_num_queries(2):
        rows = reconsideration_measures(
            user=demo["senior.caseworker"], date_from=today - timedelta(days=7), date_to=today
        )
    assert rows == [
        ReconsiderationMeasure(
            stage="reasonable_grounds",
            decision_maker="Single Competent Authority",
            requests=4,
            accepted=2,
            overturned=1,
        )
    ]
    # Outside the period, nothing; nor for someone who sees none of the cases.
    assert (
        reconsideration_measures(
            user=demo["senior.caseworker"],
            date_from=today - timedelta(days=30),
            date_to=today - timedelta(days=1),
        )
        == []
    )
    assert reconsideration_measures(user=demo["panel.chair"], date_from=today, date_to=today) == []


def test_the_measures_page_and_api_show_reconsideration_columns(demo) -> None:
    from django.test import Client

    from opennrm.accounts.models import Organisation
    from opennrm.protection.measures import reconsideration_values

    overturned = states.case_negative_rg(demo)
    _answer(demo, _request(demo, overturned), accept=True)
    states.decide(demo["caseworker"], overturned)  # positive: overturned
    states.case_negative_rg(demo)  # negative, never asked to reconsider
    authority = Organisation.objects.get(name="Single Competent Authority")
    values = reconsideration_values()[("reasonable_grounds", authority.pk)]
    # 1 request of the negative RG decisions the authority issued (the demo's among them).
    assert values["reconsideration_requests"] == 1
    assert values["reconsideration_overturn_rate"] == 1.0
    assert 0 < values["reconsideration_request_rate"] <= 0.5
    client = Client()
    client.force_login(demo["senior.caseworker"])
    page = client.get("/reviews/measures/").content.decode()
    assert "Overturned on reconsideration" in page
    assert "Reconsideration asked for" in page
