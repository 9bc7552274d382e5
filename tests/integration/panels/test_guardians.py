"""Guardians: referred where the service runs, assigned by the deciding body or the guardian
service; the guardian sees their children read-only and adds notes; no other guardian can."""

import pytest
from django.test import Client
from django.urls import reverse

from opennrm.core.exceptions import ApplicationError, Forbidden
from opennrm.panels import services
from opennrm.panels.models import CaseNote, GuardianReferral, Panel
from tests import states
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
GUARDIAN = "guardian@demo.opennrm.test"


def test_the_api_assigns_a_guardian_who_then_sees_the_case(
    client: Client, demo, other_guardian
) -> None:
    case = states.refer_child(demo)
    client.force_login(demo["panel.chair"])
    response = client.put(
        f"/api/v1/cases/{case.reference}/guardian",
        {"guardian": GUARDIAN, "kind": "direct"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["guardian"] == GUARDIAN
    client.force_login(demo["guardian"])
    assert client.get(f"/api/v1/cases/{case.reference}").status_code == 200
    assert client.get(reverse("cases:case", args=[case.reference])).status_code == 200
    queue = client.get(reverse("cases:queue"))
    assert queue.status_code == 200 and case.reference in queue.content.decode()
    # Read-only: no decision, no action.
    decide = reverse("cases:decide", args=[case.reference, "reasonable_grounds"])
    assert client.get(decide).status_code == 403
    client.force_login(other_guardian)
    assert client.get(f"/api/v1/cases/{case.reference}").status_code == 404
    assert client.get(reverse("cases:case", args=[case.reference])).status_code == 404
    assert case.reference not in client.get(reverse("cases:queue")).content.decode()


def test_a_guardian_adds_a_note_to_the_timeline(client: Client, demo) -> None:
    case = states.refer_child(demo)
    services.guardian_assign(
        actor=demo["panel.chair"], case=case, kind="indirect", guardian_email=GUARDIAN
    )
    client.force_login(demo["guardian"])
    empty = client.post(reverse("panels:note", args=[case.reference]), {"text": "   "})
    assert "Enter your note" in empty.content.decode()
    client.post(reverse("panels:note", args=[case.reference]), {"text": "Met him <b>today</b>."})
    note = CaseNote.objects.get()
    assert note.author == demo["guardian"]
    page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert "Met him &lt;b&gt;today&lt;/b&gt;." in page
    assert "Note added" in page  # on the timeline
    client.force_login(demo["panel.chair"])
    assert client.get(reverse("panels:note", args=[case.reference])).status_code == 403


def test_no_guardian_where_the_service_does_not_run(client: Client, demo) -> None:
    # Solihull has a child panel (phase 1) but no guardian service in the policy data.
    case = states.refer_child(
        demo, nation="england", local_authority="Solihull Metropolitan Borough Council"
    )
    chair = UserFactory(email="solihull.chair@example.test")
    services.panel_member_add(
        actor=demo["admin"],
        panel=Panel.objects.get(pk=case.decision_maker_id),
        email=chair.email,
        agency="childrens_social_care",
        chairs=True,
    )
    client.force_login(chair)
    response = client.put(
        f"/api/v1/cases/{case.reference}/guardian",
        {"guardian": "", "kind": "direct"},
        content_type="application/json",
    )
    assert response.status_code == 422
    problem = response.json()["detail"][0]
    assert problem["loc"] == ["guardian"]
    assert "no independent child trafficking guardian service in Solihull" in problem["msg"]
    page = client.post(reverse("panels:guardian", args=[case.reference]), {"kind": "direct"})
    assert "no independent child trafficking guardian service in Solihull" in page.content.decode()
    assert "govuk-error-summary" in page.content.decode()
    assert not GuardianReferral.objects.exists()


def test_the_guardian_service_assigns_a_guardian_to_a_referred_child(
    client: Client, demo, other_guardian
) -> None:
    case = states.refer_child(demo)
    services.guardian_assign(actor=demo["panel.chair"], case=case, kind="direct")
    coordinator = demo["guardian.coordinator"]
    client.force_login(coordinator)
    home = client.get(reverse("home:home")).content.decode()
    assert 'data-count="awaiting-guardian">1<' in home
    page = client.get(reverse("panels:guardian", args=[case.reference]))
    assert page.status_code == 200
    wrong = client.post(
        reverse("panels:guardian", args=[case.reference]),
        {"kind": "direct", "guardian": "nobody@example.test"},
    )
    assert "Select a guardian from the list" in wrong.content.decode()
    client.post(
        reverse("panels:guardian", args=[case.reference]),
        {"kind": "direct", "guardian": other_guardian.email},
    )
    assert GuardianReferral.objects.get().guardian == other_guardian


def test_only_a_guardian_of_the_service_and_a_child_can_be_assigned(demo) -> None:
    child = states.refer_child(demo)
    with pytest.raises(ApplicationError, match="guardian of Independent"):
        services.guardian_assign(
            actor=demo["panel.chair"],
            case=child,
            kind="direct",
            guardian_email="panel.member@demo.opennrm.test",
        )
    with pytest.raises(ApplicationError, match="Select direct or indirect"):
        services.guardian_assign(actor=demo["panel.chair"], case=child, kind="sometimes")
    adult = states.refer_adult(demo)
    with pytest.raises(ApplicationError, match="Only a child"):
        services.guardian_assign(actor=demo["caseworker"], case=adult, kind="direct")
    with pytest.raises(Forbidden):
        services.guardian_assign(actor=demo["panel.member"], case=child, kind="direct")
