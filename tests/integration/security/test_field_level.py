"""Field-level protection: Home Office references never reach decision makers or
reviewers (pages, API, letters and their PDF, searches); mass assignment on the API
changes nothing it should not."""

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opennrm.accounts.models import Organisation
from opennrm.accounts.services import api_token_issue
from opennrm.audit.models import AuditEvent
from opennrm.cases.models import Case, ImmigrationDetails
from opennrm.referrals.models import Referral
from tests import states
from tests.integration.referrals.bodies import adult_body

pytestmark = pytest.mark.django_db

HOME_OFFICE_REFERENCE = "ZQX-HO-77114422"


def _bearer(user) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token_issue(actor=None, user=user)}"}


def _referred_with_a_home_office_reference(demo) -> Case:
    response = Client().post(
        "/api/v1/referrals",
        adult_body(immigration={"home_office_references": [HOME_OFFICE_REFERENCE]}),
        content_type="application/json",
        headers=_bearer(demo["ngo.fr"]),
    )
    assert response.status_code == 201, response.content
    case = Case.objects.get(reference=response.json()["reference"])
    assert ImmigrationDetails.objects.get(case=case).home_office_references == [
        HOME_OFFICE_REFERENCE
    ]
    return case


def test_home_office_references_never_reach_decision_makers(demo) -> None:
    case = _referred_with_a_home_office_reference(demo)
    states.decide(demo["caseworker"], case)
    decision = case.decisions.get()
    for who in ("caseworker", "senior.caseworker"):
        browser = Client()
        browser.force_login(demo[who])
        pages = [
            reverse("cases:case", args=[case.reference]),
            reverse("cases:queue"),
            reverse("cases:queue") + "?state=all",
            reverse("cases:letter", args=[case.reference, decision.pk]),
            reverse("cases:letter-pdf", args=[case.reference, decision.pk]),
        ]
        for url in pages:
            response = browser.get(url)
            assert response.status_code in (200, 302), (who, url)
            assert HOME_OFFICE_REFERENCE.encode() not in response.content, (who, url)
        api = [f"/api/v1/cases/{case.reference}", "/api/v1/cases", "/api/v1/cases?state=all"]
        for url in api:
            response = Client().get(url, headers=_bearer(demo[who]))
            assert response.status_code == 200
            assert HOME_OFFICE_REFERENCE not in response.content.decode(), (who, url)
    # Searching by the Home Office reference finds nothing (the page repeats only what was
    # typed).
    browser = Client()
    browser.force_login(demo["caseworker"])
    found = browser.get(reverse("cases:queue") + f"?reference={HOME_OFFICE_REFERENCE}")
    assert "No case you can see has the reference" in found.content.decode()
    # Nor does it reach the referral's answers, the audit trail or the timeline.
    assert HOME_OFFICE_REFERENCE not in json.dumps(case.referral.answers)
    assert HOME_OFFICE_REFERENCE not in json.dumps(
        list(AuditEvent.objects.values_list("payload", flat=True))
    )


def test_mass_assignment_on_a_referral_is_refused_and_changes_nothing(demo) -> None:
    other = Organisation.objects.get(name="Metropolitan Police Service")
    before = Referral.objects.count()
    headers = _bearer(demo["ngo.fr"])
    for field, value in (
        ("reference", "NRM-1999-000001"),
        ("state", "positive_cg"),
        ("version", 99),
        ("imported_by", demo["migration"].pk),
        ("decided_by", demo["caseworker"].pk),
        ("submitted_by", demo["caseworker"].pk),
        ("organisation_id", other.pk),
        ("is_child", True),
    ):
        response = Client().post(
            "/api/v1/referrals",
            {**adult_body(), field: value},
            content_type="application/json",
            headers=headers,
        )
        assert response.status_code == 422, field
        assert response.json()["detail"][0]["loc"] == [field]
    # Fields the schema has, but this person may not set: another organisation, a date in
    # the past (only data migration loads historic referrals).
    response = Client().post(
        "/api/v1/referrals",
        {**adult_body(), "organisation": other.name},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code in (403, 422)
    response = Client().post(
        "/api/v1/referrals",
        {**adult_body(), "received_at": "2019-01-01T09:00:00Z"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code in (403, 422)
    assert Referral.objects.count() == before


def test_a_referral_made_through_the_api_is_the_callers_own(demo) -> None:
    response = Client().post(
        "/api/v1/referrals",
        adult_body(),
        content_type="application/json",
        headers=_bearer(demo["ngo.fr"]),
    )
    referral = Referral.objects.get(reference=response.json()["reference"])
    assert referral.organisation.name == "The Salvation Army"
    assert referral.submitted_by == demo["ngo.fr"]
    assert referral.imported_by is None
    assert abs((timezone.now() - referral.received_at).total_seconds()) < 60
    assert referral.case.state == "awaiting_rg"
    assert referral.case.version == 1


def test_mass_assignment_on_a_decision_changes_nothing_else(demo) -> None:
    case = states.case_awaiting_rg(demo)
    response = Client().post(
        f"/api/v1/cases/{case.reference}/decisions",
        {
            "stage": "reasonable_grounds",
            "outcome": "positive",
            "rationale": "Indicators are present.",
            "version": case.version,
            "decided_by": demo["senior.caseworker"].pk,
            "state": "positive_cg",
            "received_at": "2019-01-01T09:00:00Z",
            "organisation": "Metropolitan Police Service",
            "imported_by": demo["migration"].pk,
            "decision_maker": demo["police.fr"].pk,
        },
        content_type="application/json",
        headers=_bearer(demo["caseworker"]),
    )
    assert response.status_code in (201, 422)
    fresh = Case.objects.get(pk=case.pk)
    assert fresh.received_at == case.received_at
    assert fresh.imported_by is None
    assert fresh.decision_maker_id == case.decision_maker_id
    assert fresh.state in ("awaiting_rg", "recovery_period")
    for decision in fresh.decisions.all():
        assert decision.decided_by == demo["caseworker"]
        assert abs((timezone.now() - decision.decided_at).total_seconds()) < 60


def test_a_decision_cannot_be_backdated_by_someone_who_did_not_import_it(demo) -> None:
    case = states.case_awaiting_rg(demo)
    response = Client().post(
        f"/api/v1/cases/{case.reference}/decisions",
        {
            "stage": "reasonable_grounds",
            "outcome": "positive",
            "rationale": "Indicators are present.",
            "version": case.version,
            "decided_at": "2020-01-01T09:00:00Z",
        },
        content_type="application/json",
        headers=_bearer(demo["caseworker"]),
    )
    assert response.status_code in (403, 422)
    assert not Case.objects.get(pk=case.pk).decisions.exists()
