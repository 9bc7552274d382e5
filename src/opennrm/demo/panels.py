"""Demo work for the Cardiff child panel, guardians and local authorities: a meeting to come
with a child on its agenda, a meeting today that made both decisions for another child, a
guardian assigned, a child referred to the guardian service awaiting a guardian, a missing
child, and an adult referred again under a spelling variant of their name (a possible
re-trafficking). Run after the demo accounts and referrals; running it again adds nothing."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from opennrm.accounts.models import Organisation, User
from opennrm.cases import services as case_services
from opennrm.cases.models import Case
from opennrm.demo.accounts import panel_name
from opennrm.demo.referrals import CHILD_CONTACT
from opennrm.panels import services
from opennrm.panels.models import Panel, PanelMeeting
from opennrm.panels.sittings import PanelDetails, PanelSitting, Safeguarding
from opennrm.referrals import services as referral_services
from opennrm.referrals.schema import ReferralSubmission

QUORUM = (
    services.Attendee("panel.member@demo.opennrm.test", "police"),
    services.Attendee("panel.health@demo.opennrm.test", "health"),
    services.Attendee("panel.education@demo.opennrm.test", "education"),
)


def _child(given: str, family: str, born: str, account: str) -> dict[str, Any]:
    return {
        "kind": "nrm",
        "nation": "wales",
        "person": {
            "under_18": "yes",
            "given_name": given,
            "family_name": family,
            "date_of_birth": born,
            "gender": "female" if given in ("Amira",) else "male",
            "nationalities": ["British"] if given != "Amira" else ["Sudanese"],
        },
        "local_authority": "City of Cardiff Council",
        "child_contact": {**CHILD_CONTACT, "email": "mash@cardiff.example"},
        "exploitation": {"types": ["criminal"], "county_lines": True, "location": "uk"},
        "account": account,
    }


def _refer(email: str, organisation: str, body: dict[str, Any], key: str) -> Case:
    result = referral_services.referral_submit(
        user=User.objects.get(email=email),
        organisation=Organisation.objects.get(name=organisation),
        submission=ReferralSubmission.model_validate(body),
        idempotency_key=key,
    )
    return Case.objects.get(referral=result.referral)


def _user(prefix: str) -> User:
    return User.objects.get(email=f"{prefix}@demo.opennrm.test")


def seed_demo_panels() -> int:
    """Create the demo panel work once; return how many meetings were created."""
    panel = Panel.objects.get(name=panel_name("Cardiff"))
    if PanelMeeting.objects.filter(panel=panel).exists():
        return 0
    chair = _user("panel.chair")
    today = timezone.localdate()

    # A meeting to come, with Jayden (referred by Cardiff council) on its agenda, and his
    # guardian assigned by the chair.
    jayden = Case.objects.filter(person__given_name="Jayden", person__family_name="Price").first()
    upcoming = services.meeting_schedule(
        actor=chair,
        panel=panel,
        held_on=today + timedelta(days=3),
        chair_email=chair.email,
        attendees=QUORUM,
    )
    if jayden is not None:
        services.agenda_add(actor=chair, meeting=upcoming, reference=jayden.reference)
        services.guardian_assign(
            actor=chair, case=jayden, kind="direct", guardian_email=_user("guardian").email
        )

    # Today's meeting made both decisions for Amira: the CG takes effect when the recovery
    # period allows. She is referred to the guardian service, which has yet to name one.
    amira = _refer(
        "cardiff.fr@demo.opennrm.test",
        "City of Cardiff Council",
        _child(
            "Amira",
            "Hassan",
            "2010-09-03",
            "Amira was kept at a flat and made to cook and clean for several men; she was "
            "found after a neighbour called the police.",
        ),
        "demo-panels-1",
    )
    held = services.meeting_schedule(
        actor=chair, panel=panel, held_on=today, chair_email=chair.email, attendees=QUORUM
    )
    services.agenda_add(actor=chair, meeting=held, reference=amira.reference)
    details = PanelDetails(
        best_interests="Staying with her foster carer near her school keeps her safe; the "
        "panel weighed her wish not to be moved again.",
        safeguarding=Safeguarding(
            lead_social_worker_name="Carys Jones",
            lead_social_worker_email="panel.socialcare@demo.opennrm.test",
            section_47_reference="S47-CDF-2291",
            strategy_discussion_on=today - timedelta(days=6),
            child_protection_plan=True,
        ),
    )
    for stage in ("reasonable_grounds", "conclusive_grounds"):
        amira.refresh_from_db()
        case_services.decision_record(
            user=chair,
            case=amira,
            expected_version=amira.version,
            sitting=PanelSitting(
                meeting=PanelMeeting.objects.select_related("panel", "chair").get(pk=held.pk),
                details=details,
            ),
            decision=case_services.DecisionInput(
                stage=stage,
                outcome="positive",
                rationale="Her account, the police intelligence and her social worker's "
                "observations agree; the indicators of domestic servitude are clear.",
                local_authority_consulted=True,
                child_wishes_and_feelings="\u201cI want to stay with Auntie Jo and go to my "
                "school.\u201d",
            ),
        )
    amira.refresh_from_db()
    services.guardian_assign(actor=chair, case=amira, kind="indirect")

    # Tyler went missing last night; the council recorded it, and his case is on no
    # meeting's agenda yet.
    tyler = _refer(
        "cardiff.fr@demo.opennrm.test",
        "City of Cardiff Council",
        _child(
            "Tyler",
            "Evans",
            "2011-01-22",
            "Tyler was found in Swansea with another boy's phone and a large sum of cash.",
        ),
        "demo-panels-2",
    )
    services.missing_episode_record(
        actor=_user("cardiff.fr"),
        person=tyler.person,
        went_missing_at=timezone.now() - timedelta(hours=14),
        police_notified_at=timezone.now() - timedelta(hours=13),
        police_reference="CDF-MISSING-4471",
        local_authority_notified_at=timezone.now() - timedelta(hours=13),
        circumstances="Did not come home to his foster placement after school.",
    )

    # Arben, referred before, is referred again as "Arbën Krasniqi": a possible
    # re-trafficking for the caseworker to confirm or reject.
    _refer(
        "police.fr@demo.opennrm.test",
        "Metropolitan Police Service",
        {
            "kind": "nrm",
            "nation": "england",
            "person": {
                "under_18": "no",
                "under_18_at_exploitation": "no",
                "consent": True,
                "consent_statement_shown": "I understand what the NRM is and agree to be referred.",
                "given_name": "Arbën",
                "family_name": "Krasniqi",
                "date_of_birth": "1991-02-11",
                "gender": "male",
                "nationalities": ["Albanian"],
            },
            "exploitation": {"types": ["labour"], "location": "uk"},
            "account": "Found again working at a car wash, this time in Croydon.",
        },
        "demo-panels-3",
    )
    return 2
