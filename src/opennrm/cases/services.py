"""Writes to cases: opening a case, transitions, decisions and assignment. Each records an
audit event in the same transaction.

One service applies every transition: it locks the case, checks the version the user saw,
asks the access policy what the user may do on this case and the pure transition table
whether the action is allowed, and writes the change and its audit event together.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.accounts.models import Organisation, OrganisationType, User
from opennrm.audit.services import AuditEntry, audit_record, audit_record_bulk
from opennrm.cases import safeguards
from opennrm.cases.anonymisers import anonymise_elsewhere
from opennrm.cases.deadlines import refresh_next_deadline
from opennrm.cases.domain import (
    FINAL_STATES,
    PROPOSED_STATES,
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
from opennrm.cases.sittings import Sitting
from opennrm.core.bulk import insert_rows, reserve_ids, update_rows
from opennrm.core.exceptions import ApplicationError, Conflict
from opennrm.core.jurisdiction import jurisdiction
from opennrm.notifications.services import email_queue
from opennrm.people.models import Person
from opennrm.policy import DecisionMakerType as Decider
from opennrm.policy import (
    PolicyError,
    Route,
    cg_earliest,
    may_issue_negative_rg,
    needs_independent_review,
    needs_quality_check,
    panel_cg_effective_on,
    reconsideration_deadline,
    recovery_period_ends,
    reroute_after_age_assessment,
    review_due,
    route_referral,
    threshold_wording,
)
from opennrm.policy import next_deadline as policy_next_deadline
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
    # Lock the case row only: the deciding organisation and the referral are read with it,
    # and locking them too would make every decision of a deciding body wait for the others.
    locked = (
        Case.objects.select_for_update(of=("self",))
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


def _refuse_paused_negative_rg(action: Action, decided_on: date, nation: str) -> None:
    """Negative RG decisions were held back from 28 June to 9 July 2023, until the revised
    guidance after R (AS and BXR) v SSHD: none may be recorded as made in that time."""
    if action is Action.DECIDE_RG_NEGATIVE and not may_issue_negative_rg(
        decided_on, nation, jurisdiction=jurisdiction()
    ):
        raise TransitionRefused(
            "Negative reasonable grounds decisions could not be issued on that date", "outcome"
        )


def _decision_facts(
    case: Case,
    decision: DecisionInput | Decision,
    *,
    today: date,
    needs_review: bool,
    needs_quality_check: bool = False,
) -> CaseFacts:
    """What the decision's guards need, judged as on ``today``: the reasons, the child's
    voice and whether everyone who must be consulted was. A decision already recorded
    (one taking effect later) had its consultations checked when it was recorded."""
    required = set(REQUIRED_CONSULTATIONS) | ({"local_authority"} if case.is_child else set())
    recorded = isinstance(decision, Decision)
    return CaseFacts(
        is_child=case.is_child,
        today=today,
        cg_earliest=case.cg_earliest,
        recovery_period_ends=case.recovery_period_ends,
        rationale=decision.rationale,
        local_authority_consulted=decision.local_authority_consulted,
        child_wishes_and_feelings=decision.child_wishes_and_feelings,
        consultations_complete=recorded or required <= set(decision.consultations),
        needs_review=needs_review,
        needs_quality_check=needs_quality_check,
    )


def _decision_content(
    decision: DecisionInput, stage: DecisionStage, decided_on: date, nation: str
) -> dict[str, Any]:
    """What a decision records of what the decision maker said, with the legal standard in
    force in the nation on the day it was made."""
    return {
        "rationale": decision.rationale.strip(),
        "evidence_considered": decision.evidence_considered.strip(),
        "threshold_wording": threshold_wording(
            stage, decided_on, nation, jurisdiction=jurisdiction()
        ),
        "local_authority_consulted": decision.local_authority_consulted,
        "child_wishes_and_feelings": decision.child_wishes_and_feelings.strip(),
        "consultations": sorted(set(decision.consultations)),
    }


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


def _pending_decision(case: Case) -> Decision | None:
    """A conclusive-grounds decision recorded but not yet in effect, if any."""
    return (
        Decision.objects.filter(
            case=case, takes_effect_on__isnull=False, took_effect_at__isnull=True
        )
        .order_by("-decided_at")
        .first()
    )


def _panel_cg_takes_effect(case: Case, decided_on: date) -> date:
    """When a CG recorded at the RG meeting takes effect: the later of that day and the
    earliest CG date, where the rules on the RG date let a panel record both at once."""
    rg = (
        Decision.objects.filter(
            case=case, stage=DecisionStage.REASONABLE_GROUNDS, outcome=DecisionOutcome.POSITIVE
        )
        .order_by("-decided_at")
        .first()
    )
    if rg is None:
        raise TransitionRefused(
            "A conclusive grounds decision needs a positive reasonable grounds decision first",
            "stage",
        )
    try:
        return panel_cg_effective_on(
            timezone.localdate(rg.decided_at), decided_on, case.nation, jurisdiction=jurisdiction()
        )
    except (PolicyError, ValueError):
        raise TransitionRefused(
            "A conclusive grounds decision cannot be made before "
            f"{case.cg_earliest:%-d %B %Y}, when the recovery period ends",
            "stage",
        ) from None


def _note_decision_dates(case: Case, stage: str, outcome: str, decided_at: datetime) -> list[str]:
    """Keep the case's first positive RG and first CG decision moments, which the official
    statistics read instead of grouping every decision by case; the fields changed."""
    positive_rg = stage == DecisionStage.REASONABLE_GROUNDS and outcome == DecisionOutcome.POSITIVE
    if positive_rg and (
        case.first_positive_rg_at is None or decided_at < case.first_positive_rg_at
    ):
        case.first_positive_rg_at = decided_at
        return ["first_positive_rg_at"]
    conclusive = stage == DecisionStage.CONCLUSIVE_GROUNDS
    if conclusive and (case.first_cg_at is None or decided_at < case.first_cg_at):
        case.first_cg_at = decided_at
        return ["first_cg_at"]
    return []


def _apply(case: Case, action: Action, to_state: State, issued_on: date) -> list[str]:
    """Move the case on after a decision in effect from ``issued_on``; the fields changed."""
    fields = ["state"]
    case.state = to_state
    if to_state in REVIEW_STATES:
        case.review_due = review_due(issued_on, case.nation, jurisdiction())
        fields.append("review_due")
    if to_state in (State.NEGATIVE_RG, State.NEGATIVE_CG):
        # The person, their first responder or support provider may ask for the decision
        # to be reconsidered within the window then in force.
        case.reconsideration_due = reconsideration_deadline(
            issued_on, case.nation, jurisdiction=jurisdiction()
        )
        fields.append("reconsideration_due")
    if action is Action.DECIDE_RG_POSITIVE:
        # The recovery period in force on the RG decision date (NABA 2022 s61).
        case.recovery_period_ends = recovery_period_ends(
            issued_on, case.nation, jurisdiction=jurisdiction()
        )
        case.cg_earliest = cg_earliest(issued_on, case.nation, jurisdiction=jurisdiction())
        fields += ["recovery_period_ends", "cg_earliest"]
    return fields


def decision_record(
    *,
    user: User,
    case: Case,
    decision: DecisionInput,
    expected_version: int,
    sitting: Sitting | None = None,
) -> Decision:
    """Record a reasonable- or conclusive-grounds decision and move the case on.

    A child panel's case is decided at a meeting (``sitting``), which checks quorum and the
    chair's conflict of interest in this transaction. A panel's CG recorded at the meeting
    that made the RG decision, before the recovery period has run, is kept until the day
    the rules allow and takes effect then (``decisions_take_effect``).
    """
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
        panel_case = locked.decision_maker_type == DecisionMakerType.PANEL
        if sitting is None and panel_case and decision.decided_at is None:
            # One panel member can never decide alone (historic decisions excepted).
            raise ApplicationError(
                "A child panel decides at a quorate meeting: choose the meeting that made "
                "this decision",
                field="meeting_id",
            )
        if sitting is not None:
            if not panel_case:
                raise ApplicationError(
                    "Only a child panel's cases are decided at a panel meeting",
                    field="meeting_id",
                )
            sitting.check(
                user=user,
                case=locked,
                stage=stage,
                decided_on=decided_on,
                child_voice=decision.child_wishes_and_feelings,
            )
        pending = _pending_decision(locked)
        if pending is not None:
            assert pending.takes_effect_on is not None
            raise TransitionRefused(
                "A conclusive grounds decision was recorded on "
                f"{timezone.localdate(pending.decided_at):%-d %B %Y} and takes effect on "
                f"{pending.takes_effect_on:%-d %B %Y}",
                "stage",
            )
        effective_on = decided_on
        if (
            stage is DecisionStage.CONCLUSIVE_GROUNDS
            and sitting is not None
            and locked.cg_earliest is not None
            and decided_on < locked.cg_earliest
            and sitting.made_rg_decision(case=locked)
        ):
            effective_on = _panel_cg_takes_effect(locked, decided_on)
        _refuse_paused_negative_rg(action, decided_on, locked.nation)
        live = decision.decided_at is None
        if live:
            safeguards.before_decision(user=user, case=locked, stage=stage, outcome=outcome)
        # After the review panel disagreed, the decision maker's new decision stands.
        settled = live and safeguards.review_settled(case=locked, stage=stage)
        review = not settled and _needs_review(locked, stage, outcome, decided_on)
        check = _needs_check(locked, stage, outcome, decided_on) and live and not settled
        # A deferred CG is judged as on the day it takes effect.
        facts = _decision_facts(
            locked, decision, today=effective_on, needs_review=review, needs_quality_check=check
        )
        to_state = next_state(locked.state, action, permissions, facts)
        deferred = effective_on > decided_on
        record = Decision.objects.create(
            # A second decision at a stage (after a reconsideration or an overturned review)
            # replaces the first, which is kept.
            supersedes=Decision.objects.filter(case=locked, stage=stage, superseded_by__isnull=True)
            .order_by("-decided_at", "-id")
            .first(),
            case=locked,
            stage=stage,
            outcome=outcome,
            **_decision_content(decision, stage, decided_on, locked.nation),
            sent_to_review=not deferred and to_state in REVIEW_STATES,
            decided_at=decided_at,
            decided_by=user,
            takes_effect_on=effective_on if deferred else None,
        )
        if sitting is not None:
            sitting.record(user=user, decision=record)
        # A proposed negative decision counts once it is issued (``proposed_decision_conclude``).
        dated = (
            []
            if to_state in PROPOSED_STATES
            else _note_decision_dates(locked, stage, outcome, decided_at)
        )
        if deferred:
            # Recorded now; the case moves on, and the letter is issued, when it takes effect.
            _save(locked, *dated)
            audit_record(
                actor=user,
                action="case.decision_recorded_to_take_effect",
                obj=locked,
                case_reference=locked.reference,
                payload={
                    "decision": record.pk,
                    "stage": stage,
                    "outcome": outcome,
                    "takes_effect_on": effective_on.isoformat(),
                    "version": locked.version,
                },
            )
            return record
        _save(locked, *dated, *_apply(locked, action, to_state, decided_on))
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
        if to_state in PROPOSED_STATES:
            # Proposed, not issued: checked or reviewed first, and told when it is issued.
            safeguards.decision_proposed(user=user, decision=record, state=to_state)
        elif decision.decided_at is None:
            # A historic decision loaded from an older system was notified at the time.
            _notify_first_responder(user, record)
    return record


def _needs_review(case: Case, stage: DecisionStage, outcome: DecisionOutcome, on: date) -> bool:
    """Whether the independent review panel sees this decision before it is issued, under
    the rules in force in the case's nation on the day it was made."""
    return needs_independent_review(
        stage, outcome, on, is_child=case.is_child, nation=case.nation, jurisdiction=jurisdiction()
    )


