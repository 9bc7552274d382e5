"""Writes to cases: opening a case, transitions, decisions and assignment. Each records an
audit event in the same transaction.

One service applies every transition: it locks the case, checks the version the user saw,
asks the access policy what the user may do on this case and the pure transition table
whether the action is allowed, and writes the change and its audit event together.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import Organisation, OrganisationType, User
from opennrm.audit.services import audit_record
from opennrm.cases.deadlines import refresh_next_deadline
from opennrm.cases.domain import (
    REVIEW_STATES,
    Action,
    CaseFacts,
    RoleRefused,
    State,
    TransitionRefused,
    WithdrawalReason,
    next_state,
)
from opennrm.cases.models import (
    Case,
    CaseActionRecord,
    Decision,
    DecisionMakerType,
    DecisionOutcome,
    DecisionStage,
    ImmigrationDetails,
)
from opennrm.core.exceptions import ApplicationError, Conflict
from opennrm.core.jurisdiction import jurisdiction
from opennrm.notifications.services import email_queue
from opennrm.people.models import Person
from opennrm.policy import DecisionMakerType as Decider
from opennrm.policy import (
    Route,
    cg_earliest,
    may_issue_negative_rg,
    needs_independent_review,
    reconsideration_deadline,
    recovery_period_ends,
    review_due,
    route_referral,
    threshold_wording,
)
from opennrm.policy import rg_due as rg_due_on

logger = logging.getLogger(__name__)


class CaseChanged(Conflict):
    """Someone else changed the case after this user opened it; nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            "This case has changed since you opened it. Check the latest version and try again.",
            field="version",
        )


class PanelNotSetUp(ApplicationError):
    """The law sends this child to a local panel that the service has no organisation for.

    A configuration error (``manage.py check`` reports it); the referral is refused rather
    than silently sent to another decision maker.
    """


# Opening a case ---------------------------------------------------------------------


def _deciding_body(route: Route) -> Organisation:
    """The organisation that decides a routed case: the site's panel, or the competent
    authority. A panel site with no organisation is refused, never re-routed."""
    if route.decision_maker is Decider.PANEL and route.panel_site is not None:
        panel = Organisation.objects.filter(
            organisation_type=OrganisationType.PANEL_HOST,
            panel_site=route.panel_site.name,
            is_active=True,
        ).first()
        if panel is None:
            logger.error("No panel host organisation for site %s", route.panel_site.name)
            raise PanelNotSetUp(
                f"The {route.panel_site.name} child decision-making panel is not set up in "
                "the service, so this child's referral cannot be routed to it. Contact the "
                "service team.",
                field="local_authority",
            )
        return panel
    authority, _created = Organisation.objects.get_or_create(
        name=settings.OPENNRM_COMPETENT_AUTHORITY,
        defaults={"organisation_type": OrganisationType.COMPETENT_AUTHORITY},
    )
    return authority


def case_open(
    *,
    actor: Any,
    referral: Any,
    reference: str,
    person: Person,
    is_child: bool,
    nation: str,
    local_authority: str,
    received_at: datetime,
    imported_by: User | None = None,
    home_office_references: list[str] | None = None,
) -> Case:
    """Open the case an NRM referral becomes: route it under the rules in force on the day
    it was received, and set the reasonable-grounds deadline.

    Called by the referral service inside its transaction.
    """
    received_on = timezone.localdate(received_at)
    route = route_referral(
        is_child=is_child,
        date_of_birth=person.date_of_birth,
        received_on=received_on,
        age_disputed=person.age_disputed,
        public_order=False,
        local_authority=local_authority or None,
        jurisdiction=jurisdiction(),
        nation=nation,
    )
    body = _deciding_body(route)
    kind = DecisionMakerType(route.decision_maker.value)
    case = Case.objects.create(
        reference=reference,
        referral=referral,
        person=person,
        is_child=is_child,
        nation=nation,
        local_authority=local_authority,
        decision_maker_type=kind,
        decision_maker=body,
        panel_site=route.panel_site.name if route.panel_site is not None else "",
        routing_reason=route.reason[:500],
        received_at=received_at,
        rg_due=rg_due_on(received_on, nation, kind, jurisdiction=jurisdiction()),
        imported_by=imported_by,
    )
    case.save(update_fields=refresh_next_deadline(case))
    if home_office_references:
        # Kept apart, behind the immigration firewall (see ``ImmigrationDetails``).
        ImmigrationDetails.objects.create(
            case=case, home_office_references=list(home_office_references)
        )
    audit_record(
        actor=actor,
        action="case.opened",
        obj=case,
        case_reference=case.reference,
        payload={
            "decision_maker": body.name,
            "decision_maker_type": kind,
            "rg_due": case.rg_due.isoformat(),
            "route": route.reason_code.value,
        },
    )
    return case


