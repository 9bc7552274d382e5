"""Several exploitation situations, with the GOV.UK add-another pattern: add, change,
remove (confirmed), all without JavaScript; dates known only to the month or year."""

import pytest
import time_machine
from django.urls import reverse

from opennrm.accounts.models import Organisation
from opennrm.referrals import services
from opennrm.referrals.forms import MAX_SITUATIONS
from opennrm.referrals.models import Referral
from tests.integration.referrals.journeys import (
    ADULT_PAGES,
    add_situation,
    complete_evidence,
    start,
    walk,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-11-22 12:00 +00:00", tick=False):
        yield


FIRST = {
    "started_on_0": "",
    "started_on_1": "3",
    "started_on_2": "2025",
    "ended_on_2": "2025",
    "still_in_situation": "no",
    "uk_places": "Leeds, Bradford",
    "what_they_were_made_to_do": "Car washing.",
    "moved": "yes",
    "journey": "By van from Dover.",
    "last_contact_on_2": "2026",
}
SECOND = {
    "started_on_0": "14",
    "started_on_1": "6",
    "started_on_2": "2024",
    "still_in_situation": "not_sure",
    "what_they_were_made_to_do": "Cannabis farm.",
}


def situations_url(draft) -> str:
    return reverse("referrals:situations", args=[draft.pk])


@pytest.fixture
def draft(client, demo):
    draft = start(client, demo["ngo.fr"])
    org = Organisation.objects.get(name="The Salvation Army")
    walk(client, draft, {"organisation": {"organisation": org.pk, "nation": "england"}})
    return draft


def test_the_first_visit_asks_for_the_first_situation(client, draft) -> None:
    response = client.get(situations_url(draft))
    assert response["Location"] == reverse("referrals:situation-new", args=[draft.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Situation 1" in page
    assert "If they only know the month or year" in page


def test_add_two_change_one_and_remove_one(client, draft) -> None:
    add_situation(client, draft, FIRST, finish=False)
    summary = client.get(situations_url(draft)).content.decode()
    assert "You have added 1 exploitation situation" in summary
    assert "March 2025" in summary and "By van from Dover." in summary
    another = client.post(situations_url(draft), {"add_another": "yes"})
    assert another["Location"] == reverse("referrals:situation-new", args=[draft.pk])
    add_situation(client, draft, SECOND, finish=False)
    summary = client.get(situations_url(draft)).content.decode()
    assert "You have added 2 exploitation situations" in summary
    assert "14 June 2024" in summary

    change_url = reverse("referrals:situation", args=[draft.pk, 0])
    shown = client.get(change_url).content.decode()
    assert 'name="started_on_1" type="text" inputmode="numeric" value="3"' in shown
    changed = client.post(change_url, {**FIRST, "what_they_were_made_to_do": "Nail bar."})
    assert changed["Location"] == situations_url(draft)

    remove_url = reverse("referrals:situation-remove", args=[draft.pk, 1])
    confirm = client.get(remove_url).content.decode()
    assert "Remove situation 2" in confirm and "Cannabis farm." in confirm
    assert "Select yes if you want to remove" in client.post(remove_url, {}).content.decode()
    client.post(remove_url, {"confirm": "no"})
    draft.refresh_from_db()
    assert len(draft.answers["situations"]) == 2
    client.post(remove_url, {"confirm": "yes"})
    draft.refresh_from_db()
    assert [s["what_they_were_made_to_do"] for s in draft.answers["situations"]] == ["Nail bar."]
    assert client.get(remove_url).status_code == 404

    done = client.post(situations_url(draft), {"add_another": "no"})
    assert done.status_code == 302
    draft.refresh_from_db()
    assert "situations" in draft.answers["_done"]


def test_the_submitted_referral_keeps_every_situation_at_its_precision(client, draft) -> None:
    walk(client, draft, {k: v for k, v in ADULT_PAGES.items() if k != "situations"})
    add_situation(client, draft, FIRST, finish=False)
    client.post(situations_url(draft), {"add_another": "yes"})
    add_situation(client, draft, SECOND)
    complete_evidence(client, draft)
    check = client.get(reverse("referrals:check", args=[draft.pk])).content.decode()
    assert "Situation 1" in check and "Situation 2" in check
    assert "March 2025" in check and "14 June 2024" in check
    assert client.post(reverse("referrals:check", args=[draft.pk])).status_code == 302
    situations = Referral.objects.get().answers["situations"]
    assert [s["started_on"] for s in situations] == ["2025-03", "2024-06-14"]
    assert situations[0]["ended_on"] == "2025"
    assert situations[0]["last_contact_on"] == "2026"
    assert situations[0]["moved"] is True
    assert situations[0]["uk_places"] == ["Leeds", "Bradford"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"started_on_0": "14"}, "Enter the month and year it started"),
        ({"started_on_1": "3"}, "Enter the year it started"),
        (
            {"started_on_2": "2025", "ended_on_2": "2024"},
            "The date it ended must be after the date it started",
        ),
        ({"last_contact_on_1": "12", "last_contact_on_2": "2026"}, "must be in the past"),
        ({"journey": "By boat."}, "You described how they were moved"),
    ],
)
def test_dates_and_journeys_are_checked_with_short_messages(client, draft, data, message):
    response = client.post(
        reverse("referrals:situation-new", args=[draft.pk]),
        {"still_in_situation": "no", **data},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "govuk-error-summary" in body


def test_a_situation_saved_before_several_were_possible_is_the_first(client, draft, demo):
    services.draft_save(
        user=demo["ngo.fr"],
        draft=draft,
        answers={"started_on": "2020-01-05", "still_in_situation": "yes", "how_it_started": "Old"},
    )
    summary = client.get(situations_url(draft)).content.decode()
    assert "5 January 2020" in summary and "Old" in summary


def test_no_more_than_twenty_situations(client, draft, demo):
    services.draft_save(
        user=demo["ngo.fr"],
        draft=draft,
        answers={"situations": [{"still_in_situation": "no"}] * MAX_SITUATIONS},
    )
    refused = client.post(situations_url(draft), {"add_another": "yes"})
    assert "You can add up to 20 situations" in refused.content.decode()
    new = client.get(reverse("referrals:situation-new", args=[draft.pk]))
    assert new["Location"] == situations_url(draft)


def test_change_links_from_check_answers_come_back_to_it(client, draft) -> None:
    add_situation(client, draft, FIRST)
    url = reverse("referrals:situation", args=[draft.pk, 0]) + "?return=check"
    response = client.post(url, FIRST)
    assert response["Location"] == situations_url(draft) + "?return=check"
    page = client.get(response["Location"]).content.decode()
    assert f"{reverse('referrals:situation', args=[draft.pk, 0])}?return=check" in page
    back = client.post(situations_url(draft) + "?return=check", {"add_another": "no"})
    assert back["Location"] == reverse("referrals:check", args=[draft.pk])


def test_countries_are_chosen_from_the_list_once_each(client, draft) -> None:
    url = reverse("referrals:situation-new", args=[draft.pk])
    page = client.get(url).content.decode()
    assert 'data-autocomplete="true"' in page
    assert '<option value="Albania">' in page
    assert '<option value="United Kingdom">' not in page
    twice = client.post(
        url,
        {
            "still_in_situation": "no",
            "overseas_country_1": "Greece",
            "overseas_country_2": "Greece",
        },
    )
    assert "Choose each country once" in twice.content.decode()
    unknown = client.post(url, {"still_in_situation": "no", "overseas_country_1": "Atlantis"})
    assert "Select a country from the list" in unknown.content.decode()
    client.post(
        url,
        {"still_in_situation": "no", "overseas_country_1": "Greece", "overseas_country_2": "Italy"},
    )
    draft.refresh_from_db()
    assert draft.answers["situations"][0]["overseas_countries"] == ["Greece", "Italy"]
    again = client.get(reverse("referrals:situation", args=[draft.pk, 0])).content.decode()
    assert '<option value="Italy" selected>' in again


def test_countries_typed_before_the_list_are_chosen_again(client, draft, demo) -> None:
    services.draft_save(
        user=demo["ngo.fr"],
        draft=draft,
        answers={
            "situations": [{"still_in_situation": "no", "overseas_countries": "Albania, Greece"}]
        },
    )
    page = client.get(reverse("referrals:situation", args=[draft.pk, 0])).content.decode()
    assert '<option value="Albania" selected>' in page
    assert '<option value="Greece" selected>' in page
