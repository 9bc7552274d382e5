"""Reads for child panels, guardians and safeguarding, limited by the access policy to what
the asking person may see. Lists load what they show in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission, Relation
from opennrm.accounts.models import Organisation
from opennrm.cases.access import authority_names
from opennrm.cases.domain import FINAL_STATES, OPEN_STATES
from opennrm.cases.models import Case, DecisionMakerType
from opennrm.cases.selectors import case_list_for_user, with_missing_flag
from opennrm.panels.models import (
    AgendaItem,
    CaseNote,
    ConsentRequest,
    GuardianReferral,
    Panel,
    PanelMeeting,
    PanelMember,
)
from opennrm.people.models import AgeAssessment, MissingEpisode, Person, PossibleRetrafficking


def panel_list_for_user(*, user: Subject) -> QuerySet[Panel]:
    """The panels the person may see (their own; every panel for an administrator)."""
    return evaluate.restrict(Panel.objects.all(), user, Permission.PANEL_VIEW).order_by("name")


def panel_get_for(
    *, user: Subject, panel_id: int, permission: Permission = Permission.PANEL_VIEW
) -> Panel:
    """One panel; 404 if the person may not see it, 403 if they may not do ``permission``."""
    return evaluate.get_for(Panel.objects.all(), user, permission, record_view=False, pk=panel_id)


def meeting_get_for(
    *, user: Subject, meeting_id: int, permission: Permission = Permission.MEETING_VIEW
) -> PanelMeeting:
    """One meeting with its attendance and agenda; 404 if the person may not see it."""
    queryset = PanelMeeting.objects.select_related("panel", "chair", "created_by").prefetch_related(
        "attendance__user",
        Prefetch("agenda", queryset=AgendaItem.objects.select_related("case__person")),
    )
    return evaluate.get_for(queryset, user, permission, record_view=False, pk=meeting_id)


def person_get_for(
    *,
    user: Subject,
    person_id: int,
    permission: Permission = Permission.PERSON_VIEW,
    record_view: bool | None = None,
) -> Person:
    """One person; reading them through ``person.view`` is recorded in the audit trail."""
    return evaluate.get_for(
        Person.objects.all(), user, permission, record_view=record_view, pk=person_id
    )


def members_of(panel: Organisation) -> QuerySet[PanelMember]:
    """The panel's members now, by agency."""
    return (
        PanelMember.objects.filter(panel=panel, left_on__isnull=True)
        .select_related("user")
        .order_by("agency", "user__full_name", "id")
    )


def meetings_of(
    panel: Organisation, *, upcoming_from: date | None = None
) -> QuerySet[PanelMeeting]:
    """The panel's meetings with how many cases each has (latest first, or the upcoming
    ones soonest first)."""
    queryset = PanelMeeting.objects.filter(panel=panel).select_related("chair")
    queryset = queryset.annotate(cases=Count("agenda", distinct=True))
    if upcoming_from is not None:
        return queryset.filter(held_on__gte=upcoming_from).order_by("held_on", "id")
    return queryset.order_by("-held_on", "-id")


def upcoming_meetings(*, user: Subject, today: date, limit: int = 5) -> list[PanelMeeting]:
    """The next meetings of the person's panels."""
    meetings = evaluate.restrict(PanelMeeting.objects.all(), user, Permission.MEETING_VIEW)
    return list(
        meetings.filter(held_on__gte=today)
        .select_related("panel", "chair")
        .annotate(cases=Count("agenda", distinct=True))
        .order_by("held_on", "id")[:limit]
    )


def cases_awaiting_meeting(*, user: Subject, today: date) -> QuerySet[Case]:
    """The person's panel cases with a decision to make and no meeting to come on whose
    agenda they are, soonest deadline first."""
    panels = panel_list_for_user(user=user).values("pk")
    scheduled = AgendaItem.objects.filter(case_id=OuterRef("pk"), meeting__held_on__gte=today)
    return (
        with_missing_flag(case_list_for_user(user=user))
        .filter(decision_maker_id__in=panels, state__in=OPEN_STATES)
        .exclude(Exists(scheduled))
        .order_by("next_deadline", "id")
    )


def children_for_user(*, user: Subject) -> QuerySet[Case]:
    """The children's cases the person may see (a guardian's children, a local authority's
    children, the guardian service's referrals), each flagged if the child is missing."""
    return (
        with_missing_flag(case_list_for_user(user=user))
        .filter(is_child=True)
        .select_related("guardian_referral__guardian")
        .order_by("next_deadline", "id")
    )


# The relations through which someone follows children's cases.
_GUARDIAN_RELATIONS = (Relation.ASSIGNED_GUARDIAN, Relation.GUARDIAN_SERVICE)


