"""The review API (`/api/v1/reviews`, `/cases/{reference}/review`, `/quality-check`,
`/statistics/reviews`), the reviewer's pages, the measures and the home pages."""

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from opennrm.accounts.models import Organisation, RoleMembership, User
from opennrm.accounts.services import api_token_issue
from opennrm.api.urls import api
from opennrm.cases.models import ImmigrationDetails
from opennrm.reviews.measures import Column, Kind, MeasureProvider, measures_table
from tests import states
from tests.integration.reviews.flows import negative_cg_2020

pytestmark = pytest.mark.django_db

JUNE_2020 = "2020-06-02 10:00 +00:00"


def headers(user):
    return {"Authorization": f"Bearer {api_token_issue(actor=None, user=user)}"}


def test_the_schema_documents_the_operations():
    paths = api.get_openapi_schema()["paths"]
    assert "get" in paths["/api/v1/reviews"]
    review = paths["/api/v1/cases/{reference}/review"]["post"]
    body = review["requestBody"]["content"]["application/json"]["schema"]
    assert "ReviewIn" in str(body)
    assert {"200", "403", "404", "409", "422"} <= {str(k) for k in review["responses"]}
    assert "get" in paths["/api/v1/statistics/reviews"]


def test_a_reviewer_lists_and_concludes_through_the_api(client: Client, demo, make_case):
    case = negative_cg_2020(demo, make_case)
    auth = headers(demo["review.panel"])
    queue = client.get("/api/v1/reviews", headers=auth).json()
    assert [r["reference"] for r in queue] == [case.reference]
    assert queue[0]["proposed_outcome"] == "negative" and queue[0]["stage"] == "conclusive_grounds"
    url = f"/api/v1/cases/{case.reference}/review"
    missing = client.post(
        url,
        {"outcome": "agree", "version": case.version},
        content_type="application/json",
        headers=auth,
    )
    assert missing.status_code == 422
    with time_machine.travel(JUNE_2020, tick=False):
        done = client.post(
            url,
            {"outcome": "agree", "reasons": "Sound.", "version": queue[0]["version"]},
            content_type="application/json",
            headers=auth,
        )
        assert done.status_code == 200, done.content
        assert done.json()["state"] == "negative_cg"
        again = client.post(
            url,
            {"outcome": "disagree", "reasons": "Late.", "version": done.json()["version"]},
            content_type="application/json",
            headers=auth,
        )
    assert again.status_code == 409
    assert "already concluded" in again.json()["detail"]


def test_a_reviewer_from_the_deciding_organisation_is_refused_with_the_reason(
    client: Client, demo, make_case
):
    case = negative_cg_2020(demo, make_case)
    insider = User.objects.get(pk=demo["caseworker"].pk)
    RoleMembership.objects.create(
        user=insider,
        organisation=Organisation.objects.get(name="Independent Review Panel"),
        role="review_panel_member",
    )
    answer = client.post(
        f"/api/v1/cases/{case.reference}/review",
        {"outcome": "agree", "reasons": "Mine.", "version": case.version},
        content_type="application/json",
        headers=headers(insider),
    )
    assert answer.status_code == 403
    assert "organisation that made this decision" in answer.json()["detail"]
    # And on the page.
    client.force_login(insider)
    page = client.post(
        reverse("reviews:conclude", args=[case.reference]),
        {
            "conclusion-outcome": "agree",
            "conclusion-reasons": "Mine.",
            "conclusion-version": case.version,
        },
    )
    assert "organisation that made this decision" in page.content.decode()


def test_a_caseworker_is_not_a_reviewer(client: Client, demo, make_case):
    case = negative_cg_2020(demo, make_case)
    answer = client.post(
        f"/api/v1/cases/{case.reference}/review",
        {"outcome": "agree", "reasons": "x", "version": case.version},
        content_type="application/json",
        headers=headers(demo["caseworker"]),
    )
    assert answer.status_code == 403
    assert client.get("/api/v1/reviews", headers=headers(demo["caseworker"])).status_code == 403


def test_quality_check_through_the_api(client: Client, demo):
    case = states.case_negative_rg_awaiting_check(demo)
    url = f"/api/v1/cases/{case.reference}/quality-check"
    own = client.post(
        url,
        {"outcome": "passed", "version": case.version},
        content_type="application/json",
        headers=headers(demo["caseworker"]),
    )
    assert own.status_code == 403
    done = client.post(
        url,
        {"outcome": "passed", "version": case.version},
        content_type="application/json",
        headers=headers(demo["senior.caseworker"]),
    )
    assert done.status_code == 200 and done.json()["state"] == "negative_rg"


