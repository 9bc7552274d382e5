"""The access policy in the situations a security review tried: data migration on live cases,
immigration fields, reviewers, evidence, revoked roles, open redirects."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import RoleMembership
from opennrm.audit.models import AuditEvent
from opennrm.cases import services
from opennrm.cases.models import Case, ImmigrationDetails
from opennrm.cases.selectors import immigration_details_get
from opennrm.core.exceptions import ApplicationError
from tests import states

pytestmark = pytest.mark.django_db


def api_decide(client: Client, user, case: Case, **body):
    client.force_login(user)
    return client.post(
        f"/api/v1/cases/{case.reference}/decisions",
        {
            "stage": "reasonable_grounds",
            "outcome": "negative",
            "rationale": "Backdated.",
            "version": case.version,
            **body,
        },
        content_type="application/json",
    )


def test_data_migration_cannot_read_or_decide_a_live_case(client: Client, demo) -> None:
    live = states.child_in_recovery(demo)
    client.force_login(demo["migration"])
    assert client.get(reverse("cases:case", args=[live.reference])).status_code == 404
    assert client.get(f"/api/v1/cases/{live.reference}").status_code == 404
    three_years_ago = (timezone.now() - timedelta(days=3 * 365)).isoformat()
    response = api_decide(client, demo["migration"], live, decided_at=three_years_ago)
    assert response.status_code == 404
    live.refresh_from_db()
    assert live.decisions.count() == 1


def test_data_migration_decides_only_its_own_imports_with_their_dates(client, demo) -> None:
    imported = states.case_imported(demo)
    assert imported.state == "recovery_period"
    with pytest.raises(ApplicationError, match="originally made"):
        services.decision_record(
            user=demo["migration"],
            case=imported,
            expected_version=imported.version,
            decision=services.DecisionInput("conclusive_grounds", "positive", "Historic."),
        )
    before_referral = imported.received_at - timedelta(days=1)
    response = api_decide(
        client,
        demo["migration"],
        imported,
        stage="conclusive_grounds",
        outcome="positive",
        decided_at=before_referral.isoformat(),
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["decided_at"]
    assert "before the referral was received" in response.json()["detail"][0]["msg"]
    future = timezone.now() + timedelta(days=2)
    response = api_decide(client, demo["migration"], imported, decided_at=future.isoformat())
    assert response.status_code == 422
    # Another data migration account did not import it, so cannot see it.
    from tests.factories import person_with_role

    other = person_with_role("data_migration", imported.decision_maker)
    assert api_decide(client, other, imported).status_code == 404


def test_a_caseworker_cannot_backdate(client, demo) -> None:
    case = states.case_awaiting_rg(demo)
    yesterday = timezone.now() - timedelta(days=1)
    response = api_decide(client, demo["caseworker"], case, decided_at=yesterday.isoformat())
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["decided_at"]


def test_immigration_fields_stay_hidden_from_anyone_who_also_decides(demo) -> None:
    case = states.case_awaiting_rg(demo)
    ImmigrationDetails.objects.create(case=case, home_office_references=["HO-1234567"])
    assert immigration_details_get(user=demo["auditor"], case=case) is not None
    RoleMembership.objects.create(
        user=demo["auditor"], organisation=case.decision_maker, role="caseworker"
    )
    demo["auditor"].refresh_from_db()
    fresh = type(demo["auditor"]).objects.get(pk=demo["auditor"].pk)
    assert immigration_details_get(user=fresh, case=case) is None


def test_revoking_a_role_takes_effect_on_the_next_request(client, demo) -> None:
    case = states.case_awaiting_rg(demo)
    client.force_login(demo["caseworker"])
    assert client.get(reverse("cases:case", args=[case.reference])).status_code == 200
    demo["caseworker"].memberships.update(is_active=False)
    assert client.get(reverse("cases:case", args=[case.reference])).status_code == 404
    assert client.get(reverse("cases:queue")).status_code == 403


def test_the_review_panel_sees_only_the_decisions_sent_to_it(client, demo) -> None:
    under_review = states.case_negative_cg_under_review(demo)
    assert under_review.state == "cg_review"
    other = states.case_awaiting_rg(demo)
    client.force_login(demo["review.panel"])
    assert client.get(reverse("cases:case", args=[under_review.reference])).status_code == 200
    assert client.get(reverse("cases:case", args=[other.reference])).status_code == 404
    decide = reverse("cases:decide", args=[under_review.reference, "conclusive_grounds"])
    assert client.get(decide).status_code == 403
    # A reviewer from the deciding body itself is no independent reviewer.
    RoleMembership.objects.create(
        user=demo["review.panel"],
        organisation=under_review.decision_maker,
        role="review_panel_member",
    )
    assert client.get(reverse("cases:case", args=[under_review.reference])).status_code == 404


def test_an_auditor_reads_a_case_but_cannot_open_the_decision_form(client, demo) -> None:
    case = states.case_awaiting_rg(demo)
    client.force_login(demo["auditor"])
    assert client.get(reverse("cases:case", args=[case.reference])).status_code == 200
    url = reverse("cases:decide", args=[case.reference, "reasonable_grounds"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"outcome": "positive", "rationale": "x"}).status_code == 403


def test_the_deciding_body_downloads_the_evidence_and_it_is_recorded(client, demo) -> None:
    from tests.integration.access.test_access_matrix import build_world

    world = build_world(demo)
    evidence = next(e for e in world.objects["evidence"] if e.referral_id is not None)
    url = reverse("referrals:evidence-download", args=[evidence.pk])
    client.force_login(demo["caseworker"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(
        action="referrals.evidencefile.viewed", object_id=str(evidence.pk)
    ).exists()
    client.force_login(demo["panel.member"])
    assert client.get(url).status_code == 404


def test_assign_to_me_never_redirects_off_the_service(client, demo) -> None:
    case = states.case_awaiting_rg(demo)
    client.force_login(demo["caseworker"])
    response = client.post(
        reverse("cases:assign-to-me", args=[case.reference]),
        {"version": case.version, "next": "https://evil.example/phish"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:queue")
    response = client.post(
        reverse("cases:assign-to-me", args=[case.reference]),
        {"version": case.version + 1, "next": "/cases/?assigned=me"},
    )
    assert response["Location"] == "/cases/?assigned=me"


def test_a_queue_filter_with_unicode_digits_does_not_crash(client, demo) -> None:
    client.force_login(demo["caseworker"])
    assert client.get(reverse("cases:queue"), {"assigned": "²"}).status_code == 200


def test_may_answers_without_a_query_for_a_loaded_case(demo, django_assert_num_queries) -> None:
    case = Case.objects.select_related("referral").get(pk=states.case_awaiting_rg(demo).pk)
    user = type(demo["caseworker"]).objects.get(pk=demo["caseworker"].pk)
    user.organisation_ids_for()  # the person's memberships, read once per request
    with django_assert_num_queries(0):
        assert evaluate.may(user, Permission.CASE_DECIDE, case)
        assert not evaluate.may(user, Permission.CASE_WITHDRAW_IN_ERROR, case)
        assert evaluate.permissions_on(user, case, "case") >= {Permission.CASE_VIEW}
