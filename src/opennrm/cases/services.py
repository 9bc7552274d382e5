"""Writes to cases: transitions, decisions and assignment. Each records an audit event.

One service applies every transition: it locks the case, checks the version the user saw,
asks the pure transition table whether the action is allowed, and writes the change and
its audit event in one transaction.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from opennrm.accounts.models import User
from opennrm.audit.services import audit_record
from opennrm.cases.domain import Action, CaseFacts, State, TransitionRefused, next_state
from opennrm.cases.models import Case, Decision, DecisionOutcome, DecisionStage
from opennrm.policy import load_jurisdiction
from opennrm.policy.deadlines import cg_earliest, needs_independent_review, recovery_period_ends


class CaseChanged(Exception):
    """Someone else changed the case after this user opened it; nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            "This case has changed since you opened it. Check the latest version and try again."
        )


class NotYourCase(Exception):
    """The user holds no role that may act on this case."""


def roles_on_case(user: User, case: Case) -> frozenset[str]:
    """The roles ``user`` holds in the organisation that decides ``case`` (plus the
    independent review panel and data migration, which act across organisations)."""
    roles = {
        role for role, organisation in user._role_pairs() if organisation == case.decision_maker_id
    }
    roles |= user.roles & {"review_panel_member", "data_migration"}
    return frozenset(roles)


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


def _locked(case: Case, expected_version: int) -> Case:
    locked = Case.objects.select_for_update().select_related("decision_maker").get(pk=case.pk)
    if locked.version != expected_version:
        raise CaseChanged
    return locked


def _save(case: Case, *fields: str) -> None:
    case.version += 1
    case.updated_at = timezone.now()
    case.save(update_fields=[*fields, "version", "updated_at"])


def decision_record(
    *, user: User, case: Case, decision: DecisionInput, expected_version: int
) -> Decision:
    """Record a reasonable- or conclusive-grounds decision and move the case on."""
    if decision.decided_at is not None and not user.has_role("data_migration"):
        raise TransitionRefused(
            "Only data migration may record when a decision was made", "decided_at"
        )
    decided_at = decision.decided_at or timezone.now()
    decided_on = timezone.localdate(decided_at)
    stage = DecisionStage(decision.stage)
    outcome = DecisionOutcome(decision.outcome)
    action = {
        (DecisionStage.REASONABLE_GROUNDS, DecisionOutcome.POSITIVE): Action.DECIDE_RG_POSITIVE,
        (DecisionStage.REASONABLE_GROUNDS, DecisionOutcome.NEGATIVE): Action.DECIDE_RG_NEGATIVE,
        (DecisionStage.CONCLUSIVE_GROUNDS, DecisionOutcome.POSITIVE): Action.DECIDE_CG_POSITIVE,
        (DecisionStage.CONCLUSIVE_GROUNDS, DecisionOutcome.NEGATIVE): Action.DECIDE_CG_NEGATIVE,
    }[(stage, outcome)]
    with transaction.atomic():
        locked = _locked(case, expected_version)
        consulted = set(decision.consultations)
        required = set(REQUIRED_CONSULTATIONS) | ({"local_authority"} if locked.is_child else set())
        review = needs_independent_review(stage, outcome, decided_on)
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
        to_state = next_state(locked.state, action, roles_on_case(user, locked), facts)
        rules = load_jurisdiction(settings.OPENNRM_JURISDICTION).rules_on(decided_on)
        record = Decision.objects.create(
            case=locked,
            stage=stage,
            outcome=outcome,
            rationale=decision.rationale.strip(),
            evidence_considered=decision.evidence_considered.strip(),
            threshold_wording=rules.rg_threshold
            if stage == DecisionStage.REASONABLE_GROUNDS
            else rules.cg_standard,
            local_authority_consulted=decision.local_authority_consulted,
            child_wishes_and_feelings=decision.child_wishes_and_feelings.strip(),
            consultations=sorted(consulted),
            sent_to_review=to_state in (State.RG_REVIEW, State.CG_REVIEW),
            decided_at=decided_at,
            decided_by=user,
        )
        fields = ["state"]
        locked.state = to_state
        if action is Action.DECIDE_RG_POSITIVE:
            # The recovery period in force on the RG decision date (NABA 2022 s61).
            locked.recovery_period_ends = recovery_period_ends(decided_on)
            locked.cg_earliest = cg_earliest(decided_on)
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
        transaction.on_commit(lambda: _notify_first_responder(record.pk))
    return record


