"""Reads for the protection app, each scoped by the access policy: the people a support
provider supports, requests waiting for an answer, the negative decisions a first responder
may ask to be reconsidered, the confirmed victims whose leave is to be considered, and the
reconsideration measures."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission, Relation
from opennrm.cases.domain import State
from opennrm.cases.models import Case, Decision, DecisionOutcome, DecisionStage
from opennrm.core.exceptions import Forbidden, NotFound
from opennrm.core.jurisdiction import jurisdiction
from opennrm.policy import move_on_ends
from opennrm.protection.models import (
    JudicialReview,
    ReconsiderationRequest,
    RequestStatus,
    SupportAllocation,
)

_CASE_RELATED = ("decision_maker", "person", "referral__organisation", "assigned_to")


def case_for_action(*, user: Subject, reference: str, permission: Permission) -> Case:
    """One case for an action of this app. ``NotFound`` unless the person may see the case
    or may do ``permission`` to it (a first responder asks for reconsideration of their
    referral's case without seeing its page: ``Route.acting_reveals``); ``Forbidden`` if they
    may see it but not do this."""
    cases = Case.objects.select_related(*_CASE_RELATED).prefetch_related("decisions__decided_by")
    acting = evaluate.restrict(cases, user, permission).filter(reference=reference).first()
    if acting is not None:
        return acting
    if evaluate.restrict(cases, user, Permission.CASE_VIEW).filter(reference=reference).exists():
        raise Forbidden("Your role does not allow this", field="role")
    raise NotFound("No case was found", field="case")


def move_on_end(case: Case, decisions: list[Decision] | None = None) -> date | None:
    """The last day of the move-on period after the case's positive conclusive grounds
    decision in force, by the rules of its date; ``None`` without one."""
    if case.state != State.POSITIVE_CG:
        return None
    found = decisions if decisions is not None else list(case.decisions.all())
    positive = [
        d
        for d in found
        if d.stage == DecisionStage.CONCLUSIVE_GROUNDS and d.outcome == DecisionOutcome.POSITIVE
    ]
    if not positive:
        return None
    decided_on = timezone.localdate(positive[-1].decided_at)
    return move_on_ends(decided_on, case.nation, jurisdiction=jurisdiction())


def _provider_organisations(user: Subject) -> frozenset[int]:
    return evaluate.organisations_granting(
        user, Permission.CASE_VIEW, Relation.SUPPORTING_ORGANISATION
    )


def supported_cases(*, user: Subject) -> QuerySet[Case]:
    """The people a support provider supports now, soonest next deadline first."""
    allocated = SupportAllocation.objects.filter(
        provider_id__in=_provider_organisations(user), ended_at__isnull=True
    ).values("case_id")
    return (
        evaluate.restrict(Case.objects.all(), user, Permission.CASE_VIEW)
        .filter(pk__in=allocated)
        .select_related("person", "decision_maker")
        .prefetch_related("decisions")
        .order_by("next_deadline", "id")
    )


def supported_rows(*, user: Subject, limit: int = 20) -> list[dict[str, Any]]:
    """What a support provider's home page shows of each person: their dates and the
    decisions issued (a fixed number of queries, whatever the number of people)."""
    rows = []
    for case in supported_cases(user=user)[:limit]:
        decisions = [d for d in case.decisions.all() if not d.is_pending]
        rows.append(
            {
                "case": case,
                "decisions": decisions,
                "move_on_ends": move_on_end(case, decisions),
            }
        )
    return rows


def requests_to_answer(*, user: Subject) -> QuerySet[ReconsiderationRequest]:
    """Reconsideration requests waiting for this decision maker's body to answer."""
    cases = evaluate.restrict(Case.objects.all(), user, Permission.CASE_ANSWER_RECONSIDERATION)
    return (
        ReconsiderationRequest.objects.filter(status=RequestStatus.PENDING, case__in=cases)
        .select_related("case__person", "decision", "requested_by_organisation")
        .order_by("requested_at", "id")
    )


def reconsiderable_cases(*, user: Subject) -> QuerySet[Case]:
    """Cases with a negative decision in force that the person may ask to be reconsidered,
    latest first (those still in time first of all)."""
    return (
        evaluate.restrict(Case.objects.all(), user, Permission.CASE_REQUEST_RECONSIDERATION)
        .filter(state__in=(State.NEGATIVE_RG, State.NEGATIVE_CG))
        .select_related("person")
        .order_by("-updated_at", "-id")
    )


def leave_to_consider(*, user: Subject) -> QuerySet[Case]:
    """Confirmed victims whose leave to remain has not been considered yet."""
    return (
        evaluate.restrict(Case.objects.all(), user, Permission.CASE_CONSIDER_LEAVE)
        .filter(state=State.POSITIVE_CG, leave_consideration__isnull=True)
        .select_related("person")
        .order_by("updated_at", "id")
    )


def current_support(*, case: Case) -> SupportAllocation | None:
    """The support provider the person is allocated to now, with the provider (at most
    one: a database constraint)."""
    return (
        SupportAllocation.objects.filter(case=case, ended_at__isnull=True)
        .select_related("provider")
        .first()
    )


def case_protection(*, case: Case) -> dict[str, Any]:
    """Everything this app records on one case, for its section of the case page.

    Each record follows a decision (a reconsideration a negative one, support a positive
    RG decision, an extension the support), so a case without one is not asked for it.
    """
    decisions = list(case.decisions.all())
    negative = any(d.outcome == DecisionOutcome.NEGATIVE for d in decisions)
    support = (
        current_support(case=case)
        if any(d.outcome == DecisionOutcome.POSITIVE for d in decisions)
        else None
    )
    return {
        "reconsiderations": list(
            ReconsiderationRequest.objects.filter(case=case).select_related(
                "decision", "requested_by", "requested_by_organisation", "answered_by"
            )
        )
        if negative
        else [],
        "judicial_reviews": list(
            JudicialReview.objects.filter(case=case).select_related("decision")
        )
        if decisions
        else [],
        "support": support,
        "extensions": list(case.extension_requests.select_related("requested_by"))
        if support is not None
        else [],
        "public_order": list(case.public_order_decisions.all()),
    }


# Measures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReconsiderationMeasure:
    """One row of the reconsideration measures: for a stage and a deciding body, how many
    requests were made in the period, how many accepted, and how many of the decisions
    reconsidered were overturned (the new decision positive)."""

    stage: str
    decision_maker: str
    requests: int
    accepted: int
    overturned: int


def reconsideration_measures(
    *, user: Subject, date_from: date, date_to: date
) -> list[ReconsiderationMeasure]:
    """Reconsideration requests made from ``date_from`` to ``date_to`` (inclusive), by the
    stage of the decision reconsidered and the body that made it, over the cases the person
    may see: requests, accepted, and overturned (the superseding decision positive). In
    2024 over 70 % of reconsidered decisions were overturned (NRM.md §3.7).

    One query, whatever the number of requests.
    """
    cases = evaluate.restrict(Case.objects.all(), user, Permission.CASE_VIEW)
    rows = (
        ReconsiderationRequest.objects.filter(
            case__in=cases,
            requested_at__date__gte=date_from,
            requested_at__date__lte=date_to,
        )
        .values("decision__stage", "case__decision_maker__name")
        .annotate(
            requests=Count("id"),
            accepted=Count("id", filter=Q(status=RequestStatus.ACCEPTED)),
            overturned=Count(
                "id",
                filter=Q(
                    status=RequestStatus.ACCEPTED,
                    decision__superseded_by__outcome=DecisionOutcome.POSITIVE,
                ),
            ),
        )
        .order_by("decision__stage", "case__decision_maker__name")
    )
    return [
        ReconsiderationMeasure(
            stage=row["decision__stage"],
            decision_maker=row["case__decision_maker__name"],
            requests=row["requests"],
            accepted=row["accepted"],
            overturned=row["overturned"],
        )
        for row in rows
    ]
