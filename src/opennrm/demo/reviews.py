"""Demo safeguards on decisions: proposed negative decisions waiting for the independent
review panel and for a senior caseworker's quality check, and some already concluded, so
that the measures have figures.

The reviewed decisions are historic conclusive grounds decisions of 2022, when the
Multi-Agency Assurance Panels reviewed every negative one, loaded by data migration with
their reviews still open; today's negative reasonable grounds decisions are quality-checked.
"""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from opennrm.accounts.models import Organisation, User
from opennrm.cases import services
from opennrm.cases.models import Case
from opennrm.cases.services import REQUIRED_CONSULTATIONS
from opennrm.demo.cases import _body
from opennrm.referrals import services as referral_services
from opennrm.referrals.schema import ReferralSubmission
from opennrm.reviews.services import quality_check_record, review_conclude, review_view_record

# Those a decision maker must consult before a CG decision, as the case service requires.
CONSULTED = REQUIRED_CONSULTATIONS
# (what happens to the proposed decision): four 2022 negative CG decisions, four of today's
# negative RG decisions.
REVIEWS = ["open", "open", "agree", "disagree"]
CHECKS = ["open", "open", "passed", "returned"]


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _refer(key: str, index: int, received: datetime) -> Case:
    result = referral_services.referral_submit(
        user=_user("migration@demo.opennrm.test"),
        organisation=Organisation.objects.get(name="Metropolitan Police Service"),
        submission=ReferralSubmission.model_validate(_body(index, received)),
        idempotency_key=key,
    )
    case: Case = result.referral.case
    return case


def _decide(user: User, case: Case, stage: str, outcome: str, when: datetime | None) -> None:
    case.refresh_from_db()
    services.decision_record(
        user=user,
        case=case,
        expected_version=case.version,
        decision=services.DecisionInput(
            stage=stage,
            outcome=outcome,
            rationale="Demo decision: the account and indicators were weighed against the "
            "standard in force.",
            consultations=CONSULTED,
            decided_at=when,
        ),
    )
    case.refresh_from_db()


def seed_demo_reviews() -> int:
    """Create the demo reviews and quality checks once; return how many cases were made."""
    if Case.objects.filter(referral__idempotency_key__startswith="demo-review-").exists():
        return 0
    migration, caseworker = (
        _user("migration@demo.opennrm.test"),
        _user("caseworker@demo.opennrm.test"),
    )
    reviewer, senior = (
        _user("review.panel@demo.opennrm.test"),
        _user("senior.caseworker@demo.opennrm.test"),
    )
    received = datetime(2022, 3, 1, 10, 0, tzinfo=UTC)
    for index, step in enumerate(REVIEWS):
        case = _refer(f"demo-review-{index}", index, received + timedelta(days=index))
        _decide(migration, case, "reasonable_grounds", "positive", received + timedelta(days=5))
        _decide(
            migration,
            case,
            "conclusive_grounds",
            "negative",
            datetime(2022, 11, 1 + index, 10, tzinfo=UTC),
        )
        if step == "open":
            continue
        review_view_record(
            user=reviewer, case=case, view=step, reasons="Demo view of the review panel member."
        )
        review_conclude(
            user=reviewer,
            case=case,
            outcome=step,
            reasons="Demo conclusion: the panel weighed the decision against the evidence.",
            expected_version=case.version,
        )
    now = timezone.now().astimezone(UTC).replace(hour=9, minute=0, second=0, microsecond=0)
    for index, step in enumerate(CHECKS):
        case = _refer(f"demo-review-check-{index}", index + 4, now - timedelta(days=3 + index))
        _decide(caseworker, case, "reasonable_grounds", "negative", None)
        if step == "open":
            continue
        quality_check_record(
            user=senior,
            case=case,
            outcome=step,
            reasons="" if step == "passed" else "Demo: weigh the account against the indicators.",
            expected_version=case.version,
        )
    return len(REVIEWS) + len(CHECKS)
