"""Reads of cases, limited by the access policy to what the asking user may see.

Who sees which cases is decided in ``opennrm.access`` alone: the deciding body's staff see
the cases it decides, the independent review panel the decisions sent to it, auditors all
of them read-only, data migration only what it imported.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission, Relation
from opennrm.accounts.models import User
from opennrm.audit.models import AuditEvent
from opennrm.cases.domain import FINAL_STATES, State
from opennrm.cases.models import Case, ImmigrationDetails
from opennrm.people.models import MissingEpisode
from opennrm.policy import DeadlineKind

# Cases whose reasonable-grounds clock is running.
RG_OPEN_STATES = (State.AWAITING_RG,)


def case_list_for_user(
    *, user: Subject, permission: Permission = Permission.CASE_VIEW
) -> QuerySet[Case]:
    """The cases ``user`` may do ``permission`` to (see them, by default)."""
    queryset = Case.objects.select_related("decision_maker", "person", "assigned_to")
    return evaluate.restrict(queryset, user, permission)


def case_get_for(
    *,
    user: Subject,
    reference: str,
    permission: Permission = Permission.CASE_VIEW,
    record_view: bool | None = None,
) -> Case:
    """One case by reference for an action; ``NotFound`` (404) if the user may not see it,
    ``Forbidden`` (403) if they may see it but not do ``permission``. Reading it through
    ``case.view`` is recorded in the audit trail."""
    queryset = Case.objects.select_related(
        "decision_maker", "person", "assigned_to", "referral__organisation"
    ).prefetch_related("decisions__decided_by")
    return evaluate.get_for(
        queryset, user, permission, record_view=record_view, reference=reference
    )


def case_get(*, user: Subject, reference: str) -> Case | None:
    """One case the user may see, or None; does not record a view (for services' checks)."""
    return case_list_for_user(user=user).filter(reference=reference).first()


@dataclass(frozen=True)
class QueueFilters:
    """The work queue's filters, as the page and the API accept them."""

    state: str = ""  # a state, "open" (not yet finally decided) or "" for every case
    is_child: bool | None = None
    nation: str = ""
    assigned: str = ""  # "me", "unassigned", or a user id
    due: str = ""  # "today", "overdue", "this_week": of the next deadline someone must meet


# Deadlines someone must meet (the earliest conclusive grounds date only opens a window).
MUST_MEET = (DeadlineKind.RG_DUE, DeadlineKind.REVIEW_DUE, DeadlineKind.RECOVERY_PERIOD_ENDS)


def with_missing_flag(queryset: QuerySet[Case]) -> QuerySet[Case]:
    """Each case with ``is_missing``: whether the person is missing now (one subquery, not
    a query per row). A missing child is flagged on every list."""
    return queryset.annotate(
        is_missing=Exists(
            MissingEpisode.objects.filter(person_id=OuterRef("person_id"), returned_at__isnull=True)
        )
    )


def case_queue(*, user: Subject, filters: QueueFilters, today: date) -> QuerySet[Case]:
    """The user's work queue, filtered; the caller orders it by the next deadline."""
    queryset = with_missing_flag(case_list_for_user(user=user))
    if filters.state == "open":
        queryset = queryset.exclude(state__in=FINAL_STATES)
    elif filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.is_child is not None:
        queryset = queryset.filter(is_child=filters.is_child)
    if filters.nation:
        queryset = queryset.filter(nation=filters.nation)
    if filters.assigned == "me":
        queryset = queryset.filter(assigned_to_id=user.pk)
    elif filters.assigned == "unassigned":
        queryset = queryset.filter(assigned_to__isnull=True)
    elif filters.assigned.isascii() and filters.assigned.isdigit():
        # Beyond 18 digits no id exists (and the database's integers would overflow).
        if len(filters.assigned) > 18:
            return queryset.none()
        queryset = queryset.filter(assigned_to_id=int(filters.assigned))
    elif filters.assigned:
        return queryset.none()  # not a code or an id: nobody is assigned that
    if filters.due:
        must_meet = queryset.filter(next_deadline_kind__in=MUST_MEET)
        if filters.due == "today":
            queryset = must_meet.filter(next_deadline=today)
        elif filters.due == "overdue":
            queryset = must_meet.filter(next_deadline__lt=today)
        elif filters.due == "this_week":
            queryset = must_meet.filter(
                next_deadline__gte=today, next_deadline__lte=today + timedelta(days=7)
            )
    return queryset


OVERDUE_COUNTS_SECONDS = 60


def overdue_counts(*, user: User, today: date) -> dict[str, int]:
    """How many of the user's cases are overdue, by stage (for the home and queue pages).

    Counting hundreds of thousands of rows on every page view is wasted work, so the
    figures are kept for a minute per person: a headline, not a ledger.
    """

    def count() -> dict[str, int]:
        queryset = case_list_for_user(user=user)
        return {
            "reasonable_grounds": queryset.filter(
                state__in=RG_OPEN_STATES, rg_due__lt=today
            ).count(),
            "conclusive_grounds": queryset.filter(
                state__in=[State.RECOVERY_PERIOD, State.AWAITING_CG],
                cg_earliest__lt=today,
            ).count(),
        }

    key = f"cases:overdue-counts:{user.pk}:{today.isoformat()}"
    counts = cache.get_or_set(key, count, OVERDUE_COUNTS_SECONDS)
    return counts if isinstance(counts, dict) else count()


def case_timeline(*, case: Case) -> QuerySet[AuditEvent]:
    """Everything that happened on a case, oldest first (the caller has checked access)."""
    return AuditEvent.objects.filter(case_reference=case.reference).order_by("id")


def immigration_details_get(*, user: Subject, case: Case) -> ImmigrationDetails | None:
    """Immigration facts, only for those the policy lets see them — never decision makers.

    Identification is not an immigration decision (NRM.md §4).
    """
    if not evaluate.may(user, Permission.CASE_VIEW_IMMIGRATION, case):
        return None
    return ImmigrationDetails.objects.filter(case=case).first()


def decision_makers_of(organisation_id: int) -> QuerySet[User]:
    """Active people who may decide the cases of a deciding body (for assignment and
    reminders): those holding a role the policy lets decide the body's cases."""
    roles = evaluate.roles_granting(Permission.CASE_DECIDE, Relation.DECIDING_BODY)
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=organisation_id,
            memberships__is_active=True,
            memberships__role__in=sorted(roles),
        )
        .distinct()
        .order_by("full_name")
    )


def colleagues_for_case(*, user: Subject, case: Case) -> QuerySet[User]:
    """The people a case may be assigned to, for someone who may assign it."""
    if not evaluate.may(user, Permission.CASE_ASSIGN, case):
        return User.objects.none()
    return decision_makers_of(case.decision_maker_id)