def case_transition(
    *,
    user: User,
    case: Case,
    action: Action | str,
    expected_version: int,
    reason: str = "",
    written_consent: bool = False,
    extra_days: int = 0,
    today: date | None = None,
) -> Case:
    """Apply a non-decision action (withdraw, suspend, reinstate, extend, end recovery)."""
    action = Action(action)
    with transaction.atomic():
        locked = _locked(case, expected_version)
        facts = CaseFacts(
            is_child=locked.is_child,
            today=today or timezone.localdate(),
            cg_earliest=locked.cg_earliest,
            recovery_period_ends=locked.recovery_period_ends,
            reason=reason,
            written_consent=written_consent,
            suspended_from=State(locked.suspended_from) if locked.suspended_from else None,
        )
        previous = locked.state
        to_state = next_state(locked.state, action, roles_on_case(user, locked), facts)
        fields = ["state"]
        locked.state = to_state
        if action is Action.SUSPEND:
            locked.suspended_from = previous
            fields.append("suspended_from")
        if action is Action.REINSTATE:
            locked.suspended_from = ""
            fields.append("suspended_from")
        if action is Action.EXTEND_RECOVERY_PERIOD:
            if not 1 <= extra_days <= 365:
                raise TransitionRefused("Enter a number of days from 1 to 365", "extra_days")
            assert locked.recovery_period_ends is not None and locked.cg_earliest is not None
            locked.recovery_period_ends += timedelta(days=extra_days)
            locked.cg_earliest += timedelta(days=extra_days)
            fields += ["recovery_period_ends", "cg_earliest"]
        _save(locked, *fields)
        if action is Action.SUSPEND and locked.is_child:
            # A missing child is a child-protection matter: children's services must know.
            transaction.on_commit(partial(_notify_local_authority_missing, locked.pk))
        audit_record(
            actor=user,
            action=f"case.{action.value}",
            obj=locked,
            case_reference=locked.reference,
            payload={
                "from_state": previous,
                "to_state": to_state,
                "reason": reason,
                "extra_days": extra_days,
                "version": locked.version,
            },
        )
    return locked


def case_assign(*, user: User, case: Case, assignee: User | None, expected_version: int) -> Case:
    """Give the case to a caseworker in the deciding organisation (or to nobody)."""
    if not roles_on_case(user, case) & {
        "caseworker",
        "senior_caseworker",
        "panel_chair",
        "panel_member",
    }:
        raise TransitionRefused("Your role does not allow this", "role")
    if assignee is not None and not roles_on_case(assignee, case):
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
            payload={"assignee": assignee.email if assignee else None},
        )
    return locked


def _notify_local_authority_missing(case_id: int) -> None:
    case = Case.objects.select_related("referral__submitted_by").get(pk=case_id)
    contact = (case.referral.answers or {}).get("child_contact") or {}
    recipients = [address for address in (contact.get("email"),) if address]
    # The first responder is told too, so that someone can phone when no e-mail is known.
    recipients.append(case.referral.submitted_by.email)
    context: dict[str, Any] = {"case": case}
    send_mail(
        subject=render_to_string("cases/email/child_missing_subject.txt", context).strip(),
        message=render_to_string("cases/email/child_missing.txt", context),
        from_email=None,
        recipient_list=recipients,
        fail_silently=True,
    )


def _notify_first_responder(decision_id: int) -> None:
    decision = Decision.objects.select_related(
        "case__referral__submitted_by", "case__decision_maker"
    ).get(pk=decision_id)
    context: dict[str, Any] = {"decision": decision, "case": decision.case}
    send_mail(
        subject=render_to_string("cases/email/decision_subject.txt", context).strip(),
        message=render_to_string("cases/email/decision.txt", context),
        from_email=None,
        recipient_list=[decision.case.referral.submitted_by.email],
        fail_silently=True,
    )