def _needs_check(case: Case, stage: DecisionStage, outcome: DecisionOutcome, on: date) -> bool:
    """Whether a senior caseworker checks this decision before it goes further.

    The competent authority's decisions only: a child panel decides together at a quorate
    meeting, which is its own second pair of eyes (ADR 41).
    """
    return case.decision_maker_type == DecisionMakerType.COMPETENT_AUTHORITY and (
        needs_quality_check(stage, outcome, on, nation=case.nation, jurisdiction=jurisdiction())
    )


def decision_take_effect(*, decision: Decision, today: date) -> bool:
    """Bring a decision recorded to take effect later into effect on ``today``: move the
    case on and issue the letter. False (nothing done) when it is not due, already in
    effect, or the case cannot move now (suspended while the child is missing: it takes
    effect once the case is reinstated)."""
    with transaction.atomic():
        record = Decision.objects.select_for_update().get(pk=decision.pk)
        if record.took_effect_at is not None or record.takes_effect_on is None:
            return False
        if record.takes_effect_on > today:
            return False
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("decision_maker", "referral__submitted_by")
            .get(pk=record.case_id)
        )
        stage = DecisionStage(record.stage)
        outcome = DecisionOutcome(record.outcome)
        action = _DECISION_ACTIONS[(stage, outcome)]
        decided_on = timezone.localdate(record.decided_at)
        facts = _decision_facts(
            case,
            record,
            today=today,
            needs_review=_needs_review(case, stage, outcome, decided_on),
        )
        try:
            # Authorised when it was recorded at the meeting.
            to_state = next_state(case.state, action, frozenset({Permission.CASE_DECIDE}), facts)
        except TransitionRefused:
            return False
        _save(case, *_apply(case, action, to_state, today))
        record.took_effect_at = timezone.now()
        record.sent_to_review = to_state in REVIEW_STATES
        record.save(update_fields=["took_effect_at", "sent_to_review"])
        audit_record(
            actor=None,
            action=f"case.{action.value}",
            obj=case,
            case_reference=case.reference,
            payload={
                "decision": record.pk,
                "to_state": to_state,
                "version": case.version,
                "took_effect_on": today.isoformat(),
            },
        )
        if to_state in PROPOSED_STATES:
            safeguards.decision_proposed(user=None, decision=record, state=to_state)
        else:
            _notify_first_responder(None, record)
    return True


