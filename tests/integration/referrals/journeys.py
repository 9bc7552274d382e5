"""Walking the referral journey through the Django test client, for the journey tests."""

from django.test import Client
from django.urls import reverse

from opennrm.accounts.models import Organisation
from opennrm.referrals.models import ReferralDraft

ADULT_PAGES = {
    "age": {"under_18": "no"},
    "age-at-exploitation": {"under_18_at_exploitation": "no"},
    "consent": {"consent": "yes"},
    "name": {"given_name": "Arben", "family_name": "Krasniqi", "aliases": ""},
    "date-of-birth": {
        "date_of_birth_0": "11",
        "date_of_birth_1": "2",
        "date_of_birth_2": "1991",
        "age_disputed": "no",
    },
    "gender": {"gender": "male"},
    "nationality": {"nationality_1": "Albanian", "nationality_2": ""},
    "background": {"place_of_birth": "Shkodër", "education": "Left school at 15."},
    "children": {"has_children": "no"},
    "language": {"languages": "Albanian, English", "interpreter_needed": "yes"},
    "home-office-references": {"home_office_references": "HO-REF-1234"},
    "exploitation": {"behaviours": ["forced_to_work", "wages_taken"], "location": "uk"},
    "account": {"account": "Worked at a car wash for no pay."},
    "situations": None,  # added through the add-another pages: see SITUATION
    "last-contact": {"last_contact_band": "within_last_month"},
    "exploiters": {"exploiters": "The car wash owner.", "whereabouts_known": "no"},
    "reporting": {"first_chance": "yes"},
    "current-location": {"current_town": "Leeds", "current_region": "West Yorkshire"},
    "assessment": {"indicators": ["no_pay", "documents_held"], "credibility_concerns": "no"},
    "professionals": {"professionals": ["lawyer", "health"]},
    "risk": {"other_victims": "yes", "other_victims_details": "Two colleagues."},
    "police": {"cooperates": "yes"},
    "support": {"support_wanted": ["accommodation", "legal_advice"]},
    "contact": {"contact_route": "Through the Salvation Army", "person_phone": "07700 900456"},
    "decision-recipient": {"decision_recipient": "person"},
    "your-details": {"responder_name": "Grace Mensah", "responder_email": "grace@example.test"},
}
SITUATION = {"still_in_situation": "no", "overseas_country_1": "Albania"}
IDENTITY_PAGES = {
    "name",
    "date-of-birth",
    "contact",
    "home-office-references",
    "decision-recipient",
}


def start(client: Client, user) -> ReferralDraft:
    client.force_login(user)
    response = client.post(reverse("referrals:start"))
    assert response.status_code == 302
    return ReferralDraft.objects.get(created_by=user)


def answer(client: Client, draft: ReferralDraft, slug: str, data: dict):
    return client.post(reverse("referrals:question", args=[draft.pk, slug]), data)


def add_situation(client: Client, draft: ReferralDraft, data: dict, *, finish: bool = True):
    response = client.post(reverse("referrals:situation-new", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    if finish:
        done = client.post(reverse("referrals:situations", args=[draft.pk]), {"add_another": "no"})
        assert done.status_code == 302, done.content.decode()[:3000]
    return response


def walk(client: Client, draft: ReferralDraft, pages: dict[str, dict | None]) -> None:
    for slug, data in pages.items():
        if slug == "situations":
            add_situation(client, draft, SITUATION)
            continue
        response = answer(client, draft, slug, data)
        assert response.status_code == 302, (slug, response.content.decode()[:3000])


def complete_evidence(client: Client, draft: ReferralDraft) -> None:
    client.post(reverse("referrals:evidence", args=[draft.pk]), {"continue": "1"})


CHILDRENS_SERVICES = {
    "local_authority": "City of Cardiff Council",
    "contact_name": "Duty worker",
    "contact_phone": "029 2087 2087",
    "childrens_services_informed": "yes",
    "police_informed": "yes",
}


def child_draft(client: Client, demo) -> ReferralDraft:
    draft = start(client, demo["cardiff.fr"])
    org = Organisation.objects.get(name="City of Cardiff Council")
    walk(
        client,
        draft,
        {
            "organisation": {"organisation": org.pk, "nation": "wales"},
            "age": {"under_18": "yes"},
            "childrens-services": CHILDRENS_SERVICES,
        },
    )
    return draft
