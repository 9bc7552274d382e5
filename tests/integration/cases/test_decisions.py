"""Decisions through the service and the API: deadlines, guards, versions, audit."""

import io
import json

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from opennrm.accounts.services import api_token_issue
from opennrm.cases import services
from opennrm.cases.domain import Action, TransitionRefused
from opennrm.cases.models import Case, ImmigrationDetails
from opennrm.cases.selectors import immigration_details_get
from tests.states import pass_quality_check

pytestmark = pytest.mark.django_db

RG = services.DecisionInput(stage="reasonable_grounds", outcome="positive", rationale="Indicators.")


def decide(user, case, decision=RG):
    case.refresh_from_db()
    return services.decision_record(
        user=user, case=case, decision=decision, expected_version=case.version
    )


@pytest.mark.parametrize(("rg_day", "days"), [("2023-01-29", 45), ("2023-01-30", 30)])
def test_positive_rg_starts_the_recovery_period_in_force_that_day(demo, make_case, rg_day, days):
    with time_machine.travel(f"{rg_day} 10:00 +00:00", tick=False):
        case = make_case()
        decide(demo["caseworker"], case)
    case.refresh_from_db()
    assert case.state == "recovery_period"
    assert (case.cg_earliest - case.recovery_period_ends).days == 0
    assert (case.cg_earliest.toordinal() - case.received_at.date().toordinal()) == days
    decision = case.decisions.get()
    expected = "suspect but cannot prove" if days == 45 else "reasonable grounds to believe"
    assert expected in decision.threshold_wording


def test_cg_is_refused_before_the_recovery_period_ends_then_allowed(demo, make_case):
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        case = make_case()
        decide(demo["caseworker"], case)
        with pytest.raises(TransitionRefused, match="before 1 April 2026"):
            decide(
                demo["caseworker"],
                case,
                services.DecisionInput("conclusive_grounds", "positive", "Balance."),
            )
    with time_machine.travel("2026-04-01 10:00 +00:00", tick=False):
        decide(
            demo["caseworker"],
            case,
            services.DecisionInput("conclusive_grounds", "positive", "Balance."),
        )
    case.refresh_from_db()
    assert case.state == "positive_cg"


def test_negative_cg_needs_the_consultations(demo, make_case):
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        case = make_case()
        decide(demo["caseworker"], case)
    with time_machine.travel("2026-05-01 10:00 +00:00", tick=False):
        negative = services.DecisionInput("conclusive_grounds", "negative", "Not enough.")
        with pytest.raises(TransitionRefused, match="Record who was consulted"):
            decide(demo["caseworker"], case, negative)
        decide(
            demo["caseworker"],
            case,
            services.DecisionInput(
                "conclusive_grounds",
                "negative",
                "Not enough.",
                consultations=("first_responder", "support_provider", "police"),
            ),
        )
        # Proposed: a senior caseworker checks it before it is issued.
        case.refresh_from_db()
        assert case.state == "cg_quality_check"
        pass_quality_check(case)
    case.refresh_from_db()
    assert case.state == "negative_cg"


def test_child_rg_needs_the_local_authority_and_wishes(demo, make_case):
    # A child whose area has no panel: the competent authority decides.
    case = make_case("child", local_authority="Leeds City Council")
    with pytest.raises(TransitionRefused, match="local authority was consulted"):
        decide(demo["caseworker"], case)
    decide(
        demo["caseworker"],
        case,
        services.DecisionInput(
            "reasonable_grounds",
            "negative",
            "No indicators.",
            local_authority_consulted=True,
            child_wishes_and_feelings="Wants to go home.",
        ),
    )
    case.refresh_from_db()
    assert case.state == "rg_quality_check"
    assert pass_quality_check(case).state == "negative_rg"


def test_a_stale_version_is_refused_and_nothing_is_written(demo, make_case):
    case = make_case()
    stale = case.version
    decide(demo["caseworker"], case)
    with pytest.raises(services.CaseChanged):
        services.decision_record(
            user=demo["senior.caseworker"], case=case, decision=RG, expected_version=stale
        )
    assert Case.objects.get(pk=case.pk).decisions.count() == 1


def test_people_outside_the_deciding_organisation_cannot_decide(demo, make_case):
    case = make_case()
    with pytest.raises(TransitionRefused, match="role"):
        decide(demo["panel.chair"], case)
    with pytest.raises(TransitionRefused, match="role"):
        decide(demo["ngo.fr"], case)


def test_suspend_and_reinstate_return_to_the_same_state_and_withdraw_needs_consent(demo, make_case):
    case = make_case()
    user = demo["caseworker"]
    case = services.case_transition(
        user=user, case=case, action=Action.SUSPEND, expected_version=case.version, reason="Missing"
    )
    assert case.state == "suspended"
    case = services.case_transition(
        user=user, case=case, action=Action.REINSTATE, expected_version=case.version, reason="Found"
    )
    assert case.state == "awaiting_rg"
    with pytest.raises(TransitionRefused, match="written request"):
        services.case_transition(
            user=user, case=case, action=Action.WITHDRAW, expected_version=case.version
        )
    case = services.case_transition(
        user=user,
        case=case,
        action=Action.WITHDRAW,
        expected_version=case.version,
        written_consent=True,
    )
    assert case.state == "withdrawn"