def decisions_take_effect(*, today: date) -> int:
    """Bring every decision due by ``today`` into effect. Safe to run any number of times:
    returns how many took effect now."""
    due = Decision.objects.filter(takes_effect_on__lte=today, took_effect_at__isnull=True).order_by(
        "takes_effect_on", "id"
    )
    return sum(decision_take_effect(decision=d, today=today) for d in due.iterator())


# Proposed decisions: quality check and independent review -------------------------

SAFEGUARD_ACTIONS = frozenset(
    {
        Action.QUALITY_CHECK_PASS,
        Action.QUALITY_CHECK_RETURN,
        Action.REVIEW_UPHOLD,
        Action.REVIEW_OVERTURN,
    }
)


def proposed_decision(case: Case) -> Decision | None:
    """The negative decision a case in a quality-check or review state is waiting on."""
    if case.state not in PROPOSED_STATES:
        return None
    stage = (
        DecisionStage.REASONABLE_GROUNDS
        if case.state in (State.RG_QUALITY_CHECK, State.RG_REVIEW)
        else DecisionStage.CONCLUSIVE_GROUNDS
    )
    return (
        Decision.objects.filter(case=case, stage=stage, outcome=DecisionOutcome.NEGATIVE)
        .order_by("-decided_at", "-id")
        .first()
    )


