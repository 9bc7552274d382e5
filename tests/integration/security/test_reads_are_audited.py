"""Reads are accountable: every view of a case, a referral or a document, every search of
case data (queue filters, a reference looked up) and every export is an audit event with
the route it came through; an auditor lists who viewed a record, when and why."""

import pytest
from django.test import Client
from django.urls import reverse

from opennrm.accounts.services import api_token_issue
from opennrm.audit.models import AuditEvent
from opennrm.audit.services import audit_record_export
from tests import states

pytestmark = pytest.mark.django_db


def _views(reference: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(case_reference=reference, action__endswith=".viewed").order_by(
            "id"
        )
    )


def test_every_view_of_a_childs_record_is_recorded_with_its_route(client: Client, demo) -> None:
    case = states.child_in_recovery(demo)
    chair = demo["panel.chair"]
    client.force_login(chair)
    client.get(reverse("cases:case", args=[case.reference]))
    token = api_token_issue(actor=None, user=chair)
    Client().get(f"/api/v1/cases/{case.reference}", headers={"Authorization": f"Bearer {token}"})
    views = _views(case.reference)
    assert [(v.actor, v.action, v.payload["route"]) for v in views] == [
        (chair, "cases.case.viewed", "cases:case"),
        (chair, "cases.case.viewed", "GET /api/v1/cases/{reference}"),
    ]


def test_a_referral_seen_by_its_first_responder_is_recorded(client: Client, demo) -> None:
    case = states.refer_adult(demo)
    client.force_login(demo["ngo.fr"])
    client.get(reverse("referrals:detail", args=[case.referral.reference]))
    view = _views(case.referral.reference)[-1]
    assert view.action == "referrals.referral.viewed"
    assert view.payload["route"] == "referrals:detail"


def test_queue_filters_and_reference_lookups_are_searches_on_the_record(
    client: Client, demo
) -> None:
    case = states.refer_adult(demo)
    client.force_login(demo["caseworker"])
    client.get("/cases/")  # the plain queue: no search
    assert not AuditEvent.objects.filter(action="case.searched").exists()
    client.get("/cases/?age=adult&nation=england&state=all")
    search = AuditEvent.objects.get(action="case.searched")
    assert search.payload == {
        "route": "cases:queue",
        "criteria": {"filters": {"state": "all", "age": "adult", "nation": "england"}},
    }
    found = client.get(f"/cases/?reference={case.reference.lower()}")
    assert found["Location"] == reverse("cases:case", args=[case.reference])
    missing = client.get("/cases/?reference=NRM-1999-000001")
    assert "No case you can see has the reference NRM-1999-000001" in missing.content.decode()
    client.get("/cases/?reference=Ana+Hoxha")  # free text: only its length is kept
    lookups = [
        e.payload["criteria"]
        for e in AuditEvent.objects.filter(action="case.searched").order_by("id")[1:]
    ]
    assert lookups == [
        {"reference": case.reference, "found": True},
        {"reference": "NRM-1999-000001", "found": False},
        {"typed": "not a reference", "length": 8, "found": False},
    ]


def test_a_case_another_body_decides_is_not_found_by_reference(client: Client, demo) -> None:
    child = states.refer_child(demo)
    client.force_login(demo["caseworker"])
    response = client.get(f"/cases/?reference={child.reference}")
    assert response.status_code == 200
    assert "No case you can see has the reference" in response.content.decode()


def test_filtering_the_cases_api_is_a_search_on_the_record(demo) -> None:
    token = api_token_issue(actor=None, user=demo["caseworker"])
    Client().get(
        "/api/v1/cases?is_child=false&assigned=%C2%B2",
        headers={"Authorization": f"Bearer {token}"},
    )
    search = AuditEvent.objects.get(action="case.searched")
    assert search.payload["criteria"] == {"filters": {"is_child": False, "assigned": "other"}}
    assert search.payload["route"] == "GET /api/v1/cases"


def test_exports_are_recorded_with_their_size_and_criteria(demo) -> None:
    event = audit_record_export(
        actor=demo["statistician"], kind="statistics", rows=42, criteria={"quarter": "2026-Q1"}
    )
    assert event.action == "statistics.exported"
    assert event.payload == {
        "route": "",
        "rows": 42,
        "criteria": {"quarter": "2026-Q1"},
    }


def test_an_auditor_lists_who_viewed_a_record_when_and_why(client: Client, demo) -> None:
    case = states.child_in_recovery(demo)
    viewer = Client()
    viewer.force_login(demo["panel.member"])
    viewer.get(reverse("cases:case", args=[case.reference]))
    decision = case.decisions.get()
    viewer.get(reverse("cases:letter", args=[case.reference, decision.pk]))

    client.force_login(demo["auditor"])
    url = reverse("audit:viewers")
    assert "Find viewers" in client.get(url).content.decode()
    page = client.get(f"{url}?reference={case.reference}").content.decode()
    assert "Rhys Morgan" in page
    assert "panel.member@demo.opennrm.test" in page
    assert "Opened the case page" in page
    assert "Read a decision letter" in page
    # Looking it up is itself on the record.
    looked = AuditEvent.objects.filter(action="audit.searched", actor=demo["auditor"]).get()
    assert looked.payload["criteria"] == {"reference": case.reference}

    bad = client.get(f"{url}?reference=robert'); drop table")
    assert bad.status_code == 400
    assert "Enter the reference in the correct format" in bad.content.decode()
    for who in ("caseworker", "police.fr"):
        other = Client()
        other.force_login(demo[who])
        assert other.get(f"{url}?reference={case.reference}").status_code == 403


def test_the_viewers_list_does_not_query_per_row(
    client: Client, demo, django_assert_max_num_queries
) -> None:
    case = states.refer_adult(demo)
    viewer = Client()
    viewer.force_login(demo["caseworker"])
    viewer.get(reverse("cases:case", args=[case.reference]))
    client.force_login(demo["auditor"])
    url = f"{reverse('audit:viewers')}?reference={case.reference}"
    with django_assert_max_num_queries(15) as few:
        assert client.get(url).status_code == 200
    baseline = len(few.captured_queries)
    for _ in range(20):
        viewer.get(reverse("cases:case", args=[case.reference]))
    with django_assert_max_num_queries(baseline):
        client.get(url)
