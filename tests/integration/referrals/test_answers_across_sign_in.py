"""Answers typed as the session expired are held through signing in — but only the page's
own questions, only so much, never a Duty to Notify report's identity, and only for
someone who may edit the draft, once and soon."""

import pytest
import time_machine
from django.urls import reverse

from opennrm.referrals.views import PENDING_ANSWERS
from tests.integration.referrals.journeys import start, walk

pytestmark = pytest.mark.django_db


def expire(client) -> None:
    client.logout()


def held(client) -> dict | None:
    return client.session.get(PENDING_ANSWERS)


def test_only_the_pages_own_questions_are_held(client, demo) -> None:
    draft = start(client, demo["ngo.fr"])
    expire(client)
    url = reverse("referrals:question", args=[draft.pk, "account"])
    client.post(url, {"account": "Typed.", "given_name": "Smuggled", "is_staff": "1"})
    assert held(client)["data"] == {"account": ["Typed."]}


def test_a_duty_to_notify_reports_identity_is_never_held(client, demo) -> None:
    draft = start(client, demo["police.fr"])
    walk(
        client,
        draft,
        {
            "age": {"under_18": "no"},
            "consent": {"consent": "no"},
            "duty-to-notify": {"dtn_refusal_reason": "Afraid.", "cooperates": "no"},
        },
    )
    expire(client)
    client.post(
        reverse("referrals:question", args=[draft.pk, "name"]),
        {"given_name": "Ana", "family_name": "Hoxha"},
    )
    assert held(client) is None
    client.post(
        reverse("referrals:question", args=[draft.pk, "contact"]),
        {"person_phone": "07700 900123", "contact_route": "After 6pm"},
    )
    assert held(client) is None
    client.post(
        reverse("referrals:question", args=[draft.pk, "background"]),
        {"place_of_birth": "Shkodër", "education": "School"},
    )
    assert held(client)["data"] == {"education": ["School"]}


def test_a_page_that_makes_the_draft_a_duty_to_notify_report_holds_no_identity(
    client, demo
) -> None:
    draft = start(client, demo["police.fr"])
    walk(client, draft, {"age": {"under_18": "no"}, "consent": {"consent": "no"}})
    expire(client)
    client.post(
        reverse("referrals:question", args=[draft.pk, "duty-to-notify"]),
        {"dtn_refusal_reason": "Afraid.", "cooperates": "no", "given_name": "Ana"},
    )
    assert held(client)["data"] == {"cooperates": ["no"], "dtn_refusal_reason": ["Afraid."]}


def test_too_much_is_not_held(client, demo) -> None:
    draft = start(client, demo["ngo.fr"])
    expire(client)
    client.post(
        reverse("referrals:question", args=[draft.pk, "account"]), {"account": "x" * 70_000}
    )
    assert held(client) is None


def test_nothing_is_held_for_a_draft_that_does_not_exist(client, demo) -> None:
    draft = start(client, demo["ngo.fr"])
    expire(client)
    url = reverse("referrals:question", args=[draft.pk, "account"]).replace(
        str(draft.pk), "00000000-0000-0000-0000-000000000000"
    )
    client.post(url, {"account": "Typed."})
    assert held(client) is None


def test_someone_who_may_not_edit_the_draft_never_sees_them_and_they_are_gone(client, demo) -> None:
    draft = start(client, demo["ngo.fr"])
    url = reverse("referrals:question", args=[draft.pk, "account"])
    expire(client)
    client.post(url, {"account": "Private words."})
    assert held(client) is not None
    client.force_login(demo["police.fr"])
    assert client.get(url).status_code == 404
    assert held(client) is None
    client.force_login(demo["ngo.fr"])
    assert "Private words." not in client.get(url).content.decode()


def test_they_are_shown_on_the_situation_page_too(client, demo) -> None:
    draft = start(client, demo["ngo.fr"])
    url = reverse("referrals:situation-new", args=[draft.pk])
    expire(client)
    client.post(url, {"how_it_started": "A job offer.", "started_on_2": "2024"})
    client.force_login(demo["ngo.fr"])
    page = client.get(url).content.decode()
    assert "A job offer." in page
    assert 'value="2024"' in page


def test_they_are_not_kept_for_long(client, demo) -> None:
    with time_machine.travel("2026-11-22 09:00 +00:00", tick=False):
        draft = start(client, demo["ngo.fr"])
        url = reverse("referrals:question", args=[draft.pk, "account"])
        expire(client)
        client.post(url, {"account": "Typed at nine."})
    with time_machine.travel("2026-11-22 11:30 +00:00", tick=False):
        client.force_login(demo["ngo.fr"])
        assert "Typed at nine." not in client.get(url).content.decode()