# Decisions --------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionInput:
    """What a decision maker submits."""

    stage: str
    outcome: str
    rationale: str
    evidence_considered: str = ""
    local_authority_consulted: bool = False
    child_wishes_and_feelings: str = ""
    consultations: tuple[str, ...] = ()
    decided_at: datetime | None = None


REQUIRED_CONSULTATIONS = ("first_responder", "support_provider", "police")

_DECISION_ACTIONS = {
    (DecisionStage.REASONABLE_GROUNDS, DecisionOutcome.POSITIVE): Action.DECIDE_RG_POSITIVE,
    (DecisionStage.REASONABLE_GROUNDS, DecisionOutcome.NEGATIVE): Action.DECIDE_RG_NEGATIVE,
    (DecisionStage.CONCLUSIVE_GROUNDS, DecisionOutcome.POSITIVE): Action.DECIDE_CG_POSITIVE,
    (DecisionStage.CONCLUSIVE_GROUNDS, DecisionOutcome.NEGATIVE): Action.DECIDE_CG_NEGATIVE,
}


def _locked(case: Case, expected_version: int) -> Case:
    locked = (
        Case.objects.select_for_update()
        .select_related("decision_maker", "referral")
        .get(pk=case.pk)
    )
    if locked.version != expected_version:
        raise CaseChanged
    return locked


def _save(case: Case, *fields: str) -> None:
    case.version += 1
    case.updated_at = timezone.now()
    deadline_fields = refresh_next_deadline(case)
    case.save(update_fields=[*fields, *deadline_fields, "version", "updated_at"])


def _permissions(user: Any, case: Case) -> frozenset[Permission]:
    return evaluate.permissions_on(user, case, "case")


def _decision_moment(
    decision: DecisionInput, case: Case, permissions: frozenset[Permission]
) -> datetime:
    """When the decision was made: now, or — for a record loaded from an older system —
    the date it was originally made, which must fall between the referral and today."""
    if decision.decided_at is None:
        if Permission.CASE_BACKDATE in permissions:
            raise ApplicationError(
                "Enter when the decision was originally made", field="decided_at"
            )
        return timezone.now()
    if Permission.CASE_BACKDATE not in permissions:
        raise ApplicationError(
            "Only data migration may record when a decision was made, and only on the "
            "records it imported",
            field="decided_at",
        )
    if decision.decided_at > timezone.now():
        raise ApplicationError("The decision date must be in the past", field="decided_at")
    if decision.decided_at < case.received_at:
        raise ApplicationError(
            "The decision cannot be dated before the referral was received "
            f"({timezone.localdate(case.received_at):%-d %B %Y})",
            field="decided_at",
        )
    return decision.decided_at


