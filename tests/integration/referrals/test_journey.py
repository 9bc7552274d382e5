"""The browser journey through the Django test client: every rule, every page."""

import json

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from opennrm.accounts.models import Organisation
from opennrm.cases.models import Case
from opennrm.people.models import Person
from opennrm.referrals.models import Referral, ReferralDraft
from tests.integration.referrals.journeys import (
    ADULT_PAGES,
    IDENTITY_PAGES,
    answer,
    child_draft,
    complete_evidence,
    start,
    walk,
)

pytestmark = pytest.mark.django_db


def test_consenting_adult_journey_makes_an_nrm_referral(client, demo, mailoutbox) -> None:
    draft = start(client, demo["ngo.fr"])
    org = Organisation.objects.get(name="The Salvation Army")
    walk(client, draft, {"organisation": {"organisation": org.pk, "nation": "england"}})
    walk(client, draft, ADULT_PAGES)
    complete_evidence(client, draft)
    check = client.get(reverse("referrals:check", args=[draft.pk]))
    assert "Submit referral" in check.content.decode()
    response = client.post(reverse("referrals:check", args=[draft.pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    referral = Referral.objects.get()
    assert referral.kind == "nrm"
    assert referral.person.given_name == "Arben"
    assert referral.answers["person"]["consent_statement_shown"].startswith("The National")
    assert referral.answers["situations"][0]["overseas_countries"] == ["Albania"]
    assert not ReferralDraft.objects.filter(pk=draft.pk).exists()
    confirmation = client.get(response["Location"])
    assert referral.reference in confirmation.content.decode()
    # A second submit (a double click) makes nothing new.
    again = client.post(reverse("referrals:check", args=[draft.pk]))
    assert again.status_code == 404
    assert Referral.objects.count() == 1


def test_child_route_has_no_consent_page_and_needs_childrens_services(client, demo) -> None:
    draft = start(client, demo["cardiff.fr"])
    response = answer(client, draft, "age", {"under_18": "not_sure"})
    assert response["Location"].endswith("/childrens-services/")
    assert answer(client, draft, "consent", {"consent": "yes"}).status_code == 404
    empty = answer(client, draft, "childrens-services", {})
    body = empty.content.decode()
    for message in (
        "Select the local authority",
        "Enter the name of the children&#x27;s services contact",
        "Select whether children&#x27;s services have been told",
        "Select whether the police have been told",
    ):
        assert message in body
    no_contact = answer(
        client,
        draft,
        "childrens-services",
        {
            "local_authority": "City of Cardiff Council",
            "contact_name": "Duty worker",
            "childrens_services_informed": "yes",
            "police_informed": "yes",
        },
    )
    assert "Enter an email address or phone number" in no_contact.content.decode()


def test_duty_to_notify_journey_stores_no_identity(client, demo) -> None:
    draft = start(client, demo["police.fr"])
    org = Organisation.objects.get(name="Metropolitan Police Service")
    walk(
        client,
        draft,
        {
            "organisation": {"organisation": org.pk, "nation": "england"},
            "age": {"under_18": "no"},
            "age-at-exploitation": {"under_18_at_exploitation": "yes"},
            "consent": {"consent": "no"},
            "duty-to-notify": {"dtn_refusal_reason": "Afraid.", "cooperates": "no"},
        },
    )
    # The identity questions are not asked at all.
    assert answer(client, draft, "name", {"given_name": "X"}).status_code == 404
    assert answer(client, draft, "date-of-birth", {}).status_code == 404
    assert answer(client, draft, "contact", {}).status_code == 404
    assert answer(client, draft, "support", {}).status_code == 404
    pages = {
        k: v
        for k, v in ADULT_PAGES.items()
        if k not in {"age", "age-at-exploitation", "consent", "support", *IDENTITY_PAGES}
    }
    walk(client, draft, pages)
    complete_evidence(client, draft)
    response = client.post(reverse("referrals:check", args=[draft.pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    referral = Referral.objects.get()
    assert referral.kind == "dtn"
    assert referral.reference.startswith("DTN-")
    person = Person.objects.get()
    assert (person.given_name, person.family_name, person.date_of_birth) == ("", "", None)
    stored = json.dumps(referral.answers)
    assert "Arben" not in stored
    assert "07700" not in stored
    assert not Case.objects.exists()


def test_switching_to_duty_to_notify_removes_identity_already_typed(client, demo) -> None:
    draft = start(client, demo["police.fr"])
    walk(client, draft, {"age": {"under_18": "no"}, "consent": {"consent": "yes"}})
    walk(client, draft, {"name": ADULT_PAGES["name"]})
    walk(
        client,
        draft,
        {
            "consent": {"consent": "no"},
            "duty-to-notify": {"dtn_refusal_reason": "No.", "cooperates": "no"},
        },
    )
    draft.refresh_from_db()
    assert draft.answers["given_name"] is None
    assert draft.answers["family_name"] is None


@time_machine.travel("2026-11-22 12:00 +00:00", tick=False)
def test_validation_keeps_what_was_typed_and_refuses_bad_input(client, demo) -> None:
    draft = start(client, demo["ngo.fr"])
    walk(client, draft, {"age": {"under_18": "no"}})
    future = answer(
        client,
        draft,
        "date-of-birth",
        {
            "date_of_birth_0": "1",
            "date_of_birth_1": "1",
            "date_of_birth_2": "2030",
            "age_disputed": "no",
        },
    )
    assert "Date of birth must be today or in the past" in future.content.decode()
    assert 'value="2030"' in future.content.decode()
    unreal = answer(
        client,
        draft,
        "date-of-birth",
        {
            "date_of_birth_0": "31",
            "date_of_birth_1": "2",
            "date_of_birth_2": "1990",
            "age_disputed": "no",
        },
    )
    assert "Date of birth must be a real date" in unreal.content.decode()
    huge = answer(client, draft, "account", {"account": "x" * 50_000})
    assert "must be 10,000 characters or fewer" in huge.content.decode()
    unknown = answer(client, draft, "nationality", {"nationality_1": "Martian"})
    assert "Select a nationality from the list" in unknown.content.decode()
    script = "<script>alert('x')</script>"
    walk(client, draft, {"account": {"account": script}})
    page = client.get(reverse("referrals:question", args=[draft.pk, "account"]))
    assert script not in page.content.decode()
    assert "&lt;script&gt;" in page.content.decode()


@time_machine.travel("2026-11-22 12:00 +00:00", tick=False)
def test_date_of_birth_contradicting_under_18_is_refused_where_it_is_typed(client, demo) -> None:
    draft = child_draft(client, demo)
    response = answer(client, draft, "date-of-birth", ADULT_PAGES["date-of-birth"])
    assert response.status_code == 200
    assert "The date of birth makes them 35, but you said they are under 18" in (
        response.content.decode()
    )
    fixed = answer(
        client,
        draft,
        "date-of-birth",
        {**ADULT_PAGES["date-of-birth"], "date_of_birth_2": "2011"},
    )
    assert fixed.status_code == 302


@time_machine.travel("2026-11-22 12:00 +00:00", tick=False)
def test_a_contradiction_saved_before_the_rule_is_shown_on_check_answers(client, demo) -> None:
    from opennrm.referrals import services

    draft = child_draft(client, demo)
    walk(
        client,
        draft,
        {
            k: v
            for k, v in ADULT_PAGES.items()
            if k not in {"age", "age-at-exploitation", "consent", "decision-recipient"}
            and k != "date-of-birth"
        },
    )
    complete_evidence(client, draft)
    draft.refresh_from_db()
    services.draft_save(
        user=demo["cardiff.fr"],
        draft=draft,
        answers={
            "date_of_birth": "1991-02-11",
            "age_disputed": "no",
            "_done": [*draft.answers["_done"], "date-of-birth"],
        },
    )
    response = client.post(reverse("referrals:check", args=[draft.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "you said they are under 18" in body
    assert f"/referrals/drafts/{draft.pk}/date-of-birth/?return=check" in body
    assert not Referral.objects.exists()


def test_non_designated_organisation_cannot_start(client, demo) -> None:
    client.force_login(demo["caseworker"])
    assert client.get(reverse("referrals:start")).status_code == 403
    assert client.post(reverse("referrals:start")).status_code == 403


def test_other_organisations_drafts_and_referrals_are_not_found(client, demo) -> None:
    draft = start(client, demo["ngo.fr"])
    client.force_login(demo["police.fr"])
    assert client.get(reverse("referrals:task-list", args=[draft.pk])).status_code == 404
    assert client.get(reverse("referrals:question", args=[draft.pk, "age"])).status_code == 404
    assert client.post(reverse("referrals:delete-draft", args=[draft.pk])).status_code == 404
    assert client.get("/referrals/drafts/not-a-uuid/").status_code == 404
    assert client.get(reverse("referrals:detail", args=["NRM-2026-000001"])).status_code == 404


def test_drafts_list_shows_days_left_and_deletes_with_confirmation(client, demo) -> None:
    draft = start(client, demo["ngo.fr"])
    listing = client.get(reverse("referrals:drafts")).content.decode()
    assert "28 days" in listing
    confirm = client.get(reverse("referrals:delete-draft", args=[draft.pk]))
    assert "Are you sure" in confirm.content.decode()
    client.post(reverse("referrals:delete-draft", args=[draft.pk]))
    assert not ReferralDraft.objects.filter(pk=draft.pk).exists()


def test_expired_drafts_are_deleted_idempotently(client, demo) -> None:
    with time_machine.travel("2026-01-01 09:00 +00:00", tick=False):
        old = start(client, demo["ngo.fr"])
    with time_machine.travel("2026-01-20 09:00 +00:00", tick=False):
        recent = start(client, demo["police.fr"])
    with time_machine.travel("2026-02-05 09:00 +00:00", tick=False):
        call_command("delete_expired_drafts")
        call_command("delete_expired_drafts")
    assert not ReferralDraft.objects.filter(pk=old.pk).exists()
    assert ReferralDraft.objects.filter(pk=recent.pk).exists()


def test_nothing_is_lost_when_the_session_expires(client, demo) -> None:
    draft = start(client, demo["ngo.fr"])
    walk(client, draft, {"age": {"under_18": "no"}, "account": {"account": "Typed before expiry."}})
    client.logout()
    url = reverse("referrals:question", args=[draft.pk, "account"])
    response = client.get(url)
    assert response.status_code == 302
    assert "next=" in response["Location"]
    client.force_login(demo["ngo.fr"])
    assert "Typed before expiry." in client.get(url).content.decode()


def test_answers_typed_when_the_session_expired_are_kept_through_sign_in(client, demo) -> None:
    from tests.factories import TEST_PASSWORD

    user = demo["ngo.fr"]
    user.set_password(TEST_PASSWORD)
    user.save()
    draft = start(client, user)
    url = reverse("referrals:question", args=[draft.pk, "account"])
    client.logout()  # the session expires while they type
    response = client.post(url, {"account": "Typed as the session expired."})
    assert response.status_code == 302
    signed_in = client.post(
        response["Location"].split("?")[0] + "?" + response["Location"].split("?")[1],
        {"username": user.email, "password": TEST_PASSWORD},
    )
    # Then the second factor, which keeps the answers too.
    from tests.two_factor import authenticator_for, code_for

    assert signed_in["Location"].startswith(reverse("accounts:two-factor"))
    verified = client.post(
        signed_in["Location"], {"code": code_for(authenticator_for(user)), "next": url}
    )
    assert verified["Location"] == url
    page = client.get(url).content.decode()
    assert "Typed as the session expired." in page
    assert "Check your answers and save them" in page
    # Only shown once: the draft itself is saved when they press continue.
    assert "Typed as the session expired." not in client.get(url).content.decode()


def test_referral_list_query_count_does_not_grow_with_rows(
    client, demo, django_assert_max_num_queries
) -> None:
    from opennrm.referrals import services
    from opennrm.referrals.schema import ReferralSubmission
    from tests.integration.referrals.bodies import adult_body

    user = demo["ngo.fr"]
    organisation = Organisation.objects.get(name="The Salvation Army")

    def add(n: int) -> None:
        for _ in range(n):
            services.referral_submit(
                user=user,
                organisation=organisation,
                submission=ReferralSubmission.model_validate(adult_body()),
            )

    client.force_login(user)
    add(3)
    with django_assert_max_num_queries(8) as few:
        client.get(reverse("referrals:list"))
    add(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("referrals:list"))
    assert (
        "25 referrals" in response.content.decode() or "30 referrals" in response.content.decode()
    )


def test_viewing_a_referral_is_audited(client, demo) -> None:
    from opennrm.audit.models import AuditEvent
    from opennrm.referrals import services
    from opennrm.referrals.schema import ReferralSubmission
    from tests.integration.referrals.bodies import adult_body

    user = demo["ngo.fr"]
    result = services.referral_submit(
        user=user,
        organisation=Organisation.objects.get(name="The Salvation Army"),
        submission=ReferralSubmission.model_validate(adult_body()),
    )
    client.force_login(user)
    response = client.get(reverse("referrals:detail", args=[result.referral.reference]))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action="referrals.referral.viewed", actor=user, case_reference=result.referral.reference
    ).exists()
