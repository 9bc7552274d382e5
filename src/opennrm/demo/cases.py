"""Demo cases in every state, some overdue, with decisions and letters.

They are loaded the way historic cases are migrated from an older system: the
data-migration role submits referrals with the date they were received and records
decisions with the date they were made.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils import timezone

from opennrm.accounts.models import Organisation, User
from opennrm.cases import services
from opennrm.cases.domain import Action
from opennrm.cases.models import Case
from opennrm.referrals import services as referral_services
from opennrm.referrals.schema import ReferralSubmission

NAMES = [
    ("Blerina", "Gashi", "female", "Albanian"),
    ("Tuan", "Pham", "male", "Vietnamese"),
    ("Ioana", "Popescu", "female", "Romanian"),
    ("Kwame", "Boateng", "male", "Ghanaian"),
    ("Olena", "Kovalenko", "female", "Ukrainian"),
    ("Daniel", "Hughes", "male", "British"),
    ("Aisha", "Mohammed", "female", "Sudanese"),
    ("Marek", "Nowak", "male", "Polish"),
    ("Fatima", "Rahimi", "female", "Afghan"),
]
# (days ago received, what happens afterwards as (days after receipt, step))
STORIES: list[list[tuple[int, str]]] = [
    [],  # awaiting RG, not yet due
    [],  # awaiting RG, overdue (received 20 days ago)
    [(4, "rg_positive")],  # recovery period
    [(3, "rg_positive"), (40, "recovery_ended")],  # awaiting CG
    [(5, "rg_positive"), (200, "cg_positive")],
    [(5, "rg_positive"), (300, "cg_negative")],
    [(4, "rg_negative")],
    [(2, "withdraw")],
    [(3, "rg_positive"), (10, "suspend")],
]
RECEIVED_DAYS_AGO = [1, 20, 12, 80, 400, 500, 30, 15, 60]


def _body(index: int, received: datetime) -> dict[str, Any]:
    given, family, gender, nationality = NAMES[index]
    return {
        "kind": "nrm",
        "nation": "england",
        "organisation": "Metropolitan Police Service",
        "person": {
            "under_18": "no",
            "under_18_at_exploitation": "no",
            "consent": True,
            "consent_statement_shown": "I understand what the NRM is and agree to be referred.",
            "given_name": given,
            "family_name": family,
            "gender": gender,
            "nationalities": [nationality],
        },
        "exploitation": {"types": ["labour"], "location": "uk"},
        "account": "Worked long hours for no pay; documents held by the employer.",
        "received_at": received.isoformat(),
    }


def _step(user: User, case: Case, step: str, when: datetime) -> None:
    case.refresh_from_db()
    decision = {
        "rg_positive": ("reasonable_grounds", "positive"),
        "rg_negative": ("reasonable_grounds", "negative"),
        "cg_positive": ("conclusive_grounds", "positive"),
        "cg_negative": ("conclusive_grounds", "negative"),
    }.get(step)
    if decision is not None:
        services.decision_record(
            user=user,
            case=case,
            expected_version=case.version,
            decision=services.DecisionInput(
                stage=decision[0],
                outcome=decision[1],
                rationale="Demo decision: the account and indicators were weighed against the "
                "standard in force.",
                consultations=("first_responder", "support_provider", "police"),
                decided_at=when,
            ),
        )
        return
    steps: dict[str, tuple[Action, dict[str, Any]]] = {
        "recovery_ended": (Action.RECOVERY_PERIOD_ENDED, {}),
        "withdraw": (Action.WITHDRAW, {"written_consent": True, "reason": "Asked to withdraw"}),
        "suspend": (Action.SUSPEND, {"reason": "Missing from accommodation"}),
    }
    action, extra = steps[step]
    services.case_transition(
        user=user,
        case=case,
        action=action,
        expected_version=case.version,
        today=timezone.localdate(when),
        **extra,
    )


def seed_demo_cases() -> int:
    """Create the demo cases once; return how many were created."""
    user = User.objects.get(email="migration@demo.opennrm.test")
    if Case.objects.filter(referral__idempotency_key__startswith="demo-case-").exists():
        return 0
    now = timezone.now().astimezone(UTC).replace(hour=10, minute=0, second=0, microsecond=0)
    organisation = Organisation.objects.get(name="Metropolitan Police Service")
    for index, story in enumerate(STORIES):
        received = now - timedelta(days=RECEIVED_DAYS_AGO[index])
        result = referral_services.referral_submit(
            user=user,
            organisation=organisation,
            submission=ReferralSubmission.model_validate(_body(index, received)),
            idempotency_key=f"demo-case-{index}",
        )
        case = result.referral.case
        for days_after, step in story:
            _step(user, case, step, received + timedelta(days=days_after))
    return len(STORIES)