def test_every_transition_is_audited_and_the_chain_verifies(demo, make_case):
    from opennrm.audit.models import AuditEvent

    case = make_case()
    decide(demo["caseworker"], case)
    assert AuditEvent.objects.filter(
        case_reference=case.reference, action="case.decide_rg_positive"
    ).exists()
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "intact" in out.getvalue()


def test_decision_makers_never_see_immigration_details(demo, make_case, client: Client):
    case = make_case()
    ImmigrationDetails.objects.create(
        case=case, home_office_references=["HO-123"], immigration_status="Asylum seeker"
    )
    assert immigration_details_get(user=demo["caseworker"], case=case) is None
    assert immigration_details_get(user=demo["auditor"], case=case).home_office_references == [
        "HO-123"
    ]
    token = api_token_issue(actor=None, user=demo["caseworker"])
    body = client.get(
        f"/api/v1/cases/{case.reference}", headers={"Authorization": f"Bearer {token}"}
    ).content.decode()
    assert "HO-123" not in body
    assert "Asylum" not in body
    client.force_login(demo["caseworker"])
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "HO-123" not in page
    assert "Asylum" not in page


def api(client: Client, user, method: str, path: str, body=None):
    token = api_token_issue(actor=None, user=user)
    headers = {"Authorization": f"Bearer {token}"}
    if method == "get":
        return client.get(path, headers=headers)
    return client.post(
        path, data=json.dumps(body), content_type="application/json", headers=headers
    )


def test_api_decision_201_409_422_403_404(client: Client, demo, make_case):
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        case = make_case()
        url = f"/api/v1/cases/{case.reference}/decisions"
        body = {
            "stage": "reasonable_grounds",
            "outcome": "positive",
            "rationale": "Indicators.",
            "version": case.version,
        }
        missing = api(client, demo["caseworker"], "post", url, {**body, "rationale": " "})
        assert missing.status_code == 422
        assert missing.json()["detail"][0]["loc"] == ["rationale"]
        forbidden = api(client, demo["panel.chair"], "post", url, body)
        assert forbidden.status_code == 404  # not a case the Cardiff panel can see
        created = api(client, demo["caseworker"], "post", url, body)
        assert created.status_code == 201, created.content
        data = created.json()
        assert data["state"] == "recovery_period"
        assert data["deadlines"]["cg_earliest"] == "2026-04-01"
        assert data["decisions"][0]["outcome"] == "positive"
        stale = api(client, demo["caseworker"], "post", url, body)
        assert stale.status_code == 409
        early = api(
            client,
            demo["caseworker"],
            "post",
            url,
            {**body, "stage": "conclusive_grounds", "version": data["version"]},
        )
        assert early.status_code == 422
        assert "1 April 2026" in early.json()["detail"][0]["msg"]
        assert (
            api(
                client, demo["caseworker"], "post", "/api/v1/cases/NRM-1999-000001/decisions", body
            ).status_code
            == 404
        )
        backdate = api(
            client,
            demo["caseworker"],
            "post",
            url,
            {**body, "decided_at": "2024-01-01T10:00:00Z", "version": data["version"]},
        )
        assert backdate.status_code == 422
        assert backdate.json()["detail"][0]["loc"] == ["decided_at"]


def test_api_queue_filters_and_pages_with_constant_queries(
    client: Client, demo, make_case, django_assert_max_num_queries
):
    for _ in range(3):
        make_case()
    make_case("child", nation="england", local_authority="Leeds City Council")
    token = api_token_issue(actor=None, user=demo["caseworker"])
    headers = {"Authorization": f"Bearer {token}"}
    with django_assert_max_num_queries(12) as few:
        first = client.get("/api/v1/cases?limit=2", headers=headers).json()
    baseline = len(few.captured_queries)
    assert len(first["items"]) == 2
    second = client.get(
        f"/api/v1/cases?limit=2&cursor={first['next_cursor']}", headers=headers
    ).json()
    refs = [c["reference"] for c in first["items"] + second["items"]]
    assert len(set(refs)) == 4
    assert second["next_cursor"] is None
    children = client.get("/api/v1/cases?is_child=true", headers=headers).json()["items"]
    assert [c["is_child"] for c in children] == [True]
    for _ in range(20):
        make_case()
    with django_assert_max_num_queries(baseline):
        client.get("/api/v1/cases?limit=100", headers=headers)
    bad = client.get("/api/v1/cases?cursor=nonsense", headers=headers)
    assert bad.status_code == 422


def test_home_office_references_are_kept_behind_the_immigration_firewall(demo, make_case):
    case = make_case(immigration={"home_office_references": ["HO-9876543", "GWF0123456"]})
    assert "immigration" not in case.referral.answers
    assert "HO-9876543" not in str(case.referral.answers)
    details = ImmigrationDetails.objects.get(case=case)
    assert details.home_office_references == ["HO-9876543", "GWF0123456"]
    assert immigration_details_get(user=demo["caseworker"], case=case) is None
