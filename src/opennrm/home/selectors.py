"""What each person's home page counts: a few queries per section, never one per row."""

from datetime import date
from typing import Any

from django.db.models import Count, Q

from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission
from opennrm.cases.domain import FINAL_STATES
from opennrm.cases.selectors import case_list_for_user, overdue_counts
from opennrm.notifications.selectors import outbox_counts
from opennrm.referrals.selectors import draft_list_for_user, referral_list_for_user


def referring_work(*, user: Subject) -> dict[str, Any]:
    """A first responder's: drafts to finish, questions to answer, recent referrals."""
    referrals = referral_list_for_user(user=user)
    return {
        "drafts": draft_list_for_user(user=user).count(),
        "questions": referrals.filter(
            case__information_requests__answered_at__isnull=True,
            case__information_requests__isnull=False,
        )
        .distinct()
        .count(),
        "recent": list(referrals[:5]),
    }


def casework(*, user: Subject, today: date) -> dict[str, Any]:
    """A decision maker's (or reviewer's, or auditor's): open cases, theirs, unassigned,
    and overdue."""
    cases = case_list_for_user(user=user).exclude(state__in=FINAL_STATES)
    counts = cases.aggregate(
        open=Count("id"),
        mine=Count("id", filter=Q(assigned_to_id=user.pk)),
        unassigned=Count("id", filter=Q(assigned_to__isnull=True)),
    )
    return {**counts, "overdue": overdue_counts(user=user, today=today)}  # type: ignore[arg-type]


def migration_work(*, user: Subject) -> dict[str, Any]:
    """Data migration's: what it has loaded so far."""
    imported = referral_list_for_user(user=user).filter(imported_by_id=user.pk)
    cases = case_list_for_user(user=user, permission=Permission.CASE_VIEW)
    return {
        "referrals": imported.count(),
        "open_cases": cases.exclude(state__in=FINAL_STATES).count(),
    }


def outbox_work(*, user: Subject) -> dict[str, int]:
    """An administrator's: e-mails that failed or are waiting."""
    return outbox_counts(user=user)
