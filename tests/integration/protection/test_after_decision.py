"""After the decision: support providers allocated after a positive RG and what they see;
judicial reviews (a specialist solicitor always offered for a child); leave to remain, by
immigration staff only; public-order disqualification, never for a child."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opennrm.core.exceptions import ApplicationError, Forbidden
from opennrm.protection import after_decision, judicial_reviews, support
from opennrm.protection.models import LeaveConsideration
from tests import states

pytestmark = pytest.mark.django_db


def test_support_is_allocated_after_a_positive_rg_and_the_provider_sees_the_person(
    client: Client, demo, provider
) -> None:
    waiting = states.case_awaiting_rg(demo)
    with pytest.raises(ApplicationError, match="after a positive reasonable grounds"):
        support.support_allocate(user=demo["caseworker"], case=waiting, provider_id=provider.pk)
    case = states.case_in_recovery(demo)
    client.force_login(demo["support"])
    assert client.get(reverse("cases:case", args=[case.reference])).status_code == 404
    with pytest.raises(Forbidden):
        support.support_allocate(user=demo["ngo.fr"], case=case, provider_id=provider.pk)
    support.support_allocate(user=demo["caseworker"], case=case, provider_id=provider.pk)
    assert client.get(reverse("cases:case", args=[case.reference])).status_code == 200
    home = client.get(reverse("home:home")).content.decode()
    assert f'data-supported="{case.reference}"' in home
    assert f"{case.recovery_period_ends:%-d %b %Y}" in home
    # The provider asks for more recovery time.
    support.extension_request(user=demo["support"], case=case, days=30, reason="Counselling.")
    assert case.extension_requests.get().days == 30
    with pytest.raises(ApplicationError):
        support.extension_request(user=demo["support"], case=case, days=0, reason="x")


def test_the_support_home_page_queries_stay_flat(
    client: Client, demo, provider, django_assert_max_num_queries
) -> None:
    def people(n: int) -> None:
        for _ in range(n):
            case = states.case_in_recovery(demo)
            support.support_allocate(user=demo["caseworker"], case=case, provider_id=provider.pk)

    client.force_login(demo["support"])
    people(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home:home"))
    people(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("home:home"))
    assert page.content.decode().count("data-supported=") == 7


def test_move_on_ends_after_a_positive_cg_by_the_policy(client: Client, demo, provider) -> None:
    case = states.case_positive_cg(demo)
    client.force_login(demo["caseworker"])
    page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    # 45 days of move-on support since 2019.
    assert f"{timezone.localdate() + timedelta(days=45):%-d %B %Y}" in page


def test_a_child_is_always_offered_a_specialist_solicitor(demo) -> None:
    child = states.child_in_recovery(demo)
    decision = child.decisions.get()
    with pytest.raises(ApplicationError) as refused:
        judicial_reviews.judicial_review_record(
            user=demo["panel.chair"],
            case=child,
            decision_id=decision.pk,
            claim_lodged_on=timezone.localdate(),
            solicitor_referral_offered=False,
        )
    assert refused.value.field == "solicitor_referral_offered"
    review = judicial_reviews.judicial_review_record(
        user=demo["panel.chair"],
        case=child,
        decision_id=decision.pk,
        claim_lodged_on=timezone.localdate(),
        solicitor_referral_offered=True,
        solicitor="A Solicitor, Law Centre",
    )
    judicial_reviews.judicial_review_outcome(
        user=demo["panel.chair"],
        review=review,
        outcome="decision_quashed",
        outcome_on=timezone.localdate(),
    )
    review.refresh_from_db()
    assert review.outcome == "decision_quashed"


def test_leave_is_considered_only_by_immigration_staff(client: Client, demo) -> None:
    case = states.case_positive_cg(demo)
    body = {
        "kind": "temporary_permission_to_stay",
        "outcome": "granted",
        "considered_on": timezone.localdate().isoformat(),
        "reasons": "Confirmed victim pursuing compensation.",
    }
    url = f"/api/v1/cases/{case.reference}/leave-consideration"
    client.force_login(demo["caseworker"])
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code == 403
    assert "immigration" in refused.json()["detail"]
    page = client.get(reverse("protection:leave", args=[case.reference]))
    assert page.status_code == 403 and "immigration" in page.content.decode()
    with pytest.raises(Forbidden, match="immigration"):
        after_decision.leave_consideration_record(
            user=demo["caseworker"],
            case=case,
            kind="temporary_permission_to_stay",
            outcome="granted",
            considered_on=date.today(),
            reasons="x",
        )
    client.force_login(demo["leave.caseworker"])
    home = client.get(reverse("home:home")).content.decode()
    assert case.reference in home
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 201, made.content
    assert LeaveConsideration.objects.get(case=case).recorded_by == demo["leave.caseworker"]
    # The caseworker's case page never shows it.
    client.force_login(demo["caseworker"])
    page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert "data-leave" not in page and "Leave considered" not in page


def test_a_leave_caseworker_sees_only_confirmed_victims(client: Client, demo) -> None:
    waiting = states.case_awaiting_rg(demo)
    client.force_login(demo["leave.caseworker"])
    assert client.get(reverse("cases:case", args=[waiting.reference])).status_code == 404


def test_public_order_disqualification_is_for_adults_only(demo) -> None:
    child = states.child_in_recovery(demo)
    with pytest.raises(Forbidden):
        # Panels decide for children; the policy names no public-order grant for them.
        after_decision.public_order_decide(
            user=demo["panel.chair"],
            case=child,
            grounds="x",
            representations="x",
            outcome="disqualified",
            reasons="x",
        )
    adult = states.case_in_recovery(demo)
    with pytest.raises(ApplicationError) as refused:
        after_decision.public_order_decide(
            user=demo["caseworker"],
            case=adult,
            grounds="Convicted of a serious offence.",
            representations="",
            outcome="",
            reasons="",
        )
    assert [p.field for p in refused.value.problems] == ["outcome", "representations", "reasons"]
    made = after_decision.public_order_decide(
        user=demo["caseworker"],
        case=adult,
        grounds="Convicted of a serious offence.",
        representations="The person says they were compelled.",
        outcome="not_disqualified",
        reasons="Compelled by the exploiters.",
    )
    assert made.outcome == "not_disqualified"


def test_the_policy_refuses_public_order_for_a_child_the_competent_authority_decides(
    demo,
) -> None:
    from opennrm.accounts.models import Organisation
    from opennrm.referrals import services as referral_services
    from opennrm.referrals.schema import ReferralSubmission
    from tests.integration.referrals.bodies import child_body

    # A child outside every panel's area is decided by the competent authority.
    case = referral_services.referral_submit(
        user=demo["cardiff.fr"],
        organisation=Organisation.objects.get(name="City of Cardiff Council"),
        submission=ReferralSubmission.model_validate(
            child_body(local_authority="City and County of Swansea Council")
        ),
    ).referral.case
    assert case.decision_maker.name == "Single Competent Authority"
    with pytest.raises(ApplicationError, match="A child cannot be disqualified"):
        after_decision.public_order_decide(
            user=demo["caseworker"],
            case=case,
            grounds="x",
            representations="x",
            outcome="disqualified",
            reasons="x",
        )