def decision_record(
    *, user: User, case: Case, decision: DecisionInput, expected_version: int
) -> Decision:
    """Record a reasonable- or conclusive-grounds decision and move the case on."""
    stage = DecisionStage(decision.stage)
    outcome = DecisionOutcome(decision.outcome)
    action = _DECISION_ACTIONS[(stage, outcome)]
    with transaction.atomic():
        locked = _locked(case, expected_version)
        permissions = _permissions(user, locked)
        if Permission.CASE_DECIDE not in permissions:
            raise RoleRefused
        decided_at = _decision_moment(decision, locked, permissions)
        decided_on = timezone.localdate(decided_at)
        consulted = set(decision.consultations)
        required = set(REQUIRED_CONSULTATIONS) | ({"local_authority"} if locked.is_child else set())
        if action is Action.DECIDE_RG_NEGATIVE and not may_issue_negative_rg(
            decided_on, locked.nation, jurisdiction=jurisdiction()
        ):
            # Negative RG decisions were held back from 28 June to 9 July 2023, until the
            # revised guidance after R (AS and BXR) v SSHD.
            raise TransitionRefused(
                "Negative reasonable grounds decisions could not be issued on that date",
                "outcome",
            )
        review = needs_independent_review(
            stage,
            outcome,
            decided_on,
            is_child=locked.is_child,
            nation=locked.nation,
            jurisdiction=jurisdiction(),
        )
        facts = CaseFacts(
            is_child=locked.is_child,
            today=decided_on,
            cg_earliest=locked.cg_earliest,
            recovery_period_ends=locked.recovery_period_ends,
            rationale=decision.rationale,
            local_authority_consulted=decision.local_authority_consulted,
            child_wishes_and_feelings=decision.child_wishes_and_feelings,
            consultations_complete=required <= consulted,
            needs_review=review,
        )
        to_state = next_state(locked.state, action, permissions, facts)
        record = Decision.objects.create(
            case=locked,
            stage=stage,
            outcome=outcome,
            rationale=decision.rationale.strip(),
            evidence_considered=decision.evidence_considered.strip(),
            threshold_wording=threshold_wording(
                stage, decided_on, locked.nation, jurisdiction=jurisdiction()
            ),
            local_authority_consulted=decision.local_authority_consulted,
            child_wishes_and_feelings=decision.child_wishes_and_feelings.strip(),
            consultations=sorted(consulted),
            sent_to_review=to_state in (State.RG_REVIEW, State.CG_REVIEW),
            decided_at=decided_at,
            decided_by=user,
        )
        fields = ["state"]
        locked.state = to_state
        if to_state in REVIEW_STATES:
            locked.review_due = review_due(decided_on, locked.nation, jurisdiction())
            fields.append("review_due")
        if to_state in (State.NEGATIVE_RG, State.NEGATIVE_CG):
            # The person, their first responder or support provider may ask for the
            # decision to be reconsidered within the window then in force.
            locked.reconsideration_due = reconsideration_deadline(
                decided_on, locked.nation, jurisdiction=jurisdiction()
            )
            fields.append("reconsideration_due")
        if action is Action.DECIDE_RG_POSITIVE:
            # The recovery period in force on the RG decision date (NABA 2022 s61).
            locked.recovery_period_ends = recovery_period_ends(
                decided_on, locked.nation, jurisdiction=jurisdiction()
            )
            locked.cg_earliest = cg_earliest(decided_on, locked.nation, jurisdiction=jurisdiction())
            fields += ["recovery_period_ends", "cg_earliest"]
        _save(locked, *fields)
        audit_record(
            actor=user,
            action=f"case.{action.value}",
            obj=locked,
            case_reference=locked.reference,
            payload={
                "decision": record.pk,
                "to_state": to_state,
                "version": locked.version,
                "decided_at": decided_at,
            },
        )
        if decision.decided_at is None:
            # A historic decision loaded from an older system was notified at the time.
            _notify_first_responder(user, record)
    return record


# Other transitions ------------------------------------------------------------------


def case_transition(
    *,
    user: User,
    case: Case,
    action: Action | str,
    expected_version: int,
    reason: str = "",
    written_consent: bool = False,
    withdrawal_reason: str = "",
    duplicate_of: str = "",
    extra_days: int = 0,
    today: date | None = None,
) -> Case:
    """Apply a non-decision action: withdraw, suspend, reinstate, extend or end the
    recovery period. The reason is kept with the case, not in the audit trail."""
    action = Action(action)
    if action is Action.WITHDRAW:
        withdrawal_reason = WithdrawalReason.WRITTEN_REQUEST
    with transaction.atomic():
        locked = _locked(case, expected_version)
        permissions = _permissions(user, locked)
        facts = CaseFacts(
            is_child=locked.is_child,
            today=today or timezone.localdate(),
            cg_earliest=locked.cg_earliest,
            recovery_period_ends=locked.recovery_period_ends,
            reason=reason,
            written_consent=written_consent,
            withdrawal_reason=WithdrawalReason(withdrawal_reason) if withdrawal_reason else None,
            duplicate_of=duplicate_of,
            suspended_from=State(locked.suspended_from) if locked.suspended_from else None,
        )
        previous = locked.state
        to_state = next_state(locked.state, action, permissions, facts)
        if action is Action.WITHDRAW_IN_ERROR and duplicate_of:
            _check_duplicate(user, locked, duplicate_of.strip())
        fields = ["state"]
        locked.state = to_state
        if action is Action.SUSPEND:
            locked.suspended_from = previous
            fields.append("suspended_from")
        if action is Action.REINSTATE:
            locked.suspended_from = ""
            fields.append("suspended_from")
        if action in (Action.WITHDRAW, Action.WITHDRAW_IN_ERROR):
            locked.withdrawal_reason = withdrawal_reason
            locked.duplicate_of = duplicate_of.strip().upper()
            fields += ["withdrawal_reason", "duplicate_of"]
        if action is Action.EXTEND_RECOVERY_PERIOD:
            if not 1 <= extra_days <= 365:
                raise TransitionRefused("Enter a number of days from 1 to 365", "extra_days")
            assert locked.recovery_period_ends is not None and locked.cg_earliest is not None
            locked.recovery_period_ends += timedelta(days=extra_days)
            locked.cg_earliest += timedelta(days=extra_days)
            fields += ["recovery_period_ends", "cg_earliest"]
        _save(locked, *fields)
        record = CaseActionRecord.objects.create(
            case=locked,
            action=action.value,
            reason=reason.strip(),
            extra_days=extra_days or None,
            withdrawal_reason=locked.withdrawal_reason
            if action.value.startswith("withdraw")
            else "",
            duplicate_of=locked.duplicate_of if action is Action.WITHDRAW_IN_ERROR else "",
            acted_by=user,
        )
        audit_record(
            actor=user,
            action=f"case.{action.value}",
            obj=locked,
            case_reference=locked.reference,
            payload={
                "from_state": previous,
                "to_state": to_state,
                "record": record.pk,
                "extra_days": extra_days,
                "version": locked.version,
            },
        )
        if action is Action.SUSPEND and locked.is_child:
            # A missing child is a child-protection matter: children's services must know.
            _notify_local_authority_missing(user, locked)
    return locked


