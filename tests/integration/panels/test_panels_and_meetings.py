"""Panel membership (administrators), meetings, attendance and agendas, in pages and the
API, with every wrong answer refused clearly."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opennrm.accounts.models import RoleMembership
from opennrm.core.exceptions import ApplicationError, Forbidden
from opennrm.panels import services
from opennrm.panels.models import AgendaItem, MeetingAttendance, PanelMeeting, PanelMember
from tests import states
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_administrator_seats_and_removes_a_member(client: Client, demo) -> None:
    panel = states.cardiff_panel()
    newcomer = UserFactory(email="new.member@example.test", full_name="Ffion Lloyd")
    client.force_login(demo["admin"])
    url = reverse("panels:members", args=[panel.pk])
    unknown = client.post(url, {"email": "nobody@example.test", "agency": "police"})
    assert "already has an account" in unknown.content.decode()
    no_agency = client.post(url, {"email": newcomer.email})
    assert "Select the agency" in no_agency.content.decode()
    assert client.post(url, {"email": newcomer.email, "agency": "health"}).status_code == 302
    seat = PanelMember.objects.get(user=newcomer)
    assert seat.agency == "health"
    assert RoleMembership.objects.filter(user=newcomer, organisation=panel, is_active=True).exists()
    twice = client.post(url, {"email": newcomer.email, "agency": "health"})
    assert "already sits on this panel" in twice.content.decode()
    client.post(reverse("panels:member-end", args=[panel.pk, seat.pk]))
    seat.refresh_from_db()
    assert seat.left_on == timezone.localdate()
    assert not RoleMembership.objects.filter(
        user=newcomer, organisation=panel, is_active=True
    ).exists()
    # Members do not manage membership.
    client.force_login(demo["panel.chair"])
    assert client.get(url).status_code == 403
    with pytest.raises(Forbidden):
        services.panel_member_add(
            actor=demo["panel.chair"], panel=panel, email=newcomer.email, agency="police"
        )


def test_a_meeting_is_scheduled_with_its_chair_in_the_page(client: Client, demo) -> None:
    panel = states.cardiff_panel()
    client.force_login(demo["panel.member"])
    url = reverse("panels:meeting-new", args=[panel.pk])
    page = client.post(url, {"chair": "panel.chair@demo.opennrm.test"}).content.decode()
    assert "Enter the date of the meeting" in page
    day = timezone.localdate() + timedelta(days=7)
    response = client.post(
        url,
        {
            "held_on_0": str(day.day),
            "held_on_1": str(day.month),
            "held_on_2": str(day.year),
            "chair": "panel.chair@demo.opennrm.test",
        },
    )
    meeting = PanelMeeting.objects.get()
    assert response["Location"] == reverse("panels:meeting", args=[meeting.pk])
    assert meeting.chair == demo["panel.chair"]
    assert list(meeting.attendance.values_list("agency", flat=True)) == ["childrens_social_care"]


def test_only_a_chair_of_the_panel_chairs_and_only_members_attend(demo) -> None:
    panel = states.cardiff_panel()
    today = timezone.localdate()
    with pytest.raises(ApplicationError, match="does not chair") as not_chair:
        services.meeting_schedule(
            actor=demo["panel.chair"],
            panel=panel,
            held_on=today,
            chair_email="panel.member@demo.opennrm.test",
        )
    assert not_chair.value.field == "chair"
    with pytest.raises(ApplicationError, match="does not sit on this panel") as outsider:
        services.meeting_schedule(
            actor=demo["panel.chair"],
            panel=panel,
            held_on=today,
            chair_email="panel.chair@demo.opennrm.test",
            attendees=[services.Attendee("caseworker@demo.opennrm.test", "police")],
        )
    assert outsider.value.problems[0].loc == ("attendees", 0, "email")
    with pytest.raises(ApplicationError, match="for police, not health"):
        services.meeting_schedule(
            actor=demo["panel.chair"],
            panel=panel,
            held_on=today,
            chair_email="panel.chair@demo.opennrm.test",
            attendees=[services.Attendee("panel.member@demo.opennrm.test", "health")],
        )
    with pytest.raises(ApplicationError, match="before the panel began"):
        services.meeting_schedule(
            actor=demo["panel.chair"],
            panel=panel,
            held_on=date(2020, 1, 1),
            chair_email="panel.chair@demo.opennrm.test",
        )
    assert not PanelMeeting.objects.exists()


def test_the_api_lists_panels_and_schedules_a_meeting(client: Client, demo) -> None:
    client.force_login(demo["panel.chair"])
    panels = client.get("/api/v1/panels").json()
    assert [p["name"] for p in panels] == [states.CARDIFF_PANEL]
    assert panels[0]["authorities"] == ["City of Cardiff Council"]
    url = f"/api/v1/panels/{panels[0]['id']}/meetings"
    body = {
        "held_on": timezone.localdate().isoformat(),
        "chair": "panel.chair@demo.opennrm.test",
        "attendees": [{"email": "panel.member@demo.opennrm.test", "agency": "police"}],
    }
    short = client.post(url, body, content_type="application/json")
    assert short.status_code == 201
    assert short.json()["quorate"] is False
    assert "nobody sat for health" in short.json()["quorum_problem"]
    body["attendees"].append({"email": "panel.health@demo.opennrm.test", "agency": "health"})
    full = client.post(url, body, content_type="application/json")
    assert full.status_code == 201 and full.json()["quorate"] is True
    wrong = client.post(
        url,
        {**body, "attendees": [{"email": "x@example.test", "agency": "police"}]},
        content_type="application/json",
    )
    assert wrong.status_code == 422
    assert wrong.json()["detail"][0]["loc"] == ["attendees", 0, "email"]
    client.force_login(demo["caseworker"])
    assert client.get("/api/v1/panels").status_code == 403
    assert client.post(url, body, content_type="application/json").status_code == 404


def test_attendance_and_agenda(client: Client, demo) -> None:
    case = states.refer_child(demo)
    meeting = states.panel_meeting(demo, attendees=())
    client.force_login(demo["panel.member"])
    page = client.get(reverse("panels:meeting", args=[meeting.pk])).content.decode()
    assert 'data-quorum="no"' in page
    client.post(
        reverse("panels:attendance", args=[meeting.pk]),
        {"attendees": ["panel.member@demo.opennrm.test", "panel.health@demo.opennrm.test"]},
    )
    assert MeetingAttendance.objects.filter(meeting=meeting).count() == 3
    page = client.get(reverse("panels:meeting", args=[meeting.pk])).content.decode()
    assert 'data-quorum="yes"' in page
    bad = client.post(reverse("panels:agenda-add", args=[meeting.pk]), {"reference": "NRM-0"})
    assert bad.status_code == 422 and "like NRM-2026-000123" in bad.content.decode()
    client.post(reverse("panels:agenda-add", args=[meeting.pk]), {"reference": case.reference})
    assert AgendaItem.objects.filter(meeting=meeting, case=case).exists()
    again = client.post(
        reverse("panels:agenda-add", args=[meeting.pk]), {"reference": case.reference}
    )
    assert "already on this meeting" in again.content.decode()
    wrong = client.post(
        reverse("panels:attendance", args=[meeting.pk]), {"attendees": ["x@example.test"]}
    )
    assert "Select members of the panel from the list" in wrong.content.decode()


def test_who_sat_cannot_change_once_the_meeting_has_decided(demo) -> None:
    case = states.child_in_recovery(demo)
    meeting = case.agenda_items.get().meeting
    with pytest.raises(ApplicationError, match="cannot change"):
        services.meeting_attendance_record(actor=demo["panel.chair"], meeting=meeting, attendees=[])


def test_the_panel_home_shows_meetings_to_come_and_cases_awaiting_one(client: Client, demo) -> None:
    waiting = states.refer_child(demo)
    scheduled = states.refer_child(demo)
    states.panel_meeting(demo, held_on=timezone.localdate() + timedelta(days=2), cases=(scheduled,))
    client.force_login(demo["panel.health"])
    home = client.get(reverse("home:home")).content.decode()
    assert 'data-section="panel"' in home
    assert 'data-count="awaiting-meeting">1<' in home
    assert waiting.reference in home
    panel = client.get(reverse("panels:panel", args=[states.cardiff_panel().pk])).content.decode()
    assert f'data-awaiting="{waiting.reference}"' in panel
    assert f'data-awaiting="{scheduled.reference}"' not in panel
