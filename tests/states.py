"""Cases in each state, made the way the service makes them: through the services.

Each helper takes the demo people (``demo`` fixture: keyed by e-mail prefix) and returns
the case, refreshed. Dates are moved with ``time_machine`` where the law of a past date is
needed (the independent review of negative conclusive grounds decisions, 2019–2022).
"""

from datetime import date, timedelta

import time_machine
from django.utils import timezone

from opennrm.accounts.models import Organisation, User
from opennrm.cases import services
from opennrm.cases.domain import QUALITY_CHECK_STATES, Action
from opennrm.cases.models import Case
from opennrm.panels import services as panel_services
from opennrm.panels.models import Panel, PanelMeeting
from opennrm.panels.sittings import PanelDetails, PanelSitting, Safeguarding
from opennrm.referrals import services as referral_services
from opennrm.referrals.schema import ReferralSubmission
from tests.integration.referrals.bodies import adult_body, child_body

People = dict[str, User]

RG_POSITIVE = services.DecisionInput("reasonable_grounds", "positive", "Indicators are present.")
CONSULTED = ("first_responder", "support_provider", "police")


def refer_adult(demo: People, by: str = "ngo.fr", organisation: str = "The Salvation Army", **body):
    """An adult's NRM referral by a first responder; returns its case."""
    result = referral_services.referral_submit(
        user=demo[by],
        organisation=Organisation.objects.get(name=organisation),
        submission=ReferralSubmission.model_validate(adult_body(**body)),
    )
    return result.referral.case


def refer_child(demo: People, **body) -> Case:
    """A child in Cardiff referred by the council: decided by the Cardiff panel."""
    result = referral_services.referral_submit(
        user=demo["cardiff.fr"],
        organisation=Organisation.objects.get(name="City of Cardiff Council"),
        submission=ReferralSubmission.model_validate(child_body(**body)),
    )
    return result.referral.case


def decide(
    user: User,
    case: Case,
    decision: services.DecisionInput = RG_POSITIVE,
    *,
    checked: bool = True,
) -> Case:
    """Record ``decision``. A negative decision the policy sends to a senior caseworker's
    quality check is passed by the demo senior caseworker (``checked``), so that it goes
    on as it would in practice: to independent review, or issued."""
    case.refresh_from_db()
    services.decision_record(user=user, case=case, decision=decision, expected_version=case.version)
    case.refresh_from_db()
    if checked and case.state in QUALITY_CHECK_STATES:
        pass_quality_check(case)
    return case


def pass_quality_check(case: Case, by: str = "senior.caseworker@demo.opennrm.test") -> Case:
    """The senior caseworker passes the proposed decision waiting on ``case``."""
    from opennrm.reviews.services import quality_check_record

    case.refresh_from_db()
    quality_check_record(
        user=User.objects.get(email=by),
        case=case,
        outcome="passed",
        reasons="",
        expected_version=case.version,
    )
    case.refresh_from_db()
    return case


def case_awaiting_rg(demo: People, **body) -> Case:
    return refer_adult(demo, **body)


def case_in_recovery(demo: People, **body) -> Case:
    return decide(demo["caseworker"], refer_adult(demo, **body))


CARDIFF_PANEL = "Cardiff child decision-making panel"
# Who sits at a quorate meeting of the demo Cardiff panel, besides its chair (children's
# social care): police and health.
QUORUM = (
    panel_services.Attendee("panel.member@demo.opennrm.test", "police"),
    panel_services.Attendee("panel.health@demo.opennrm.test", "health"),
)
PANEL_DETAILS = PanelDetails(
    best_interests="Staying with his foster family keeps him safe and in school.",
    safeguarding=Safeguarding(
        lead_social_worker_name="Carys Jones",
        lead_social_worker_email="panel.socialcare@demo.opennrm.test",
        section_47_reference="S47-2026-114",
        strategy_discussion_on=None,
        child_protection_plan=True,
    ),
)


def cardiff_panel() -> Panel:
    return Panel.objects.get(name=CARDIFF_PANEL)


def panel_meeting(
    demo: People,
    *,
    held_on: date | None = None,
    attendees: tuple[panel_services.Attendee, ...] = QUORUM,
    cases: tuple[Case, ...] = (),
) -> PanelMeeting:
    """A meeting of the Cardiff panel, chaired by the demo chair, with ``cases`` on its
    agenda; quorate unless ``attendees`` leave an agency out."""
    meeting = panel_services.meeting_schedule(
        actor=demo["panel.chair"],
        panel=cardiff_panel(),
        held_on=held_on or timezone.localdate(),
        chair_email="panel.chair@demo.opennrm.test",
        attendees=attendees,
    )
    for case in cases:
        panel_services.agenda_add(
            actor=demo["panel.chair"], meeting=meeting, reference=case.reference
        )
    return meeting


