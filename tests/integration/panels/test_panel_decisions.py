"""A panel decides at a quorate meeting, its chair not the child's lead social worker, with
the child's voice and best interests recorded; a CG made at the RG meeting takes effect when
the rules allow, and its letter goes out then."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opennrm.cases import services
from opennrm.cases.models import Case, Decision
from opennrm.core.exceptions import ApplicationError
from opennrm.notifications.models import OutboundEmail
from opennrm.panels import services as panel_services
from opennrm.panels.models import Panel, PanelDecision
from opennrm.panels.sittings import PanelDetails, Safeguarding
from tests import states

pytestmark = pytest.mark.django_db

API_DECISION = {
    "stage": "reasonable_grounds",
    "outcome": "positive",
    "rationale": "The account and the social worker's view meet the threshold.",
    "local_authority_consulted": True,
    "child_wishes_and_feelings": "I want to stay with my foster family.",
    "panel": {
        "best_interests": "Stability at school and with his carers.",
        "safeguarding": {
            "section_47_reference": "S47-1",
            "strategy_discussion_on": "2026-01-05",
            "child_protection_plan": True,
            "lead_social_worker": {
                "name": "Carys Jones",
                "email": "panel.socialcare@demo.opennrm.test",
            },
        },
        "dissent": "",
    },
}


def test_a_panel_case_is_due_in_45_days_and_sorted_by_it(client: Client, demo) -> None:
    first = states.refer_child(demo)
    later = states.refer_child(demo)
    assert first.decision_maker.name == states.CARDIFF_PANEL
    assert first.rg_due == timezone.localdate(first.received_at) + timedelta(days=45)
    assert first.next_deadline == first.rg_due
    client.force_login(demo["panel.member"])
    page = client.get(reverse("cases:queue")).content.decode()
    assert page.index(first.reference) < page.index(later.reference)
    assert "45 days left" in page or "44 days left" in page


def test_one_member_can_no_longer_decide_alone(demo) -> None:
    case = states.refer_child(demo)
    with pytest.raises(ApplicationError, match="quorate meeting") as refused:
        states.decide(
            demo["panel.member"],
            case,
            services.DecisionInput(
                "reasonable_grounds",
                "positive",
                "Alone.",
                local_authority_consulted=True,
                child_wishes_and_feelings="Wants to stay.",
            ),
        )
    assert refused.value.field == "meeting_id"
    assert not Decision.objects.exists()


def test_the_api_needs_a_meeting_for_a_panel_case(client: Client, demo) -> None:
    case = states.refer_child(demo)
    client.force_login(demo["panel.chair"])
    url = f"/api/v1/cases/{case.reference}/decisions"
    body = {**API_DECISION, "version": case.version}
    response = client.post(url, {**body, "panel": None}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["meeting_id"]


def test_a_quorate_meeting_decides_through_the_api_and_records_who_sat(
    client: Client, demo
) -> None:
    case = states.refer_child(demo)
    meeting = states.panel_meeting(demo, cases=(case,))
    client.force_login(demo["panel.chair"])
    response = client.post(
        f"/api/v1/cases/{case.reference}/decisions",
        {**API_DECISION, "version": case.version, "meeting_id": meeting.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["state"] == "recovery_period"
    detail = PanelDecision.objects.get()
    assert {p["agency"] for p in detail.members_present} == {
        "childrens_social_care",
        "police",
        "health",
    }
    assert detail.lead_social_worker_name == "Carys Jones"
    assert detail.strategy_discussion_on.isoformat() == "2026-01-05"


def test_a_meeting_without_quorum_cannot_decide(client: Client, demo) -> None:
    case = states.refer_child(demo)
    meeting = states.panel_meeting(
        demo,
        attendees=(panel_services.Attendee("panel.member@demo.opennrm.test", "police"),),
        cases=(case,),
    )
    client.force_login(demo["panel.chair"])
    response = client.post(
        f"/api/v1/cases/{case.reference}/decisions",
        {**API_DECISION, "version": case.version, "meeting_id": meeting.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    problem = response.json()["detail"][0]
    assert problem["loc"] == ["meeting_id"]
    assert "not quorate: nobody sat for health" in problem["msg"]
    page = client.post(
        reverse("panels:decide", args=[meeting.pk, case.reference, "reasonable_grounds"]),
        {
            "outcome": "positive",
            "rationale": "Indicators.",
            "child_wishes_and_feelings": "Wants to stay.",
            "best_interests": "Stability.",
            "lead_social_worker_name": "Carys Jones",
            "lead_social_worker_email": "panel.socialcare@demo.opennrm.test",
            "version": case.version,
        },
    )
    text = page.content.decode()
    assert "govuk-error-summary" in text and "nobody sat for health" in text
    assert 'value="Indicators."' in text or "Indicators.</textarea>" in text  # nothing lost
    assert not Decision.objects.exists()


def test_the_chair_may_not_be_the_childs_lead_social_worker(demo) -> None:
    case = states.refer_child(demo)
    meeting = states.panel_meeting(demo, cases=(case,))
    conflicted = PanelDetails(
        best_interests="Stability.",
        safeguarding=Safeguarding(
            lead_social_worker_name="Siân Davies",
            lead_social_worker_email="PANEL.CHAIR@demo.opennrm.test",
        ),
    )
    with pytest.raises(ApplicationError, match="another member must chair"):
        states.panel_decide(demo, case, meeting, details=conflicted)
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"child_wishes_and_feelings": "  "}, "child's wishes and feelings"),
        ({"details": PanelDetails("", states.PANEL_DETAILS.safeguarding)}, "best interests"),
        (
            {"details": PanelDetails("Stable.", Safeguarding("", "x@council.gov.uk"))},
            "name of the lead social worker",
        ),
    ],
)
def test_the_childs_voice_best_interests_and_social_worker_are_required(
    demo, change, message
) -> None:
    case = states.refer_child(demo)
    meeting = states.panel_meeting(demo, cases=(case,))
    with pytest.raises(ApplicationError, match=message):
        states.panel_decide(demo, case, meeting, **change)


def test_a_meeting_decides_only_for_its_own_childs_agenda_and_attendees(demo) -> None:
    case = states.refer_child(demo)
    not_on_agenda = states.panel_meeting(demo)
    with pytest.raises(ApplicationError, match="not on this meeting's agenda"):
        states.panel_decide(demo, case, not_on_agenda)
    meeting = states.panel_meeting(demo, cases=(case,))
    with pytest.raises(ApplicationError, match="Only someone who sat at the meeting"):
        states.panel_decide(demo, case, meeting, by="panel.education")


def test_a_child_of_another_area_is_refused(client: Client, demo) -> None:
    cardiff = states.refer_child(demo)
    newport = states.refer_child(demo, local_authority="Newport City Council")
    newport_panel = Panel.objects.get(pk=newport.decision_maker_id)
    # The chair sits on both panels: each meeting still decides only for its own area.
    panel_services.panel_member_add(
        actor=demo["admin"],
        panel=newport_panel,
        email="panel.chair@demo.opennrm.test",
        agency="childrens_social_care",
        chairs=True,
    )
    meeting = states.panel_meeting(demo, cases=(cardiff,))
    with pytest.raises(ApplicationError, match="not a child of this panel's area"):
        panel_services.agenda_add(
            actor=demo["panel.chair"], meeting=meeting, reference=newport.reference
        )
    with pytest.raises(ApplicationError, match="not in the area of Cardiff"):
        states.panel_decide(demo, newport, meeting)
    client.force_login(demo["panel.chair"])
    response = client.post(
        f"/api/v1/cases/{newport.reference}/decisions",
        {**API_DECISION, "version": newport.version, "meeting_id": meeting.pk},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "not in the area of Cardiff" in response.json()["detail"][0]["msg"]
    # A meeting id on a competent authority's case is refused too.
    leeds = states.refer_child(demo, local_authority="Leeds City Council")
    with pytest.raises(ApplicationError, match="Only a child panel's cases"):
        states.panel_decide(demo, leeds, meeting, by="caseworker")


def test_both_decisions_at_one_meeting_the_cg_takes_effect_later(client: Client, demo) -> None:
    case = states.refer_child(demo)
    meeting = states.panel_meeting(demo, cases=(case,))
    states.panel_decide(demo, case, meeting)
    letters = OutboundEmail.objects.filter(category="case.decision_made")
    after_rg = letters.count()
    cg = states.panel_decide(
        demo,
        case,
        meeting,
        stage="conclusive_grounds",
        rationale="On the balance of probabilities he was criminally exploited.",
    )
    assert letters.count() == after_rg  # not issued yet
    today = timezone.localdate()
    assert cg.takes_effect_on == today + timedelta(days=30) == case.cg_earliest
    assert cg.is_pending
    case.refresh_from_db()
    assert case.state == "recovery_period"
    client.force_login(demo["panel.chair"])
    page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert "Recorded on" in page and "Takes effect on" in page and "Not yet issued" in page
    assert "Make conclusive grounds decision" not in page
    # Nothing happens before the day; on it the case moves on and the letter goes out, once.
    assert services.decisions_take_effect(today=today + timedelta(days=29)) == 0
    with time_machine.travel(timezone.now() + timedelta(days=30), tick=False):
        out = io.StringIO()
        call_command("issue_due_decisions", stdout=out)
        assert "1 decisions took effect" in out.getvalue()
        call_command("issue_due_decisions", stdout=io.StringIO())
    case.refresh_from_db()
    cg.refresh_from_db()
    assert case.state == "positive_cg"
    assert cg.took_effect_at is not None
    assert letters.count() == after_rg + 1


def test_a_second_cg_is_refused_while_one_waits_to_take_effect(demo) -> None:
    case = states.refer_child(demo)
    meeting = states.panel_meeting(demo, cases=(case,))
    states.panel_decide(demo, case, meeting)
    states.panel_decide(demo, case, meeting, stage="conclusive_grounds")
    with pytest.raises(ApplicationError, match="takes effect on"):
        states.panel_decide(demo, case, meeting, stage="conclusive_grounds")


def test_a_cg_at_a_later_meeting_waits_for_the_recovery_period(demo) -> None:
    case = states.refer_child(demo)
    first = states.panel_meeting(demo, cases=(case,))
    states.panel_decide(demo, case, first)
    later = states.panel_meeting(demo, cases=(case,))
    with pytest.raises(ApplicationError, match="cannot be made before"):
        states.panel_decide(demo, case, later, stage="conclusive_grounds")


def test_a_suspended_case_takes_its_cg_once_reinstated(demo) -> None:
    case = states.refer_child(demo)
    meeting = states.panel_meeting(demo, cases=(case,))
    states.panel_decide(demo, case, meeting)
    states.panel_decide(demo, case, meeting, stage="conclusive_grounds")
    case.refresh_from_db()
    services.case_transition(
        user=demo["panel.chair"],
        case=case,
        action="suspend",
        expected_version=case.version,
        reason="Missing",
    )
    due = timezone.localdate() + timedelta(days=31)
    assert services.decisions_take_effect(today=due) == 0
    case.refresh_from_db()
    services.case_transition(
        user=demo["panel.chair"],
        case=case,
        action="reinstate",
        expected_version=case.version,
        reason="Back",
    )
    assert services.decisions_take_effect(today=due) == 1
    assert Case.objects.get(pk=case.pk).state == "positive_cg"


def test_the_minutes_name_who_sat_and_what_was_weighed(client: Client, demo) -> None:
    case = states.child_in_recovery(demo)
    meeting = case.agenda_items.get().meeting
    client.force_login(demo["panel.health"])
    page = client.get(reverse("panels:minutes", args=[meeting.pk])).content.decode()
    for words in ("Siân Davies", "Dr Nia Roberts", "keeps him safe", "S47-2026-114", "quorate"):
        assert words in page, words
    pdf = client.get(reverse("panels:minutes-pdf", args=[meeting.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.force_login(demo["caseworker"])
    assert client.get(reverse("panels:minutes", args=[meeting.pk])).status_code == 404


def test_the_case_decision_page_sends_a_panel_to_its_meeting(client: Client, demo) -> None:
    case = states.refer_child(demo)
    client.force_login(demo["panel.chair"])
    response = client.get(reverse("cases:decide", args=[case.reference, "reasonable_grounds"]))
    assert response["Location"] == reverse("cases:case", args=[case.reference])
    page = client.get(response["Location"]).content.decode()
    assert "Make reasonable grounds decision" not in page
    assert "decides at a quorate meeting" in page


def test_the_api_refuses_a_conflicted_chair_and_a_missing_childs_voice(
    client: Client, demo
) -> None:
    case = states.refer_child(demo)
    meeting = states.panel_meeting(demo, cases=(case,))
    client.force_login(demo["panel.chair"])
    url = f"/api/v1/cases/{case.reference}/decisions"
    body = {**API_DECISION, "version": case.version, "meeting_id": meeting.pk}
    silent = client.post(
        url, {**body, "child_wishes_and_feelings": ""}, content_type="application/json"
    )
    assert silent.status_code == 422
    assert silent.json()["detail"][0]["loc"] == ["child_wishes_and_feelings"]
    lead = {"name": "Siân Davies", "email": "panel.chair@demo.opennrm.test"}
    conflicted = {
        **body,
        "panel": {
            **API_DECISION["panel"],
            "safeguarding": {**API_DECISION["panel"]["safeguarding"], "lead_social_worker": lead},
        },
    }
    response = client.post(url, conflicted, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["meeting_id"]
    assert "lead social worker" in response.json()["detail"][0]["msg"]
    page = client.post(
        reverse("panels:decide", args=[meeting.pk, case.reference, "reasonable_grounds"]),
        {
            "outcome": "positive",
            "rationale": "Indicators.",
            "child_wishes_and_feelings": "Wants to stay.",
            "best_interests": "Stability.",
            "lead_social_worker_name": "Siân Davies",
            "lead_social_worker_email": "panel.chair@demo.opennrm.test",
            "version": case.version,
        },
    ).content.decode()
    assert "another member must chair the decision about this child" in page
    assert not Decision.objects.exists()


def test_missing_episodes_are_counted_by_area_and_month(demo) -> None:
    from opennrm.panels.selectors import missing_episodes_by_area

    for _ in range(2):
        case = states.refer_child(demo)
        panel_services.missing_episode_record(
            actor=demo["cardiff.fr"], person=case.person, went_missing_at=timezone.now()
        )
    today = timezone.localdate()
    rows = missing_episodes_by_area(user=demo["cardiff.fr"], start=today, end=today)
    assert [(r["local_authority"], r["episodes"]) for r in rows] == [("City of Cardiff Council", 2)]
    assert missing_episodes_by_area(user=demo["police.fr"], start=today, end=today) == []


def test_the_letter_of_a_decision_not_yet_in_effect_says_so(client: Client, demo) -> None:
    case = states.refer_child(demo)
    meeting = states.panel_meeting(demo, cases=(case,))
    states.panel_decide(demo, case, meeting)
    cg = states.panel_decide(demo, case, meeting, stage="conclusive_grounds")
    client.force_login(demo["panel.chair"])
    page = client.get(reverse("cases:letter", args=[case.reference, cg.pk])).content.decode()
    assert "data-not-yet-issued" in page
