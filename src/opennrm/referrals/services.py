"""Writes for referrals: drafts, evidence and submission. Each records an audit event."""

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from opennrm.accounts.models import Organisation, OrganisationType, User
from opennrm.audit.services import audit_record
from opennrm.cases.models import Case, DecisionMakerType
from opennrm.core import reference_data
from opennrm.policy import load_jurisdiction
from opennrm.policy.deadlines import rg_due
from opennrm.policy.routing import route_referral
from opennrm.referrals.domain import Problem, check_referral, is_child, minimise
from opennrm.referrals.models import (
    PotentialVictim,
    ReferenceCounter,
    Referral,
    ReferralDraft,
)
from opennrm.referrals.schema import ReferralKind, ReferralSubmission

logger = logging.getLogger(__name__)


class ReferralRejected(Exception):
    """The referral breaks the rules; nothing was written. ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class SubmissionResult:
    referral: Referral
    created: bool  # False when an identical retry returned the referral already made


def content_key(text: str) -> str:
    """A stable idempotency key for a body that carries none (imports)."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:64]


def referral_check(
    submission: ReferralSubmission, *, user: User, organisation: Organisation, received_on: Any
) -> list[Problem]:
    """Every rule a submission must pass, including who may submit it."""
    problems = check_referral(
        submission,
        today=received_on,
        nationalities=reference_data.nationality_names(),
        local_authorities=reference_data.childrens_services_authority_names(),
        countries=reference_data.country_names(),
        police_forces=reference_data.police_force_names(),
        regions=reference_data.region_names(),
    )
    if not organisation.is_designated_first_responder:
        problems.append(
            Problem(
                ("organisation",),
                f"{organisation.name} is not a designated first responder organisation",
            )
        )
    may_refer = organisation.pk in user.organisation_ids_for("first_responder")
    if not may_refer and not user.has_role("data_migration"):
        problems.append(
            Problem(("organisation",), "You are not a first responder in this organisation")
        )
    if submission.received_at is not None and not user.has_role("data_migration"):
        problems.append(
            Problem(("received_at",), "Only data migration may set when a referral was received")
        )
    if submission.received_at is not None and submission.received_at > timezone.now():
        problems.append(Problem(("received_at",), "The received date must be in the past"))
    return problems


def _next_reference(kind: str, year: int) -> str:
    series = "NRM" if kind == ReferralKind.NRM else "DTN"
    # The counter row is locked until the transaction commits, so two submissions at the
    # same moment can never be given the same number.
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        series=series, year=year
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{series}-{year}-{counter.last_number:06d}"


def _decision_maker_for(route: Any) -> tuple[str, Organisation, str, str]:
    """(type, organisation, panel site, reason) for a route from the policy engine."""
    if route.decision_maker == "panel" and route.panel_site is not None:
        panel = Organisation.objects.filter(
            organisation_type=OrganisationType.PANEL_HOST,
            panel_site=route.panel_site.name,
            is_active=True,
        ).first()
        if panel is not None:
            return DecisionMakerType.PANEL, panel, route.panel_site.name, route.reason
        logger.error("No panel host organisation for site %s", route.panel_site.name)
        reason = f"{route.reason} No panel is set up in the service for this site yet."
    else:
        reason = route.reason
    authority, _created = Organisation.objects.get_or_create(
        name=settings.OPENNRM_COMPETENT_AUTHORITY,
        defaults={"organisation_type": OrganisationType.COMPETENT_AUTHORITY},
    )
    return DecisionMakerType.COMPETENT_AUTHORITY, authority, "", reason


def referral_submit(
    *,
    user: User,
    organisation: Organisation,
    submission: ReferralSubmission,
    idempotency_key: str = "",
    draft: ReferralDraft | None = None,
) -> SubmissionResult:
    """Submit a referral: issue its reference, record the person and open the case.

    Atomic and idempotent: the same ``idempotency_key`` from the same person returns the
    referral already made instead of making a second one.
    """
    if idempotency_key:
        existing = Referral.objects.filter(
            submitted_by=user, idempotency_key=idempotency_key
        ).first()
        if existing is not None:
            return SubmissionResult(existing, created=False)

    received_at = submission.received_at or timezone.now()
    received_on = timezone.localdate(received_at)
    problems = referral_check(
        submission, user=user, organisation=organisation, received_on=received_on
    )
    if problems:
        raise ReferralRejected(problems)

    stored = minimise(submission)
    person_in = stored.person
    child = is_child(person_in.under_18)
    try:
        with transaction.atomic():
            person = PotentialVictim.objects.create(
                given_name=person_in.given_name or "",
                family_name=person_in.family_name or "",
                aliases=list(person_in.aliases),
                date_of_birth=person_in.date_of_birth,
                estimated_age=person_in.estimated_age,
                age_disputed=person_in.age_disputed,
                gender=person_in.gender,
                nationalities=list(person_in.nationalities),
                under_18_at_referral=person_in.under_18,
                under_18_at_exploitation=person_in.under_18_at_exploitation or "",
            )
            referral = Referral.objects.create(
                reference=_next_reference(stored.kind, received_at.year),
                kind=stored.kind,
                organisation=organisation,
                submitted_by=user,
                nation=stored.nation,
                person=person,
                is_child=child,
                answers=stored.model_dump(mode="json", exclude={"received_at"}),
                received_at=received_at,
                idempotency_key=idempotency_key,
            )
            audit_record(
                actor=user,
                action="referral.submitted",
                obj=referral,
                case_reference=referral.reference,
                payload={"kind": referral.kind, "organisation": organisation.name},
            )
            if stored.kind == ReferralKind.NRM:
                _open_case(user=user, referral=referral, submission=stored, received_on=received_on)
            if draft is not None:
                draft.evidence.update(referral=referral, draft=None)
                audit_record(actor=user, action="referral.draft_submitted", obj=draft)
                draft.delete()
            transaction.on_commit(lambda: _send_confirmation(referral.pk))
    except IntegrityError:
        # A retry with the same key raced us and won: return what it made.
        if idempotency_key:
            existing = Referral.objects.filter(
                submitted_by=user, idempotency_key=idempotency_key
            ).first()
            if existing is not None:
                return SubmissionResult(existing, created=False)
        raise
    return SubmissionResult(referral, created=True)


