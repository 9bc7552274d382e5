"""The whole Home Office form in the journey: every question asked, every answer kept and
shown in words, Home Office references kept apart, and a Duty to Notify report that keeps
nothing identifying."""

import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opennrm.accounts.models import Organisation
from opennrm.audit.models import AuditEvent
from opennrm.referrals import journey
from opennrm.referrals.models import EvidenceFile, Referral
from tests import documents
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

PDF = documents.pdf()

# Every question with several answers, and two or more of them chosen.
MULTI_CHOICE = {
    "exploitation": {
        "behaviours": ["forced_to_work", "forced_prostitution", "forced_crime"],
        "location": "uk_and_overseas",
    },
    "assessment": {
        "indicators": ["no_pay", "threats", "documents_held"],
        "credibility_concerns": "no",
    },
    "professionals": {"professionals": ["lawyer", "social_worker"]},
    "support": {"support_wanted": ["accommodation", "counselling", "legal_advice"]},
}
CHOSEN_WORDS = [
    "Forced to work for nothing or almost nothing",
    "Forced into prostitution",
    "Forced to commit a crime, such as growing cannabis, drug dealing or begging",
    "Not paid, or paid very little",
    "Threats against them or their family",
    "Identity documents held by someone else",
    "A lawyer or legal representative",
    "A social worker",
    "Safe accommodation",
    "Counselling",
    "Legal advice",
    "Labour exploitation, Sexual exploitation, Criminal exploitation",
]


def ngo_draft(client, demo):
    draft = start(client, demo["ngo.fr"])
    org = Organisation.objects.get(name="The Salvation Army")
    walk(client, draft, {"organisation": {"organisation": org.pk, "nation": "england"}})
    return draft


def upload(client, draft, name: str, description: str = ""):
    return client.post(
        reverse("referrals:evidence", args=[draft.pk]),
        {"document": SimpleUploadedFile(name, PDF), "description": description},
    )


@pytest.mark.parametrize("slug", list(MULTI_CHOICE))
def test_multi_choice_questions_are_checkboxes(client, demo, slug) -> None:
    draft = ngo_draft(client, demo)
    walk(client, draft, {"age": {"under_18": "no"}, "consent": {"consent": "yes"}})
    page = client.get(reverse("referrals:question", args=[draft.pk, slug])).content.decode()
    assert 'type="checkbox"' in page
    assert 'type="radio" value="forced_to_work"' not in page