def follows_children(*, user: Subject) -> bool:
    """Whether the person follows any children: a guardian, the guardian service, or a
    first responder at a local authority (children's services follow the children of
    their area). A charity's or a police force's first responder holds the list's
    permission too, but it could only ever be empty for them, so it is not offered.
    The database is asked once per request (``cases.access.authority_names``)."""
    if not evaluate.holds_somewhere(user, Permission.CHILDREN_VIEW):
        return False
    if any(
        evaluate.organisations_granting(user, Permission.CASE_VIEW, relation)
        for relation in _GUARDIAN_RELATIONS
    ):
        return True
    area = evaluate.organisations_granting(
        user, Permission.CASE_VIEW, Relation.LOCAL_AUTHORITY_AREA
    )
    return bool(area) and bool(authority_names(user, area))


@dataclass(frozen=True)
class ChildrenCounts:
    open: int
    missing: int
    awaiting_guardian: int


def children_counts(*, user: Subject) -> ChildrenCounts:
    """Headline figures for a home page: open children's cases, missing now, and those
    referred to the guardian service without a named guardian yet."""
    cases = children_for_user(user=user).exclude(state__in=FINAL_STATES)
    figures = cases.aggregate(
        open=Count("id"),
        missing=Count("id", filter=Q(is_missing=True)),
        awaiting_guardian=Count(
            "id",
            filter=Q(guardian_referral__isnull=False, guardian_referral__guardian__isnull=True),
        ),
    )
    return ChildrenCounts(**figures)


def missing_episodes_by_area(*, user: Subject, start: date, end: date) -> list[dict[str, object]]:
    """Missing episodes that began from ``start`` to ``end``, counted by the local authority
    of the child's case and by month, for the cases the person may see (for a local
    picture of an area; small numbers are for the caller to protect)."""
    cases = case_list_for_user(user=user).filter(is_child=True)
    rows = (
        MissingEpisode.objects.filter(
            person_id__in=cases.values("person_id"),
            went_missing_at__date__gte=start,
            went_missing_at__date__lte=end,
        )
        .values("person__cases__local_authority")
        .annotate(month=TruncMonth("went_missing_at"), episodes=Count("id", distinct=True))
        .values("person__cases__local_authority", "month", "episodes")
        .order_by("person__cases__local_authority", "month")
    )
    return [
        {
            "local_authority": row["person__cases__local_authority"],
            "month": row["month"],
            "episodes": row["episodes"],
        }
        for row in rows
    ]


@dataclass(frozen=True)
class CaseSafeguarding:
    """What the case page shows about a child's panel, guardian and safety."""

    guardian: GuardianReferral | None
    notes: list[CaseNote]
    age_assessments: list[AgeAssessment]
    missing_episodes: list[MissingEpisode]
    consent_tasks: list[ConsentRequest]
    retrafficking: list[PossibleRetrafficking]
    agenda: list[AgendaItem]


def case_safeguarding(*, case: Case) -> CaseSafeguarding:
    """The safeguarding record of a case the caller has checked the person may see."""
    assessments = list(AgeAssessment.objects.filter(person_id=case.person_id))
    # Only a child's case, or one a panel decides or decided, has been on a panel's agenda;
    # consent is asked for only after an age assessment found the person an adult.
    panel_history = case.decision_maker_type == DecisionMakerType.PANEL or bool(case.panel_site)
    return CaseSafeguarding(
        guardian=GuardianReferral.objects.filter(case=case).select_related("guardian").first(),
        notes=list(CaseNote.objects.filter(case=case).select_related("author")[:50]),
        age_assessments=assessments,
        missing_episodes=list(MissingEpisode.objects.filter(person_id=case.person_id)[:20]),
        consent_tasks=list(ConsentRequest.objects.filter(case=case)) if assessments else [],
        retrafficking=list(
            PossibleRetrafficking.objects.filter(person_id=case.person_id).select_related("earlier")
        ),
        agenda=(
            list(
                AgendaItem.objects.filter(case=case)
                .select_related("meeting")
                .order_by("-meeting__held_on")
            )
            if panel_history or case.is_child
            else []
        ),
    )


@dataclass(frozen=True)
class EarlierReferral:
    """One of the earlier person's referrals, as the person deciding the flag may see it:
    its reference and a link only where they may see that case, its date always."""

    received_at: datetime
    reference: str | None


def earlier_cases(*, user: Subject, flag: PossibleRetrafficking) -> list[EarlierReferral]:
    """The earlier person's cases, oldest first (never merged). A case decided elsewhere,
    which the person may not see, is shown by its date alone, not its reference."""
    visible = case_list_for_user(user=user).filter(person_id=flag.earlier_id)
    cases = (
        Case.objects.filter(person_id=flag.earlier_id)
        .annotate(visible=Exists(visible.filter(pk=OuterRef("pk"))))
        .order_by("received_at", "id")
        .values_list("received_at", "reference", "visible")
    )
    return [
        EarlierReferral(received_at, reference if seen else None)
        for received_at, reference, seen in cases
    ]