def _open_case(
    *, user: User, referral: Referral, submission: ReferralSubmission, received_on: Any
) -> Case:
    person = submission.person
    route = route_referral(
        is_child=referral.is_child,
        date_of_birth=person.date_of_birth,
        received_on=received_on,
        age_disputed=person.age_disputed,
        public_order=False,
        local_authority=submission.local_authority,
        jurisdiction=load_jurisdiction(settings.OPENNRM_JURISDICTION),
    )
    kind, decision_maker, site, reason = _decision_maker_for(route)
    case = Case.objects.create(
        reference=referral.reference,
        referral=referral,
        person=referral.person,
        is_child=referral.is_child,
        nation=referral.nation,
        local_authority=submission.local_authority or "",
        decision_maker_type=kind,
        decision_maker=decision_maker,
        panel_site=site,
        routing_reason=reason[:500],
        received_at=referral.received_at,
        rg_due=rg_due(received_on, referral.nation, kind),
    )
    audit_record(
        actor=user,
        action="case.opened",
        obj=case,
        case_reference=case.reference,
        payload={
            "decision_maker": decision_maker.name,
            "decision_maker_type": kind,
            "rg_due": case.rg_due.isoformat(),
            "reason": case.routing_reason,
        },
    )
    return case


def _send_confirmation(referral_id: int) -> None:
    referral = Referral.objects.select_related("submitted_by", "organisation").get(pk=referral_id)
    context = {"referral": referral, "service_name": settings.OPENNRM_SERVICE_NAME}
    try:
        send_mail(
            subject=render_to_string("referrals/email/confirmation_subject.txt", context).strip(),
            message=render_to_string("referrals/email/confirmation.txt", context),
            from_email=None,
            recipient_list=[referral.submitted_by.email],
        )
    except OSError:
        # The referral is safely recorded; a failed e-mail must not undo it.
        logger.exception("Could not send the confirmation for %s", referral.reference)


# Drafts ------------------------------------------------------------------------------


def draft_expiry_days() -> int:
    return int(getattr(settings, "OPENNRM_DRAFT_EXPIRY_DAYS", 28))


def draft_expires_at(draft: ReferralDraft) -> datetime:
    """A draft is deleted this long after it was last saved."""
    return draft.updated_at + timedelta(days=draft_expiry_days())


def draft_create(*, user: User, organisation: Organisation) -> ReferralDraft:
    """Start a referral for ``organisation`` (the user must be one of its first responders)."""
    if organisation.pk not in user.organisation_ids_for("first_responder"):
        raise PermissionError("Only the organisation's first responders may start a referral.")
    with transaction.atomic():
        draft = ReferralDraft.objects.create(organisation=organisation, created_by=user)
        audit_record(actor=user, action="referral.draft_started", obj=draft)
    return draft


def draft_save(*, user: User, draft: ReferralDraft, answers: dict[str, Any]) -> ReferralDraft:
    """Merge one page's answers into the draft. Keys not given are left as they were."""
    with transaction.atomic():
        locked = ReferralDraft.objects.select_for_update().get(pk=draft.pk)
        locked.answers = {**locked.answers, **answers}
        locked.updated_at = timezone.now()
        locked.save(update_fields=["answers", "updated_at"])
        audit_record(
            actor=user,
            action="referral.draft_saved",
            obj=locked,
            payload={"questions": sorted(answers)},
        )
    return locked


def draft_delete(*, user: User, draft: ReferralDraft) -> None:
    with transaction.atomic():
        audit_record(actor=user, action="referral.draft_deleted", obj=draft)
        for evidence in draft.evidence.all():
            # Files go only once the rows are gone for good.
            transaction.on_commit(evidence.delete_file)
        draft.evidence.all().delete()
        draft.delete()


def drafts_delete_expired(*, now: datetime | None = None) -> int:
    """Delete drafts not saved for the expiry period. Safe to run any number of times."""
    cutoff = (now or timezone.now()) - timedelta(days=draft_expiry_days())
    deleted = 0
    for draft in ReferralDraft.objects.filter(updated_at__lt=cutoff).iterator():
        draft_delete(user=None, draft=draft)  # type: ignore[arg-type]
        deleted += 1
    return deleted
