"""What each person's home page counts: a few queries per section, never one per row."""

from datetime import date
from typing import Any

from django.db.models import Count, Q

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission
from opennrm.cases.deadlines import next_deadline_view
from opennrm.cases.domain import FINAL_STATES
from opennrm.cases.selectors import case_list_for_user, overdue_counts, with_missing_flag
from opennrm.notifications.selectors import outbox_counts
from opennrm.panels import selectors as panel_selectors
from opennrm.protection import selectors as protection_selectors
from opennrm.referrals.selectors import draft_list_for_user, referral_list_for_user
from opennrm.reviews import selectors as review_selectors
from opennrm.statistics.headlines import headline_figures, latest_complete_quarter
from opennrm.statistics.queries import Scope
from opennrm.statistics.selectors import areas_for_user


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
    cases = with_missing_flag(case_list_for_user(user=user)).exclude(state__in=FINAL_STATES)
    counts = cases.aggregate(
        open=Count("id"),
        mine=Count("id", filter=Q(assigned_to_id=user.pk)),
        unassigned=Count("id", filter=Q(assigned_to__isnull=True)),
        missing=Count("id", filter=Q(is_missing=True)),
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


HOME_LIST = 5


def panel_work(*, user: Subject, today: date) -> dict[str, Any]:
    """A panel member's or chair's: their panels, meetings to come, cases awaiting one."""
    awaiting = panel_selectors.cases_awaiting_meeting(user=user, today=today)
    return {
        "panels": list(panel_selectors.panel_list_for_user(user=user)[:HOME_LIST]),
        "meetings": panel_selectors.upcoming_meetings(user=user, today=today, limit=HOME_LIST),
        "awaiting": list(awaiting[:HOME_LIST]),
        "awaiting_count": awaiting.count(),
    }


def review_work(*, user: Subject, today: date) -> dict[str, Any]:
    """A review panel member's: proposed decisions waiting for review, soonest due first."""
    reviews = review_selectors.review_queue_for_user(user=user)
    counts = reviews.aggregate(waiting=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today)))
    return {**counts, "soonest": list(reviews[:HOME_LIST])}


def check_work(*, user: Subject) -> dict[str, Any]:
    """A senior caseworker's: proposed negative decisions waiting for their quality check."""
    checks = review_selectors.quality_checks_for_user(user=user)
    return {"waiting": checks.count(), "oldest": list(checks[:HOME_LIST])}


def children_work(*, user: Subject, today: date) -> dict[str, Any]:
    """A guardian's, the guardian service's or a local authority's: the children they
    follow, missing ones flagged, with the next deadline each faces."""
    children = list(
        panel_selectors.children_for_user(user=user).exclude(state__in=FINAL_STATES)[:HOME_LIST]
    )
    return {
        "counts": panel_selectors.children_counts(user=user),
        "rows": [{"case": c, "deadline": next_deadline_view(c, today)} for c in children],
    }


def statistics_work(*, user: Subject, today: date) -> dict[str, Any]:
    """A statistician's or senior caseworker's: the latest release's headline figures."""
    period = latest_complete_quarter(today)
    return {
        "period": period,
        "headline": headline_figures(Scope(period)),
        "can_export": evaluate.holds_somewhere(user, Permission.STATISTICS_EXPORT),
    }


AREAS_ON_HOME = 5


def area_work(*, user: Subject) -> dict[str, Any]:
    """A panel's or local authority's: the areas whose local picture they may see."""
    areas = areas_for_user(user=user)
    shown = list(areas[: AREAS_ON_HOME + 1])
    return {"areas": shown[:AREAS_ON_HOME], "more": len(shown) > AREAS_ON_HOME}


def support_work(*, user: Subject) -> dict[str, Any]:
    """A support provider's: the people it supports, with their dates and decisions."""
    return {
        "rows": protection_selectors.supported_rows(user=user, limit=HOME_LIST * 4),
        "count": protection_selectors.supported_cases(user=user).count(),
    }


def reconsideration_work(*, user: Subject) -> dict[str, Any]:
    """A decision maker's: requests for reconsideration waiting for an answer."""
    waiting = protection_selectors.requests_to_answer(user=user)
    return {"requests": list(waiting[:HOME_LIST]), "count": waiting.count()}


def reconsiderable_work(*, user: Subject) -> dict[str, Any]:
    """A first responder's: negative decisions on their referrals they may ask to be
    reconsidered."""
    return {"cases": list(protection_selectors.reconsiderable_cases(user=user)[:HOME_LIST])}


def leave_work(*, user: Subject) -> dict[str, Any]:
    """A leave caseworker's: confirmed victims whose leave is still to be considered."""
    waiting = protection_selectors.leave_to_consider(user=user)
    return {"cases": list(waiting[:HOME_LIST]), "count": waiting.count()}