def proposed_decision_conclude(
    *,
    user: User,
    case: Case,
    action: Action | str,
    expected_version: int,
    reasons: str,
    today: date | None = None,
) -> tuple[Case, Decision]:
    """Move a proposed negative decision on after its quality check or review: passed (to
    review where the rules on its date say so, else issued), agreed (issued) or sent back to
    the decision maker to decide again. An issued decision's letter goes to the first
    responder and its reconsideration window starts today.

    Called by the reviews app inside its transaction, after its own checks; the reasons are
    kept with its records, never in the audit trail.
    """
    action = Action(action)
    if action not in SAFEGUARD_ACTIONS:
        raise TransitionRefused(f"You cannot {action.value.replace('_', ' ')} here", "action")
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _locked(case, expected_version)
        decision = proposed_decision(locked)
        if decision is None:
            raise TransitionRefused("This case has no proposed decision waiting", "action")
        permissions = _permissions(user, locked)
        stage = DecisionStage(decision.stage)
        decided_on = timezone.localdate(decision.decided_at)
        review = not safeguards.review_settled(case=locked, stage=stage) and _needs_review(
            locked, stage, DecisionOutcome.NEGATIVE, decided_on
        )
        facts = CaseFacts(
            is_child=locked.is_child,
            today=today,
            rationale=reasons,
            reason=reasons,
            needs_review=review,
        )
        previous = locked.state
        to_state = next_state(locked.state, action, permissions, facts)
        dated = (
            _note_decision_dates(locked, stage, decision.outcome, decision.decided_at)
            if to_state in FINAL_STATES
            else []
        )
        _save(locked, *dated, *_apply(locked, action, to_state, today))
        if to_state in REVIEW_STATES and not decision.sent_to_review:
            decision.sent_to_review = True
            decision.save(update_fields=["sent_to_review"])
        audit_record(
            actor=user,
            action=f"case.{action.value}",
            obj=locked,
            case_reference=locked.reference,
            payload={
                "decision": decision.pk,
                "from_state": previous,
                "to_state": to_state,
                "version": locked.version,
            },
        )
        if to_state in REVIEW_STATES:
            safeguards.decision_proposed(user=user, decision=decision, state=to_state)
        elif to_state in FINAL_STATES:
            _notify_first_responder(user, decision)
    return locked, decision


