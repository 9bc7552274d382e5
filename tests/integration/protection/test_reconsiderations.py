"""Reconsideration: asked by the first responder or the support provider within the window
(or later with an exceptional reason), accepted or declined with reasons; an accepted request
reopens the decision and the new decision supersedes the old one, both kept."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opennrm.audit.models import AuditEvent
from opennrm.cases.models import Decision
from opennrm.core.exceptions import ApplicationError, Forbidden
from opennrm.protection import reconsiderations
from opennrm.protection.models import ReconsiderationRequest
from opennrm.protection.support import support_allocate
from tests import states

pytestmark = pytest.mark.django_db


def _ask(demo, case, who="ngo.fr", **extra):
    return reconsiderations.reconsideration_request(
        user=demo[who],
        case=case,
        grounds=extra.pop("grounds", ["new_evidence"]),
        details=extra.pop("details", "A medical report shows indicators the decision missed."),
        **extra,
    )


def test_the_first_responder_asks_in_time_and_the_window_comes_from_the_policy(demo) -> None:
    case = states.case_negative_rg(demo)
    request = _ask(demo, case, grounds=["new_evidence", "not_in_line_with_guidance"])
    assert request.status == "pending" and not request.late
    # 30 calendar days from the decision since February 2024.
    assert request.deadline == timezone.localdate() + timedelta(days=30)
    assert request.requested_by_organisation.name == "The Salvation Army"
    # The UK policy keeps no support running meanwhile: recorded as it stood.
    assert request.support_continues is False
    event = AuditEvent.objects.filter(action="case.reconsideration_requested").get()
    assert event.payload["grounds"] == ["new_evidence", "not_in_line_with_guidance"]
    assert "medical" not in str(event.payload)


def test_a_late_request_without_an_exceptional_reason_is_refused(demo) -> None:
    case = states.case_negative_rg(demo)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        with pytest.raises(ApplicationError) as refused:
            _ask(demo, case)
        assert refused.value.field == "exceptional_reason"
        assert "out of time" in refused.value.message
        late = _ask(demo, case, exceptional_reason="The person was in hospital.")
    assert late.late and late.exceptional_reason == "The person was in hospital."
    assert ReconsiderationRequest.objects.count() == 1


def test_grounds_and_details_are_required(demo) -> None:
    case = states.case_negative_rg(demo)
    with pytest.raises(ApplicationError) as refused:
        _ask(demo, case, grounds=[], details=" ")
    assert [p.field for p in refused.value.problems] == ["grounds", "details"]


def test_nothing_to_reconsider_on_a_positive_decision_and_one_request_at_a_time(demo) -> None:
    positive = states.case_in_recovery(demo)
    with pytest.raises(ApplicationError, match="no negative decision"):
        _ask(demo, positive)
    case = states.case_negative_rg(demo)
    _ask(demo, case)
    with pytest.raises(ApplicationError, match="already waiting"):
        _ask(demo, case)


def test_another_organisation_may_not_ask(demo) -> None:
    case = states.case_negative_rg(demo)
    with pytest.raises(Forbidden):
        _ask(demo, case, who="police.fr")


def test_accepted_reopens_the_decision_and_the_new_one_supersedes_it(demo) -> None:
    case = states.case_negative_rg(demo)
    old = case.decisions.get()
    request = _ask(demo, case)
    case.refresh_from_db()
    answered = reconsiderations.reconsideration_answer(
        user=demo["caseworker"],
        request=request,
        accept=True,
        reasons="The report is new evidence.",
        expected_version=case.version,
    )
    assert answered.status == "accepted" and answered.answered_by == demo["caseworker"]
    case.refresh_from_db()
    assert case.state == "awaiting_rg"
    case = states.decide(demo["caseworker"], case)
    assert case.state == "recovery_period"
    new = case.decisions.exclude(pk=old.pk).get()
    assert new.supersedes == old and new.outcome == "positive"
    assert Decision.objects.filter(case=case).count() == 2  # both kept


def test_declined_leaves_the_decision_standing(demo) -> None:
    case = states.case_negative_rg(demo)
    request = _ask(demo, case)
    with pytest.raises(ApplicationError) as refused:
        reconsiderations.reconsideration_answer(
            user=demo["caseworker"], request=request, accept=None, reasons="", expected_version=0
        )
    assert {p.field for p in refused.value.problems} == {"accept", "reasons"}
    reconsiderations.reconsideration_answer(
        user=demo["caseworker"],
        request=request,
        accept=False,
        reasons="Nothing new.",
        expected_version=case.version,
    )
    case.refresh_from_db()
    assert case.state == "negative_rg"
    # The first responder may not answer their own request.
    with pytest.raises(Forbidden):
        reconsiderations.reconsideration_answer(
            user=demo["ngo.fr"], request=request, accept=True, reasons="x", expected_version=0
        )


def test_the_support_provider_asks_for_the_people_it_supports(demo, provider) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=60)):
        case = states.case_in_recovery(demo)
        support_allocate(user=demo["caseworker"], case=case, provider_id=provider.pk)
    case = states.decide(
        demo["caseworker"],
        case,
        states.services.DecisionInput(
            "conclusive_grounds", "negative", "Not on balance.", consultations=states.CONSULTED
        ),
    )
    request = _ask(demo, case, who="support", grounds=["not_in_line_with_guidance"])
    assert request.requested_by_organisation == provider
    assert request.decision.stage == "conclusive_grounds"


def test_the_api_answers_201_422_and_the_case_shows_where_it_stands(client: Client, demo) -> None:
    with time_machine.travel(timezone.now() - timedelta(days=40)):
        old = states.case_negative_rg(demo)
    case = states.case_negative_rg(demo)
    url = f"/api/v1/cases/{case.reference}/reconsiderations"
    client.force_login(demo["ngo.fr"])
    late = client.post(
        f"/api/v1/cases/{old.reference}/reconsiderations",
        {"grounds": ["new_evidence"], "details": "New report."},
        content_type="application/json",
    )
    assert late.status_code == 422, late.content
    assert any("exceptional_reason" in p["loc"] for p in late.json()["detail"])
    made = client.post(
        url,
        {"grounds": ["new_evidence", "not_in_line_with_guidance"], "details": "New report."},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "pending"
    # Neither ground: refused by the schema.
    assert (
        client.post(url, {"grounds": [], "details": "x"}, content_type="application/json")
    ).status_code == 422
    # Another first responder does not know the case exists.
    client.force_login(demo["police.fr"])
    assert (
        client.post(
            url, {"grounds": ["new_evidence"], "details": "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    client.force_login(demo["caseworker"])
    case.refresh_from_db()
    answer = client.post(
        f"{url}/answer",
        {"accept": True, "reasons": "The report is new.", "version": case.version},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "accepted"
    body = client.get(f"/api/v1/cases/{case.reference}").json()
    assert body["state"] == "awaiting_rg"
    states.decide(demo["caseworker"], case)
    body = client.get(f"/api/v1/cases/{case.reference}").json()
    first, second = body["decisions"]
    assert second["supersedes"] == first["id"] and second["outcome"] == "positive"


def test_the_pages_ask_and_answer(client: Client, demo) -> None:
    case = states.case_negative_rg(demo)
    client.force_login(demo["ngo.fr"])
    home = client.get(reverse("home:home")).content.decode()
    assert f'data-reconsiderable="{case.reference}"' in home
    url = reverse("protection:reconsideration-new", args=[case.reference])
    page = client.get(url)
    assert page.status_code == 200
    refused = client.post(url, {"requested_for": "organisation"})
    assert refused.status_code == 200 and "govuk-error-summary" in refused.content.decode()
    sent = client.post(
        url,
        {"grounds": ["new_evidence"], "details": "New report.", "requested_for": "organisation"},
    )
    assert sent.status_code == 302 and sent["Location"] == reverse("home:home")
    client.force_login(demo["caseworker"])
    home = client.get(reverse("home:home")).content.decode()
    assert f'data-reconsideration="{case.reference}"' in home
    answer = reverse("protection:reconsideration-answer", args=[case.reference])
    assert client.get(answer).status_code == 200
    case.refresh_from_db()
    done = client.post(answer, {"accept": "no", "reasons": "Nothing new.", "version": case.version})
    assert done.status_code == 302
    page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert 'data-reconsideration="declined"' in page


def test_the_requests_on_the_decision_makers_home_page_cost_no_query_per_row(
    client: Client, demo, django_assert_max_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def requests(n: int) -> None:
        for _ in range(n):
            _ask(demo, states.case_negative_rg(demo))

    client.force_login(demo["caseworker"])
    requests(1)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home:home"))
    requests(4)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home:home")).content.decode()
    assert page.count("data-reconsideration=") == 5