@time_machine.travel("2026-11-22 12:00 +00:00", tick=False)
def test_every_answer_to_every_multi_choice_question_is_kept(client, demo) -> None:
    draft = ngo_draft(client, demo)
    walk(client, draft, {**ADULT_PAGES, **MULTI_CHOICE})
    complete_evidence(client, draft)
    check = client.get(reverse("referrals:check", args=[draft.pk])).content.decode()
    for words in CHOSEN_WORDS:
        assert words in check, words
    response = client.post(reverse("referrals:check", args=[draft.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    answers = Referral.objects.get().answers
    assert answers["exploitation"]["behaviours"] == MULTI_CHOICE["exploitation"]["behaviours"]
    assert answers["exploitation"]["types"] == ["labour", "sexual", "criminal"]
    assert answers["assessment"]["indicators"] == ["no_pay", "threats", "documents_held"]
    assert answers["professionals"]["involved"] == ["lawyer", "social_worker"]
    assert answers["support_wanted"] == ["accommodation", "counselling", "legal_advice"]


@time_machine.travel("2026-11-22 12:00 +00:00", tick=False)
def test_every_new_question_reaches_the_submitted_referral(client, demo) -> None:
    draft = ngo_draft(client, demo)
    pages = {
        **ADULT_PAGES,
        "background": {
            "place_of_birth": "Shkodër",
            "family": "Two brothers.",
            "education": "Left school at 15.",
            "employment_history": "Farm work.",
        },
        "children": {"has_children": "yes", "number_of_children": "2"},
        "last-contact": {"last_contact_band": "within_last_week", "last_contact_details": "A call"},
        "exploiters": {
            "exploiters": "A gang.",
            "whereabouts_known": "yes",
            "exploiters_in_uk": "yes",
            "whereabouts_details": "Leeds.",
        },
        "reporting": {"first_chance": "no", "why_now": "Feels safe now."},
        "police": {
            "crime_reference": "CR/2026/1",
            "police_force": "West Yorkshire Police",
            "cooperates": "yes",
            "cooperation_details": "Gave a statement.",
        },
        "contact": {
            "person_phone": "07700 900456",
            "alternative_phone": "07700 900999",
            "alternative_phone_holder": "His cousin",
            "contact_address": "1 High Street",
            "safe_to_contact": "yes",
        },
        "decision-recipient": {
            "decision_recipient": "someone_else",
            "recipient_name": "Sara",
            "recipient_email": "sara@example.test",
            "recipient_permission": "on",
        },
        "your-details": {
            "responder_name": "Grace Mensah",
            "responder_email": "grace@example.test",
            "responder_reference": "SA-42",
            "responder_alternative_contact": "team@example.test",
        },
    }
    walk(client, draft, pages)
    upload(client, draft, "gp-letter.pdf", "A letter from his GP")
    client.post(
        reverse("referrals:evidence", args=[draft.pk]),
        {"continue": "1", "evidence_to_follow": "Payslips."},
    )
    response = client.post(reverse("referrals:check", args=[draft.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = Referral.objects.get()
    a = referral.answers
    assert a["background"]["place_of_birth"] == "Shkodër"
    assert a["person"]["number_of_children"] == 2
    assert a["person"]["alternative_phone"] == {"number": "07700 900999", "holder": "His cousin"}
    assert a["person"]["cooperates_with_authorities"] is True
    assert a["last_contact"] == {"band": "within_last_week", "details": "A call"}
    assert a["exploiters_whereabouts"] == {"known": True, "in_uk": "yes", "details": "Leeds."}
    assert a["reporting"] == {"first_chance": "no", "why_now": "Feels safe now."}
    assert a["current_location"] == {"town": "Leeds", "region": "West Yorkshire"}
    assert a["police_force"] == "West Yorkshire Police"
    assert a["decision_recipient"]["who"] == "someone_else"
    assert a["decision_recipient"]["permission"] is True
    assert a["first_responder"]["reference"] == "SA-42"
    assert a["evidence_to_follow"] == "Payslips."
    assert referral.evidence.get().description == "A letter from his GP"
    # Home Office references are immigration details: never in the referral's answers.
    assert "HO-REF-1234" not in json.dumps(a)
    assert "immigration" not in a


@time_machine.travel("2026-11-22 12:00 +00:00", tick=False)
def test_check_answers_shows_words_and_dates_and_where_to_change_them(client, demo) -> None:
    draft = ngo_draft(client, demo)
    walk(client, draft, ADULT_PAGES)
    complete_evidence(client, draft)
    page = client.get(reverse("referrals:check", args=[draft.pk])).content.decode()
    assert "11 February 1991" in page
    assert "Labour exploitation" in page
    assert "Within the last month" in page
    assert "labour" not in page.replace("Labour", "")
    # Home Office references are shown to the first responder who typed them, apart.
    assert "HO-REF-1234" in page
    assert "the people who decide whether the person is a victim do not see them" in page
    base = f"/referrals/drafts/{draft.pk}"
    assert f"{base}/situations/0/?return=check" in page
    assert f"{base}/exploitation/?return=check" in page
    assert f"{base}/evidence/?return=check" in page
    assert f"{base}/home-office-references/?return=check" in page


def test_changing_an_answer_from_check_answers_comes_back_to_it(client, demo) -> None:
    draft = ngo_draft(client, demo)
    walk(client, draft, ADULT_PAGES)
    url = reverse("referrals:question", args=[draft.pk, "gender"]) + "?return=check"
    assert "Back to check your answers" in client.get(url).content.decode()
    response = client.post(url, {"gender": "female"})
    assert response["Location"] == reverse("referrals:check", args=[draft.pk])


@time_machine.travel("2026-11-22 12:00 +00:00", tick=False)
def test_the_referral_page_shows_the_whole_referral_but_no_home_office_reference(
    client, demo
) -> None:
    draft = ngo_draft(client, demo)
    walk(client, draft, ADULT_PAGES)
    upload(client, draft, "statement.pdf", "Signed statement")
    complete_evidence(client, draft)
    client.post(reverse("referrals:check", args=[draft.pk]))
    referral = Referral.objects.get()
    page = client.get(reverse("referrals:detail", args=[referral.reference])).content.decode()
    evidence = referral.evidence.get()
    assert f'href="/referrals/evidence/{evidence.pk}/"' in page
    assert "Signed statement" in page
    assert "Labour exploitation" in page
    assert "The car wash owner." in page
    assert "11 February 1991" in page
    assert "HO-REF-1234" not in page


@time_machine.travel("2026-11-22 12:00 +00:00", tick=False)
@pytest.mark.parametrize(
    ("pages", "slug", "message"),
    [
        (
            {"age": {"under_18": "no"}},
            "date-of-birth",
            "You said they are not under 18, but estimated their age as 16",
        ),
        (
            {"age": {"under_18": "yes"}},
            "date-of-birth",
            "The date of birth makes them 35, but you said they are under 18",
        ),
    ],
)
def test_an_age_contradiction_is_refused_on_the_page_and_named(
    client, demo, pages, slug, message
) -> None:
    draft = ngo_draft(client, demo)
    walk(client, draft, pages)
    data = {**ADULT_PAGES["date-of-birth"]}
    if pages["age"]["under_18"] == "no":
        data = {"estimated_age": "16", "age_disputed": "no"}
    response = answer(client, draft, slug, data)
    assert response.status_code == 200
    assert message in response.content.decode()


@time_machine.travel("2026-11-22 12:00 +00:00", tick=False)
def test_saying_not_under_18_after_a_childs_date_of_birth_is_refused(client, demo) -> None:
    draft = ngo_draft(client, demo)
    walk(client, draft, {"age": {"under_18": "not_sure"}})
    walk(
        client,
        draft,
        {
            "date-of-birth": {
                "date_of_birth_0": "1",
                "date_of_birth_1": "5",
                "date_of_birth_2": "2012",
                "age_disputed": "no",
            }
        },
    )
    response = answer(client, draft, "age", {"under_18": "no"})
    assert response.status_code == 200
    assert "The date of birth makes them 14: anyone under 18 must be referred as a child" in (
        response.content.decode()
    )
    assert answer(client, draft, "age", {"under_18": "yes"}).status_code == 302


def test_every_page_of_each_route_is_shown(client, demo) -> None:
    routes = {
        "adult": {"under_18": "no", "consent": "yes"},
        "child": {"under_18": "not_sure"},
        "dtn": {"under_18": "no", "consent": "no", "cooperates": "no"},
    }
    draft = ngo_draft(client, demo)
    for route, answers in routes.items():
        draft.answers = {**draft.answers, **answers}
        draft.save()
        for page in journey.applicable_pages(draft.answers):
            url = reverse("referrals:question", args=[draft.pk, page.slug])
            response = client.get(url, follow=True)
            assert response.status_code == 200, (route, page.slug)
            assert "govuk-error-summary" not in response.content.decode()


def test_a_duty_to_notify_report_asks_no_support_question(client, demo) -> None:
    draft = ngo_draft(client, demo)
    walk(
        client,
        draft,
        {
            "age": {"under_18": "no"},
            "consent": {"consent": "no"},
            "duty-to-notify": {"dtn_refusal_reason": "Afraid.", "cooperates": "no"},
        },
    )
    assert (
        answer(client, draft, "support", {"support_wanted": ["accommodation"]}).status_code == 404
    )
    assert answer(client, draft, "home-office-references", {}).status_code == 404
    assert answer(client, draft, "decision-recipient", {}).status_code == 404
    background = client.get(reverse("referrals:question", args=[draft.pk, "background"]))
    assert "Place of birth" not in background.content.decode()
    police = client.get(reverse("referrals:question", args=[draft.pk, "police"]))
    assert "willing to help with investigations" not in police.content.decode()


@time_machine.travel("2026-11-22 12:00 +00:00", tick=False)
def test_a_duty_to_notify_report_stores_no_evidence_file_names(client, demo) -> None:
    draft = ngo_draft(client, demo)
    walk(client, draft, {"age": {"under_18": "no"}, "consent": {"consent": "yes"}})
    upload(client, draft, "Ana Hoxha passport.pdf", "Her passport")
    assert EvidenceFile.objects.get().original_name == "Ana Hoxha passport.pdf"
    # She does not consent: the file already uploaded loses its name at once …
    walk(
        client,
        draft,
        {
            "consent": {"consent": "no"},
            "duty-to-notify": {"dtn_refusal_reason": "Afraid.", "cooperates": "no"},
        },
    )
    assert EvidenceFile.objects.get().original_name == "Document 1.pdf"
    # … and the next one is never given one.
    upload(client, draft, "Ana Hoxha payslip.pdf")
    names = sorted(EvidenceFile.objects.values_list("original_name", flat=True))
    assert names == ["Document 1.pdf", "Document 2.pdf"]
    page = client.get(reverse("referrals:evidence", args=[draft.pk])).content.decode()
    assert "Hoxha" not in page
    payloads = json.dumps(
        list(AuditEvent.objects.filter(action__startswith="referral.evidence").values("payload"))
    )
    assert "Hoxha" not in payloads
    walk(
        client,
        draft,
        {
            k: v
            for k, v in ADULT_PAGES.items()
            if k not in {"age", "age-at-exploitation", "consent", "support", *IDENTITY_PAGES}
        },
    )
    walk(client, draft, {"age-at-exploitation": {"under_18_at_exploitation": "no"}})
    complete_evidence(client, draft)
    response = client.post(reverse("referrals:check", args=[draft.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = Referral.objects.get()
    assert referral.kind == "dtn"
    assert sorted(referral.evidence.values_list("original_name", flat=True)) == names


def test_a_child_is_asked_for_childrens_services_from_the_classified_list(client, demo) -> None:
    draft = start(client, demo["cardiff.fr"])
    walk(client, draft, {"age": {"under_18": "yes"}})
    page = client.get(reverse("referrals:question", args=[draft.pk, "childrens-services"]))
    body = page.content.decode()
    assert "Belfast Health and Social Care Trust" in body
    assert "North Yorkshire Council" in body
    assert "Aylesbury Vale District Council" not in body
    assert "North Yorkshire County Council" not in body
    assert 'data-autocomplete="true"' in body
    district = answer(
        client,
        draft,
        "childrens-services",
        {
            "local_authority": "Cheltenham Borough Council",
            "contact_name": "Duty",
            "contact_phone": "1",
            "childrens_services_informed": "yes",
            "police_informed": "yes",
        },
    )
    assert "Select a local authority from the list" in district.content.decode()


@time_machine.travel("2026-11-22 12:00 +00:00", tick=False)
def test_a_child_journey_is_complete_without_a_decision_recipient(client, demo) -> None:
    draft = child_draft(client, demo)
    walk(
        client,
        draft,
        {
            k: v
            for k, v in ADULT_PAGES.items()
            if k not in {"age", "age-at-exploitation", "consent", "decision-recipient"}
        }
        | {
            "date-of-birth": {
                "date_of_birth_0": "14",
                "date_of_birth_1": "6",
                "date_of_birth_2": "2011",
                "age_disputed": "no",
            }
        },
    )
    complete_evidence(client, draft)
    response = client.post(reverse("referrals:check", args=[draft.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = Referral.objects.get()
    assert referral.is_child
    assert referral.answers["decision_recipient"] is None
    assert referral.answers["person"]["date_of_birth"] == "2011-06-14"


def test_many_organisations_are_a_list_to_type_into(client, db) -> None:
    from opennrm.referrals.models import ReferralDraft
    from tests.factories import MembershipFactory, OrganisationFactory, person_with_role

    user = person_with_role("first_responder")
    for number in range(11):
        MembershipFactory(user=user, organisation=OrganisationFactory(name=f"Charity {number}"))
    client.force_login(user)
    client.post(reverse("referrals:start"))
    draft = ReferralDraft.objects.get(created_by=user)
    page = client.get(reverse("referrals:question", args=[draft.pk, "organisation"]))
    body = page.content.decode()
    assert '<select name="organisation"' in body
    assert 'data-autocomplete="true"' in body
    assert 'type="radio" value="' not in body.split('name="organisation"')[1].split("</select>")[0]
    chosen = OrganisationFactory(name="Charity 7")
    response = answer(
        client, draft, "organisation", {"organisation": chosen.pk, "nation": "england"}
    )
    assert response.status_code == 302
