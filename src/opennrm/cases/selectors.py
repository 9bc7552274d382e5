"""Reads of cases, limited to what the asking user may see.

Competent-authority caseworkers see the cases their authority decides; panel members and
chairs see the children's cases of their panel; first responders see the cases of their
own organisation's referrals; the independent review panel sees cases under review;
auditors see everything, read-only.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.core.cache import cache
from django.db.models import Q, QuerySet

from opennrm.accounts.models import User
from opennrm.accounts.roles import DECISION_MAKING_ROLES, Role
from opennrm.audit.models import AuditEvent
from opennrm.cases.models import Case, CaseState, ImmigrationDetails

CASEWORKING_ROLES = (Role.CASEWORKER, Role.SENIOR_CASEWORKER, Role.DATA_MIGRATION)
# Cases with no decision left to make.
CLOSED_STATES = (
    CaseState.NEGATIVE_RG,
    CaseState.POSITIVE_CG,
    CaseState.NEGATIVE_CG,
    CaseState.WITHDRAWN,
)
# Cases whose reasonable-grounds clock is running.
RG_OPEN_STATES = (CaseState.AWAITING_RG,)


def case_scope(user: User) -> Q | None:
    """The filter that limits cases to what ``user`` may see; None means every case."""
    if user.has_role(Role.AUDITOR) or user.has_role(Role.DATA_MIGRATION):
        return None
    scope = Q(pk__in=[])
    deciding = user.organisation_ids_for(*CASEWORKING_ROLES, Role.PANEL_MEMBER, Role.PANEL_CHAIR)
    if deciding:
        scope |= Q(decision_maker_id__in=deciding)
    referring = user.organisation_ids_for(Role.FIRST_RESPONDER)
    if referring:
        scope |= Q(referral__organisation_id__in=referring)
    if user.has_role(Role.REVIEW_PANEL_MEMBER):
        scope |= Q(state__in=[CaseState.RG_REVIEW, CaseState.CG_REVIEW])
    return scope


def case_list_for_user(*, user: User) -> QuerySet[Case]:
    queryset = Case.objects.select_related("decision_maker", "person", "assigned_to")
    scope = case_scope(user)
    return queryset if scope is None else queryset.filter(scope)


def case_get(*, user: User, reference: str) -> Case | None:
    """One case by reference, or None when it does not exist or is not the user's to see."""
    return (
        case_list_for_user(user=user)
        .select_related("referral__organisation")
        .prefetch_related("decisions__decided_by")
        .filter(reference=reference)
        .first()
    )


@dataclass(frozen=True)
class QueueFilters:
    """The work queue's filters, as the page and the API accept them."""

    state: str = ""  # a state, "open" (not yet finally decided) or "" for every case
    is_child: bool | None = None
    nation: str = ""
    assigned: str = ""  # "me", "unassigned", or a user id
    due: str = ""  # "today", "overdue", "this_week"


def case_queue(
    *, user: User, filters: QueueFilters, today: date, latest_first: bool = False
) -> QuerySet[Case]:
    """The user's work queue, soonest reasonable-grounds deadline first (or latest)."""
    queryset = case_list_for_user(user=user)
    if filters.state == "open":
        queryset = queryset.exclude(state__in=CLOSED_STATES)
    elif filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.is_child is not None:
        queryset = queryset.filter(is_child=filters.is_child)
    if filters.nation:
        queryset = queryset.filter(nation=filters.nation)
    if filters.assigned == "me":
        queryset = queryset.filter(assigned_to=user)
    elif filters.assigned == "unassigned":
        queryset = queryset.filter(assigned_to__isnull=True)
    elif filters.assigned.isdigit():
        queryset = queryset.filter(assigned_to_id=int(filters.assigned))
    if filters.due:
        open_rg = queryset.filter(state__in=RG_OPEN_STATES)
        if filters.due == "today":
            queryset = open_rg.filter(rg_due=today)
        elif filters.due == "overdue":
            queryset = open_rg.filter(rg_due__lt=today)
        elif filters.due == "this_week":
            queryset = open_rg.filter(rg_due__gte=today, rg_due__lte=today + timedelta(days=7))
    if latest_first:
        return queryset.order_by("-rg_due", "-id")
    return queryset.order_by("rg_due", "id")


def after_cursor(queryset: QuerySet[Case], cursor: str, *, latest_first: bool) -> QuerySet[Case]:
    """The rows after a keyset cursor ``"<rg_due>_<id>"``; ValueError for a bad cursor."""
    due_text, id_text = cursor.split("_", 1)
    due, pk = date.fromisoformat(due_text), int(id_text)
    if latest_first:
        return queryset.filter(Q(rg_due__lt=due) | Q(rg_due=due, id__lt=pk))
    return queryset.filter(Q(rg_due__gt=due) | Q(rg_due=due, id__gt=pk))


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
                state__in=[CaseState.RECOVERY_PERIOD, CaseState.AWAITING_CG],
                cg_earliest__lt=today,
            ).count(),
        }

    key = f"cases:overdue-counts:{user.pk}:{today.isoformat()}"
    counts = cache.get_or_set(key, count, OVERDUE_COUNTS_SECONDS)
    return counts if isinstance(counts, dict) else count()


def case_timeline(*, user: User, case: Case) -> QuerySet[AuditEvent]:
    """Everything that happened on a case the user may see, oldest first."""
    if case_get(user=user, reference=case.reference) is None:
        return AuditEvent.objects.none()
    return AuditEvent.objects.filter(case_reference=case.reference).order_by("id")


def immigration_details_get(*, user: User, case: Case) -> ImmigrationDetails | None:
    """Immigration facts — never for decision makers.

    Identification is not an immigration decision (NRM.md §4). No role yet handles leave
    consideration, so only auditors (read-only) may see these.
    """
    if user.roles & DECISION_MAKING_ROLES or not user.has_role(Role.AUDITOR):
        return None
    return ImmigrationDetails.objects.filter(case=case).first()


def colleagues_for_case(*, user: User, case: Case) -> QuerySet[User]:
    """The people a case may be assigned to: the deciding organisation's decision makers."""
    if not user.roles_in(case.decision_maker_id) & {
        Role.CASEWORKER,
        Role.SENIOR_CASEWORKER,
        Role.PANEL_MEMBER,
        Role.PANEL_CHAIR,
    }:
        return User.objects.none()
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=case.decision_maker_id,
            memberships__is_active=True,
            memberships__role__in=[
                Role.CASEWORKER,
                Role.SENIOR_CASEWORKER,
                Role.PANEL_MEMBER,
                Role.PANEL_CHAIR,
            ],
        )
        .distinct()
        .order_by("full_name")
    )