# Age assessments --------------------------------------------------------------------


def case_reroute_after_age_assessment(
    *, actor: Any, case: Case, found_to_be_child: bool, date_of_birth: date | None
) -> Case:
    """Route an open case again once an age assessment has settled a disputed age.

    Found an adult: the competent authority decides from now on (a panel may not decide for
    an adult), and the case is an adult's. Confirmed a child while still awaiting the RG
    decision: the panel rule is applied again as on the day the referral was received, so a
    child in a panel's area goes to that panel. Decisions already made stand. Called by the
    service that records the assessment, which has asked the access policy.
    """
    with transaction.atomic():
        locked = (
            Case.objects.select_for_update(of=("self",))
            .select_related("decision_maker", "referral")
            .get(pk=case.pk)
        )
        if locked.state in FINAL_STATES or (
            found_to_be_child and locked.state != State.AWAITING_RG
        ):
            return locked
        received_on = timezone.localdate(locked.received_at)
        route = reroute_after_age_assessment(
            found_to_be_child=found_to_be_child,
            date_of_birth=date_of_birth,
            received_on=received_on,
            public_order=False,
            local_authority=locked.local_authority or None,
            jurisdiction=jurisdiction(),
            nation=locked.nation,
        )
        body = _deciding_body(route)
        previous = locked.decision_maker_id
        kind = DecisionMakerType(route.decision_maker.value)
        locked.decision_maker = body
        locked.decision_maker_type = kind
        locked.panel_site = route.panel_site.name if route.panel_site is not None else ""
        locked.routing_reason = route.reason[:500]
        locked.is_child = found_to_be_child
        fields = ["decision_maker", "decision_maker_type", "panel_site", "routing_reason"]
        fields.append("is_child")
        if locked.state == State.AWAITING_RG:
            locked.rg_due = rg_due_on(received_on, locked.nation, kind, jurisdiction=jurisdiction())
            fields.append("rg_due")
        if body.pk != previous:
            locked.assigned_to = None
            fields.append("assigned_to")
        _save(locked, *fields)
        audit_record(
            actor=actor,
            action="case.rerouted",
            obj=locked,
            case_reference=locked.reference,
            payload={
                "from_decision_maker": previous,
                "to_decision_maker": body.pk,
                "route": route.reason_code.value,
                "rg_due": locked.rg_due.isoformat(),
                "version": locked.version,
            },
        )
    return locked


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


