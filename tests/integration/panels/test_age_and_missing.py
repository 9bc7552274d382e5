"""Age assessments settle a disputed age and route the case by policy; missing episodes
suspend and reinstate the case and are flagged on every list."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opennrm.core.exceptions import ApplicationError
from opennrm.notifications.models import OutboundEmail
from opennrm.panels import services
from opennrm.panels.models import ConsentRequest
from opennrm.people.models import AgeAssessment, MissingEpisode
from tests import states

pytestmark = pytest.mark.django_db

DISPUTED = {
    "under_18": "not_sure",
    "given_name": "Linh",
    "family_name": "Nguyen",
    "estimated_age": 16,
    "age_disputed": True,
    "gender": "female",
    "nationalities": ["Vietnamese"],
}


def disputed_child(demo):
    """A young person in Cardiff whose age is disputed: on the child route, but decided by
    the competent authority (a panel may not decide while the age is disputed)."""
    return states.refer_child(demo, person=DISPUTED)


def test_a_disputed_age_stays_on_the_child_route_with_the_competent_authority(
    client: Client, demo
) -> None:
    case = disputed_child(demo)
    assert case.is_child and case.decision_maker.name == "Single Competent Authority"
    client.force_login(demo["caseworker"])
    page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert 'data-age="uncertain"' in page and "treated as a child" in page


def test_an_adult_outcome_reroutes_and_asks_for_consent(client: Client, demo) -> None:
    case = disputed_child(demo)
    client.force_login(demo["cardiff.fr"])  # the child's local authority assessed them
    response = client.post(
        f"/api/v1/people/{case.person_id}/age-assessments",
        {
            "assessing_authority": "City of Cardiff Council",
            "assessed_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "outcome": "adult",
            "significant_doubt_documented": True,
            "date_of_birth_found": "2001-04-04",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["age_disputed"] is False
    case.refresh_from_db()
    assert not case.is_child
    assert case.decision_maker.name == "Single Competent Authority"
    assert "found them to be an adult" in case.routing_reason
    task = ConsentRequest.objects.get(case=case)
    assert task.is_open
    assert OutboundEmail.objects.filter(category="panels.consent_needed").exists()
    # The adult's local authority no longer follows them as a child.
    assert client.get(reverse("cases:case", args=[case.reference])).status_code == 404
    client.force_login(demo["caseworker"])
    page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert 'data-task="consent"' in page and "Routed again after an age assessment" in page
    client.post(reverse("panels:consent", args=[case.reference]), {"outcome": "given"})
    task.refresh_from_db()
    assert task.outcome == "given" and not task.is_open


def test_a_child_outcome_ends_the_dispute_and_sends_them_to_their_panel(demo) -> None:
    case = disputed_child(demo)
    services.age_assessment_record(
        actor=demo["caseworker"],
        person=case.person,
        assessing_authority="City of Cardiff Council",
        assessed_on=timezone.localdate(),
        outcome="child",
        significant_doubt_documented=True,
        date_of_birth_found=timezone.localdate().replace(year=timezone.localdate().year - 14),
    )
    case.refresh_from_db()
    case.person.refresh_from_db()
    assert not case.person.age_disputed
    assert case.decision_maker.name == states.CARDIFF_PANEL
    assert case.rg_due == timezone.localdate(case.received_at) + timedelta(days=45)
    assert not ConsentRequest.objects.exists()


def test_an_age_assessment_needs_its_date(client: Client, demo) -> None:
    case = disputed_child(demo)
    client.force_login(demo["caseworker"])
    response = client.post(
        f"/api/v1/people/{case.person_id}/age-assessments",
        {
            "assessing_authority": "City of Cardiff Council",
            "outcome": "adult",
            "significant_doubt_documented": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["assessed_on"]
    page = client.post(
        reverse("panels:age-assessment", args=[case.person_id]) + f"?case={case.reference}",
        {"assessing_authority": "City of Cardiff Council", "outcome": "adult"},
    ).content.decode()
    assert "Enter the date of the age assessment" in page and "govuk-error-summary" in page
    assert 'value="City of Cardiff Council"' in page  # nothing lost
    future = client.post(
        reverse("panels:age-assessment", args=[case.person_id]),
        {
            "assessing_authority": "City of Cardiff Council",
            "assessed_on_0": "1",
            "assessed_on_1": "1",
            "assessed_on_2": str(timezone.localdate().year + 1),
            "outcome": "adult",
        },
    ).content.decode()
    assert "must be today or in the past" in future
    assert not AgeAssessment.objects.exists()


def test_a_child_turning_18_during_the_case_keeps_its_decisions(client: Client, demo) -> None:
    soon = timezone.localdate() + timedelta(days=200)
    born = soon.replace(year=soon.year - 18)
    case = states.refer_child(
        demo,
        person={
            **DISPUTED,
            "under_18": "yes",
            "age_disputed": False,
            "estimated_age": None,
            "date_of_birth": born.isoformat(),
        },
    )
    client.force_login(demo["panel.chair"])
    page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert f'data-birthday="{soon.isoformat()}"' in page
    assert "Decisions already made stand" in page


def test_a_missing_child_suspends_the_case_and_is_flagged_everywhere(client: Client, demo) -> None:
    case = states.child_in_recovery(demo)
    client.force_login(demo["panel.chair"])
    response = client.post(
        f"/api/v1/people/{case.person_id}/missing-episodes",
        {
            "went_missing_at": (timezone.now() - timedelta(hours=5)).isoformat(),
            "police_notified_at": (timezone.now() - timedelta(hours=4)).isoformat(),
            "police_reference": "CDF-1",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    case.refresh_from_db()
    assert case.state == "suspended" and case.suspended_from == "recovery_period"
    assert OutboundEmail.objects.filter(category="case.child_missing").exists()
    queue = client.get(reverse("cases:queue"), {"state": "all"}).content.decode()
    assert f'data-missing="{case.reference}"' in queue
    home = client.get(reverse("home:home")).content.decode()
    assert 'data-count="missing"' in home
    client.force_login(demo["cardiff.fr"])
    children = client.get(reverse("panels:children")).content.decode()
    assert f'data-missing="{case.reference}"' in children
    assert 'data-count="children-missing">1<' in client.get(reverse("home:home")).content.decode()
    # Back: the case returns to where it was.
    client.force_login(demo["panel.chair"])
    episode = MissingEpisode.objects.get()
    back = client.patch(
        f"/api/v1/people/{case.person_id}/missing-episodes/{episode.pk}",
        {"returned_at": timezone.now().isoformat()},
        content_type="application/json",
    )
    assert back.status_code == 200
    case.refresh_from_db()
    assert case.state == "recovery_period"


def test_the_local_authority_records_a_missing_child_and_the_panel_is_told(
    client: Client, demo
) -> None:
    case = states.refer_child(demo)
    client.force_login(demo["cardiff.fr"])
    page = client.post(
        reverse("panels:missing-new", args=[case.person_id]) + f"?case={case.reference}",
        {"went_missing_time": "21:30", "case": case.reference},
    ).content.decode()
    assert "Enter the date they went missing" in page
    today = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("panels:missing-new", args=[case.person_id]),
        {
            "case": case.reference,
            "went_missing_on_0": str(today.day),
            "went_missing_on_1": str(today.month),
            "went_missing_on_2": str(today.year),
            "went_missing_time": "21:30",
            "police_notified": "on",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "awaiting_rg"  # the council may not suspend it: the panel is told
    told = OutboundEmail.objects.get(category="panels.child_missing")
    assert "panel.chair@demo.opennrm.test" in told.recipients
    with pytest.raises(ApplicationError, match="already recorded as missing"):
        services.missing_episode_record(
            actor=demo["cardiff.fr"], person=case.person, went_missing_at=timezone.now()
        )


def test_impossible_times_are_refused(demo) -> None:
    case = states.refer_child(demo)
    with pytest.raises(ApplicationError, match="must be in the past"):
        services.missing_episode_record(
            actor=demo["panel.chair"],
            person=case.person,
            went_missing_at=timezone.now() + timedelta(days=1),
        )
    episode = services.missing_episode_record(
        actor=demo["panel.chair"],
        person=case.person,
        went_missing_at=timezone.now() - timedelta(hours=2),
    )
    with pytest.raises(ApplicationError, match="after they went missing"):
        services.missing_episode_close(
            actor=demo["panel.chair"],
            person=case.person,
            episode=episode,
            returned_at=timezone.now() - timedelta(hours=3),
        )
    with pytest.raises(ApplicationError, match="Enter when they came back"):
        services.missing_episode_close(
            actor=demo["panel.chair"], person=case.person, episode=episode, returned_at=None
        )