def _check_duplicate(user: User, case: Case, other_reference: str) -> None:
    """A duplicate names another referral of the same deciding body's cases."""
    if other_reference.upper() == case.reference:
        raise TransitionRefused("A referral cannot duplicate itself", "duplicate_of")
    other = Case.objects.filter(reference__iexact=other_reference).first()
    if other is None or not evaluate.may(user, Permission.CASE_VIEW, other):
        raise TransitionRefused(
            "Enter the reference of a case you can see, like NRM-2026-000123", "duplicate_of"
        )


# Assignment -------------------------------------------------------------------------


def case_assign(*, user: User, case: Case, assignee: User | None, expected_version: int) -> Case:
    """Give the case to a decision maker of the deciding body (or to nobody)."""
    if not evaluate.may(user, Permission.CASE_ASSIGN, case):
        raise RoleRefused
    if assignee is not None and not evaluate.may(assignee, Permission.CASE_DECIDE, case):
        raise TransitionRefused(
            "That person does not work on this organisation's cases", "assignee"
        )
    with transaction.atomic():
        locked = _locked(case, expected_version)
        locked.assigned_to = assignee
        _save(locked, "assigned_to")
        audit_record(
            actor=user,
            action="case.assigned",
            obj=locked,
            case_reference=locked.reference,
            payload={"assignee": assignee.pk if assignee else None},
        )
    return locked


# Notifications (queued in the outbox, sent after commit) ----------------------------


def _notify_local_authority_missing(actor: User, case: Case) -> None:
    contact = (case.referral.answers or {}).get("child_contact") or {}
    # The first responder is told too, so that someone can phone when no e-mail is known.
    recipients = [contact.get("email") or "", case.referral.submitted_by.email]
    email_queue(
        actor=actor,
        category="case.child_missing",
        recipients=recipients,
        template="cases/email/child_missing",
        context={"case": case},
        case_reference=case.reference,
    )


def _notify_first_responder(actor: User, decision: Decision) -> None:
    case = decision.case
    email_queue(
        actor=actor,
        category="case.decision_made",
        recipients=[case.referral.submitted_by.email],
        template="cases/email/decision",
        context={"decision": decision, "case": case},
        case_reference=case.reference,
    )


def case_anonymise(*, case: Case) -> None:
    """Remove the free text and immigration facts of a case whose retention period is over
    (decision reasons, action reasons, questions and answers), keeping the decisions
    themselves, their dates and the case's facts for the statistics. Called by the
    retention job, in its transaction; the job audits it."""
    from opennrm.cases.models import InformationRequest

    Decision.objects.filter(case=case).update(
        rationale="", evidence_considered="", child_wishes_and_feelings=""
    )
    CaseActionRecord.objects.filter(case=case).update(reason="")
    InformationRequest.objects.filter(case=case).update(question="", answer="")
    ImmigrationDetails.objects.filter(case=case).update(
        home_office_references=[], immigration_status=""
    )
