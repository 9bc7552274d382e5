"""Example referrals for the demo: a child in a panel area, a child elsewhere, a consenting
adult, a Duty to Notify report and a draft, so a newcomer sees a living service."""

from typing import Any

from opennrm.accounts.models import Organisation, User
from opennrm.referrals import services
from opennrm.referrals.models import ReferralDraft
from opennrm.referrals.schema import ReferralSubmission

CHILD_CONTACT = {
    "name": "Duty social worker, children's services",
    "phone": "029 2087 2087",
    "childrens_services_informed": True,
    "police_informed": True,
}

DEMO_REFERRALS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "cardiff.fr@demo.opennrm.test",
        "City of Cardiff Council",
        {
            "kind": "nrm",
            "nation": "wales",
            "person": {
                "under_18": "yes",
                "given_name": "Jayden",
                "family_name": "Price",
                "date_of_birth": "2010-06-14",
                "gender": "male",
                "nationalities": ["British"],
                "languages": ["English"],
            },
            "local_authority": "City of Cardiff Council",
            "child_contact": CHILD_CONTACT,
            "exploitation": {"types": ["criminal"], "county_lines": True, "location": "uk"},
            "account": "Jayden was found with drugs and cash far from home. He said older boys "
            "made him carry bags between Cardiff and Swindon and threatened his family.",
        },
    ),
    (
        "police.fr@demo.opennrm.test",
        "Metropolitan Police Service",
        {
            "kind": "nrm",
            "nation": "england",
            "person": {
                "under_18": "not_sure",
                "given_name": "Linh",
                "family_name": "Nguyen",
                "estimated_age": 16,
                "age_disputed": True,
                "gender": "female",
                "nationalities": ["Vietnamese"],
                "languages": ["Vietnamese"],
                "interpreter_needed": True,
            },
            "local_authority": "Leeds City Council",
            "child_contact": {**CHILD_CONTACT, "phone": "0113 222 4403"},
            "exploitation": {"types": ["labour", "criminal"], "location": "uk_and_overseas"},
            "account": "Found working in a cannabis farm. Says she travelled by lorry and owes "
            "a debt for the journey.",
        },
    ),
    (
        "ngo.fr@demo.opennrm.test",
        "The Salvation Army",
        {
            "kind": "nrm",
            "nation": "england",
            "person": {
                "under_18": "no",
                "under_18_at_exploitation": "no",
                "consent": True,
                "consent_statement_shown": "I understand what the NRM is and agree to be referred.",
                "given_name": "Arben",
                "family_name": "Krasniqi",
                "date_of_birth": "1991-02-11",
                "gender": "male",
                "nationalities": ["Albanian"],
            },
            "exploitation": {"types": ["labour"], "location": "uk"},
            "account": "Worked fourteen-hour days at a car wash for no pay; passport kept by "
            "the employer.",
        },
    ),
    (
        "police.fr@demo.opennrm.test",
        "Metropolitan Police Service",
        {
            "kind": "dtn",
            "nation": "england",
            "person": {
                "under_18": "no",
                "under_18_at_exploitation": "yes",
                "consent": False,
                "dtn_refusal_reason": "Afraid the exploiters will find out.",
                "gender": "female",
                "nationalities": ["Romanian"],
            },
            "exploitation": {"types": ["sexual"], "location": "uk_and_overseas"},
            "account": "Brought to the UK at 17 with the promise of a job; made to sell sex.",
        },
    ),
]


def seed_demo_referrals() -> int:
    """Submit the demo referrals (idempotently) and leave one draft; return how many new."""
    created = 0
    for index, (email, organisation_name, body) in enumerate(DEMO_REFERRALS, start=1):
        user = User.objects.get(email=email)
        organisation = Organisation.objects.get(name=organisation_name)
        result = services.referral_submit(
            user=user,
            organisation=organisation,
            submission=ReferralSubmission.model_validate(body),
            idempotency_key=f"demo-{index}",
        )
        created += int(result.created)
    ngo_user = User.objects.get(email="ngo.fr@demo.opennrm.test")
    organisation = Organisation.objects.get(name="The Salvation Army")
    if not ReferralDraft.objects.filter(organisation=organisation).exists():
        draft = services.draft_create(user=ngo_user, organisation=organisation)
        services.draft_save(
            user=ngo_user,
            draft=draft,
            answers={"organisation": organisation.pk, "nation": "england", "under_18": "no"},
        )
    return created