def _notify_first_responder(actor: User | None, decision: Decision) -> None:
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
    themselves, their dates and the case's facts for the statistics; then what the apps
    built on cases keep about it (``anonymisers``). Called by the retention job, in its
    transaction; the job audits it."""
    from opennrm.cases.models import InformationRequest

    Decision.objects.filter(case=case).update(
        rationale="", evidence_considered="", child_wishes_and_feelings=""
    )
    CaseActionRecord.objects.filter(case=case).update(reason="")
    InformationRequest.objects.filter(case=case).update(question="", answer="")
    ImmigrationDetails.objects.filter(case=case).update(
        home_office_references=[], immigration_status=""
    )
    anonymise_elsewhere(case=case)


# Bulk: historic loads and the synthetic national dataset ---------------------------


@dataclass(frozen=True)
class CaseOpening:
    """What ``case_open`` takes, for ``case_open_bulk`` (records by id)."""

    referral_id: int
    reference: str
    person_id: int
    date_of_birth: date | None
    age_disputed: bool
    is_child: bool
    nation: str
    local_authority: str
    received_at: datetime
    imported_by_id: int | None = None
    home_office_references: tuple[str, ...] = ()


CASE_TYPE = Case._meta.label_lower


def case_open_bulk(*, actor: Any, openings: Sequence[CaseOpening]) -> list[int]:
    """Open many cases at once, each exactly as ``case_open`` would (routed under the rules
    in force on the day its referral was received, with its RG deadline and its audit
    event), in the order given; return their ids. Called by the referral service inside
    its transaction."""
    bodies: dict[str, Organisation] = {}
    deadlines: dict[tuple[date, str, str], date] = {}
    rows: list[dict[str, Any]] = []
    entries: list[AuditEntry] = []
    immigration: list[dict[str, Any]] = []
    now = timezone.now()
    with transaction.atomic():
        ids = reserve_ids(Case, len(openings))
        for case_id, opening in zip(ids, openings, strict=True):
            received_on = timezone.localdate(opening.received_at)
            route = route_referral(
                is_child=opening.is_child,
                date_of_birth=opening.date_of_birth,
                received_on=received_on,
                age_disputed=opening.age_disputed,
                public_order=False,
                local_authority=opening.local_authority or None,
                jurisdiction=jurisdiction(),
                nation=opening.nation,
            )
            site = route.panel_site.name if route.panel_site is not None else ""
            if site not in bodies:
                bodies[site] = _deciding_body(route)
            body = bodies[site]
            kind = DecisionMakerType(route.decision_maker.value)
            due_key = (received_on, opening.nation, kind.value)
            if due_key not in deadlines:
                deadlines[due_key] = rg_due_on(
                    received_on, opening.nation, kind, jurisdiction=jurisdiction()
                )
            rg_due = deadlines[due_key]
            upcoming = policy_next_deadline(
                State.AWAITING_RG,
                rg_due=rg_due,
                recovery_period_ends=None,
                cg_earliest=None,
                review_due=None,
                reconsideration_due=None,
            )
            rows.append(
                {
                    "id": case_id,
                    "reference": opening.reference,
                    "referral_id": opening.referral_id,
                    "person_id": opening.person_id,
                    "state": State.AWAITING_RG.value,
                    "is_child": opening.is_child,
                    "nation": opening.nation,
                    "local_authority": opening.local_authority,
                    "decision_maker_type": kind.value,
                    "decision_maker_id": body.pk,
                    "panel_site": site,
                    "routing_reason": route.reason[:500],
                    "received_at": opening.received_at,
                    "rg_due": rg_due,
                    "next_deadline": upcoming.on if upcoming is not None else None,
                    "next_deadline_kind": upcoming.kind.value if upcoming is not None else "",
                    "imported_by_id": opening.imported_by_id,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            if opening.home_office_references:
                # Kept apart, behind the immigration firewall (see ``ImmigrationDetails``).
                immigration.append(
                    {
                        "case_id": case_id,
                        "home_office_references": list(opening.home_office_references),
                    }
                )
            entries.append(
                AuditEntry(
                    actor=actor,
                    action="case.opened",
                    object_type=CASE_TYPE,
                    object_id=str(case_id),
                    case_reference=opening.reference,
                    payload={
                        "decision_maker": body.name,
                        "decision_maker_type": kind.value,
                        "rg_due": rg_due.isoformat(),
                        "route": route.reason_code.value,
                    },
                )
            )
        insert_rows(Case, rows)
        if immigration:
            insert_rows(
                ImmigrationDetails,
                [
                    {"id": i, **row}
                    for i, row in zip(
                        reserve_ids(ImmigrationDetails, len(immigration)), immigration, strict=True
                    )
                ],
            )
        audit_record_bulk(entries)
    return ids


@dataclass(frozen=True)
class HistoricDecision:
    """A decision loaded from an older system, with the date it was made."""

    case: Case
    decision: DecisionInput


def decision_record_historic_bulk(
    *, user: User, decisions: Sequence[HistoricDecision]
) -> list[int]:
    """Record many historic decisions at once, in the order given (a case's RG decision
    before its CG decision), each under the same rules as ``decision_record``: only on
    cases the user imported (``case.backdate``), dated between the referral and today,
    through the transition table with the threshold, recovery period, review and
    reconsideration rules in force on its date. One refused decision refuses them all
    (``ApplicationError`` naming the case); nothing is written. Returns the decisions' ids."""
    fields = [
        "state",
        "review_due",
        "reconsideration_due",
        "recovery_period_ends",
        "cg_earliest",
        "first_positive_rg_at",
        "first_cg_at",
        "next_deadline",
        "next_deadline_kind",
        "version",
        "updated_at",
    ]
    with transaction.atomic():
        ids = {item.case.pk for item in decisions}
        # The referral's answers are not needed here: leave them unread.
        locked = {
            case.pk: case
            # Only the cases are locked: locking their deciding body's row too would hold
            # up every other writer that refers to it.
            for case in Case.objects.select_for_update(of=("self",))
            .select_related("decision_maker", "referral")
            .defer("referral__answers", "routing_reason")
            .filter(pk__in=ids)
        }
        permissions: dict[int, frozenset[Permission]] = {}
        decision_ids = reserve_ids(Decision, len(decisions))
        rows: list[dict[str, Any]] = []
        entries: list[AuditEntry] = []
        for decision_id, item in zip(decision_ids, decisions, strict=True):
            case = locked[item.case.pk]
            if case.pk not in permissions:
                # Only these two matter to a historic decision (``_apply_historic``).
                permissions[case.pk] = frozenset(
                    p
                    for p in (Permission.CASE_DECIDE, Permission.CASE_BACKDATE)
                    if evaluate.may(user, p, case)
                )
            try:
                row, action, to_state = _apply_historic(
                    user, case, item.decision, permissions[case.pk]
                )
            except ApplicationError as refused:
                raise ApplicationError(
                    f"{case.reference}: {refused.message}", field=refused.field
                ) from refused
            rows.append({"id": decision_id, "case_id": case.pk, **row})
            entries.append(
                AuditEntry(
                    actor=user,
                    action=f"case.{action.value}",
                    object_type=CASE_TYPE,
                    object_id=str(case.pk),
                    case_reference=case.reference,
                    payload={
                        "decision": decision_id,
                        "to_state": to_state,
                        "version": case.version,
                        "decided_at": row["decided_at"],
                    },
                )
            )
        now = timezone.now()
        for case in locked.values():
            case.updated_at = now
            refresh_next_deadline(case)
        update_rows(
            Case,
            fields,
            [
                {"id": case.pk, **{name: getattr(case, name) for name in fields}}
                for case in locked.values()
            ],
        )
        insert_rows(Decision, rows)
        audit_record_bulk(entries)
    return decision_ids