def test_the_review_page_records_views_and_shows_errors(
    client: Client, demo, make_case, second_reviewer
):
    case = negative_cg_2020(demo, make_case)
    client.force_login(second_reviewer)
    url = reverse("reviews:review", args=[case.reference])
    page = client.get(url).content.decode()
    assert "Not on the balance of probabilities." in page
    error = client.post(url, {"view-outcome": "agree", "view-reasons": ""}).content.decode()
    assert "Enter the reasons for your view" in error and "Error:" in error
    client.post(url, {"view-outcome": "disagree", "view-reasons": "Corroborated by police."})
    assert "Corroborated by police." in client.get(url).content.decode()
    # Immigration details never reach a reviewer.
    ImmigrationDetails.objects.update_or_create(
        case=case,
        defaults={"home_office_references": ["HO-CANARY-991"], "immigration_status": "Canary"},
    )
    case_page = client.get(reverse("cases:case", args=[case.reference]))
    assert case_page.status_code == 200
    assert "HO-CANARY-991" not in case_page.content.decode()
    assert "Canary" not in case_page.content.decode()


def test_the_queue_page_and_home_have_flat_queries(
    client: Client, demo, make_case, django_assert_max_num_queries
):
    negative_cg_2020(demo, make_case)
    client.force_login(demo["review.panel"])
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("reviews:queue"))
    for _ in range(3):
        negative_cg_2020(demo, make_case)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("reviews:queue")).content.decode()
    assert page.count('data-review="') == 4
    home = client.get(reverse("home:home")).content.decode()
    assert 'data-count="reviews">4<' in home


def test_the_measures_count_reviews_and_checks(client: Client, demo, make_case):
    agreed = negative_cg_2020(demo, make_case)
    disagreed = negative_cg_2020(demo, make_case)
    sent_back = states.case_negative_rg_awaiting_check(demo)
    from opennrm.reviews.services import quality_check_record, review_conclude

    with time_machine.travel(JUNE_2020, tick=False):
        for case, outcome in ((agreed, "agree"), (disagreed, "disagree")):
            case.refresh_from_db()
            review_conclude(
                user=demo["review.panel"],
                case=case,
                outcome=outcome,
                reasons="r",
                expected_version=case.version,
            )
    quality_check_record(
        user=demo["senior.caseworker"],
        case=sent_back,
        outcome="returned",
        reasons="Redo.",
        expected_version=sent_back.version,
    )
    table = measures_table()
    rows = {(r.stage, r.decision_maker): r.values for r in table.rows}
    cg = rows[("conclusive_grounds", "Single Competent Authority")]
    assert cg["decisions_reviewed"] == 2 and cg["review_agreement_rate"] == 0.5
    assert cg["median_days_in_review"] == pytest.approx(1.0)
    assert cg["quality_checks"] == 2 and cg["quality_checks_sent_back"] == 0
    rg = rows[("reasonable_grounds", "Single Competent Authority")]
    assert rg["quality_checks"] == 1 and rg["quality_checks_sent_back"] == 1
    client.force_login(demo["senior.caseworker"])
    page = client.get(reverse("reviews:measures")).content.decode()
    assert "50%" in page
    body = client.get("/api/v1/statistics/reviews", headers=headers(demo["statistician"])).json()
    assert {c["key"] for c in body["columns"]} >= {"decisions_reviewed", "review_agreement_rate"}
    client.force_login(demo["caseworker"])
    assert client.get(reverse("reviews:measures")).status_code == 403


def test_another_app_adds_columns_through_a_measure_provider(demo):
    extra = MeasureProvider(
        "reconsideration",
        (Column("reconsideration_requests", "Reconsideration requests", Kind.COUNT),),
        lambda: {("reasonable_grounds", 1): {"reconsideration_requests": 3}},
    )
    table = measures_table([extra])
    assert [c.key for c in table.columns] == ["reconsideration_requests"]
    assert table.rows[0].values == {"reconsideration_requests": 3}


def test_the_case_page_shows_the_check_the_review_and_the_timeline(client: Client, demo, make_case):
    case = negative_cg_2020(demo, make_case)
    with time_machine.travel(JUNE_2020, tick=False):
        case.refresh_from_db()
        from opennrm.reviews.services import review_conclude

        review_conclude(
            user=demo["review.panel"],
            case=case,
            outcome="agree",
            reasons="The consultations support it.",
            expected_version=case.version,
        )
    client.force_login(demo["caseworker"])
    page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert 'data-quality-check="passed"' in page and 'data-review-outcome="agree"' in page
    assert "Proposed decision sent to the independent review panel" in page
    assert "Independent review: the panel agreed; decision issued" in page
    decision = case.decisions.get(stage="conclusive_grounds")
    letter = client.get(reverse("cases:letter", args=[case.reference, decision.pk])).content
    assert "reviewed this decision before it was issued" in letter.decode()