def panel_decide(
    demo: People,
    case: Case,
    meeting: PanelMeeting,
    stage: str = "reasonable_grounds",
    outcome: str = "positive",
    by: str = "panel.chair",
    details: PanelDetails = PANEL_DETAILS,
    **decision,
) -> services.Decision:
    """The panel's decision at ``meeting`` (the case must be on its agenda)."""
    case.refresh_from_db()
    fresh = PanelMeeting.objects.select_related("panel", "chair").get(pk=meeting.pk)
    made = services.decision_record(
        user=demo[by],
        case=case,
        expected_version=case.version,
        sitting=PanelSitting(meeting=fresh, details=details),
        decision=services.DecisionInput(
            stage,
            outcome,
            decision.pop(
                "rationale", "The account and the social worker's view meet the threshold."
            ),
            local_authority_consulted=True,
            child_wishes_and_feelings=decision.pop(
                "child_wishes_and_feelings", "He wants to stay with his foster family."
            ),
            **decision,
        ),
    )
    case.refresh_from_db()
    return made


def child_in_recovery(demo: People) -> Case:
    """A Cardiff child with the panel's positive RG decision, made at a quorate meeting."""
    case = refer_child(demo)
    meeting = panel_meeting(demo, cases=(case,))
    panel_decide(demo, case, meeting)
    case.refresh_from_db()
    return case


def case_negative_rg(demo: People) -> Case:
    return decide(
        demo["caseworker"],
        refer_adult(demo),
        services.DecisionInput("reasonable_grounds", "negative", "No indicator is present."),
    )


def case_negative_rg_awaiting_check(demo: People) -> Case:
    """A negative RG decision proposed today, waiting for a senior caseworker's check."""
    return decide(
        demo["caseworker"],
        refer_adult(demo),
        services.DecisionInput("reasonable_grounds", "negative", "No indicator is present."),
        checked=False,
    )


def case_negative_cg_under_review(demo: People) -> Case:
    """A negative CG decision in 2020, when the Multi-Agency Assurance Panels reviewed them."""
    with time_machine.travel("2020-03-02 10:00 +00:00", tick=False):
        case = refer_adult(demo, by="police.fr", organisation="Metropolitan Police Service")
        decide(demo["caseworker"], case)
    with time_machine.travel("2020-06-01 10:00 +00:00", tick=False):
        return decide(
            demo["caseworker"],
            case,
            services.DecisionInput(
                "conclusive_grounds",
                "negative",
                "Not on the balance of probabilities.",
                consultations=CONSULTED,
            ),
        )


def case_suspended(demo: People) -> Case:
    case = refer_adult(demo)
    services.case_transition(
        user=demo["caseworker"],
        case=case,
        action=Action.SUSPEND,
        expected_version=case.version,
        reason="Missing from accommodation",
    )
    case.refresh_from_db()
    return case


def case_imported(demo: People, by: str = "migration") -> Case:
    """A historic case loaded by data migration, with its historic RG decision."""
    received = timezone.now() - timedelta(days=90)
    result = referral_services.referral_submit(
        user=demo[by],
        organisation=Organisation.objects.get(name="Metropolitan Police Service"),
        submission=ReferralSubmission.model_validate(
            {**adult_body(), "received_at": received.isoformat()}
        ),
    )
    case = result.referral.case
    return decide(
        demo[by],
        case,
        services.DecisionInput(
            "reasonable_grounds",
            "positive",
            "Historic decision.",
            decided_at=received + timedelta(days=4),
        ),
    )


def case_positive_cg(demo: People, by: str = "ngo.fr", **body) -> Case:
    """An adult confirmed a victim today, after a positive RG decision 60 days ago."""
    earlier = timezone.now() - timedelta(days=60)
    with time_machine.travel(earlier, tick=False):
        case = refer_adult(demo, by=by, **body)
        decide(demo["caseworker"], case)
    return decide(
        demo["caseworker"],
        case,
        services.DecisionInput(
            "conclusive_grounds", "positive", "On the balance of probabilities."
        ),
    )