def _apply_historic(
    user: User, case: Case, decision: DecisionInput, permissions: frozenset[Permission]
) -> tuple[dict[str, Any], Action, State]:
    """One historic decision applied to a locked case in memory (see ``decision_record``):
    the decision's row, the action and the case's new state."""
    stage = DecisionStage(decision.stage)
    outcome = DecisionOutcome(decision.outcome)
    action = _DECISION_ACTIONS[(stage, outcome)]
    if Permission.CASE_DECIDE not in permissions:
        raise RoleRefused
    if decision.decided_at is None:
        raise ApplicationError("Enter when the decision was originally made", field="decided_at")
    decided_at = _decision_moment(decision, case, permissions)
    decided_on = timezone.localdate(decided_at)
    _refuse_paused_negative_rg(action, decided_on, case.nation)
    review = _needs_review(case, stage, outcome, decided_on)
    facts = _decision_facts(case, decision, today=decided_on, needs_review=review)
    to_state = next_state(case.state, action, permissions, facts)
    record = {
        "stage": stage.value,
        "outcome": outcome.value,
        **_decision_content(decision, stage, decided_on, case.nation),
        "sent_to_review": to_state in (State.RG_REVIEW, State.CG_REVIEW),
        "decided_at": decided_at,
        "decided_by_id": user.pk,
    }
    _note_decision_dates(case, stage, outcome, decided_at)
    case.state = to_state
    if to_state in REVIEW_STATES:
        case.review_due = review_due(decided_on, case.nation, jurisdiction())
    if to_state in (State.NEGATIVE_RG, State.NEGATIVE_CG):
        case.reconsideration_due = reconsideration_deadline(
            decided_on, case.nation, jurisdiction=jurisdiction()
        )
    if action is Action.DECIDE_RG_POSITIVE:
        case.recovery_period_ends = recovery_period_ends(
            decided_on, case.nation, jurisdiction=jurisdiction()
        )
        case.cg_earliest = cg_earliest(decided_on, case.nation, jurisdiction=jurisdiction())
    case.version += 1
    return record, action, to_state
