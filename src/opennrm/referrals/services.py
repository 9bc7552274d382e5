"""Writes for referrals: drafts and submission. Each records an audit event.

Submitting stores the person (``people``), the referral with the facts the statistics
count by, and — for an NRM referral — asks ``cases`` to open the case. E-mails go through
the outbox in the same transaction.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission
from opennrm.accounts.models import Organisation, OrganisationType, User
from opennrm.audit.services import audit_record
from opennrm.cases.services import case_open
from opennrm.core import reference_data
from opennrm.core.exceptions import ApplicationError, Problem
from opennrm.notifications.services import email_queue
from opennrm.people.services import person_create
from opennrm.referrals.domain import check_referral, is_child, minimise
from opennrm.referrals.facts import referral_facts
from opennrm.referrals.models import ReferenceCounter, Referral, ReferralDraft
from opennrm.referrals.schema import ReferralKind, ReferralSubmission
from opennrm.referrals.selectors import organisations_to_refer_for

logger = logging.getLogger(__name__)


class ReferralRejected(ApplicationError):
    """The referral breaks the rules; nothing was written. ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems=problems)


@dataclass(frozen=True)
class SubmissionResult:
    referral: Referral
    created: bool  # False when an identical retry returned the referral already made


def content_key(text: str) -> str:
    """A stable idempotency key for a body that carries none (imports)."""
    return hashlib.sha256(text.strip().encode()).hexdigest()[:64]


def submission_digest(submission: ReferralSubmission) -> str:
    """What a submission says, as a digest: a retry with the same idempotency key must say
    the same thing."""
    return hashlib.sha256(submission.model_dump_json().encode()).hexdigest()


def referral_check(
    submission: ReferralSubmission, *, user: User, organisation: Organisation, received_on: date
) -> list[Problem]:
    """Every rule a submission must pass, including who may submit it.

    A first responder refers for their own organisation, now. Data migration loads
    historic referrals of any designated organisation, always with the date each was
    originally received.
    """
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
    importing = evaluate.holds_somewhere(user, Permission.REFERRAL_IMPORT)
    if submission.received_at is not None:
        if not importing:
            problems.append(
                Problem(
                    ("received_at",), "Only data migration may set when a referral was received"
                )
            )
        elif submission.received_at > timezone.now():
            problems.append(Problem(("received_at",), "The received date must be in the past"))
    elif not evaluate.may(user, Permission.ORGANISATION_REFER, organisation):
        if importing:
            problems.append(
                Problem(("received_at",), "Enter when the referral was originally received")
            )
        else:
            problems.append(
                Problem(("organisation",), "You are not a first responder in this organisation")
            )
    return problems


def organisation_for(user: Subject, name: str | None) -> Organisation:
    """The organisation a referral is made for: named, or the user's only one.

    Data migration moves historic referrals of every organisation, so it may name any
    designated first responder organisation; first responders only their own.
    """
    if name and evaluate.holds_somewhere(user, Permission.REFERRAL_IMPORT):
        found = Organisation.objects.filter(name=name, is_active=True).first()
        if found is None:
            raise ApplicationError("No organisation has that name", field="organisation")
        return found
    allowed = organisations_to_refer_for(user=user)
    if name:
        organisation = allowed.filter(name=name).first()
        if organisation is None:
            raise ApplicationError(
                "You are not a first responder in this organisation", field="organisation"
            )
        return organisation
    choices = list(allowed[:2])
    if not choices:
        raise ApplicationError(
            "You are not a first responder in any organisation", field="organisation"
        )
    if len(choices) > 1:
        raise ApplicationError(
            "You belong to several organisations: name one", field="organisation"
        )
    return choices[0]


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


def _replayed(user: User, idempotency_key: str, digest: str) -> SubmissionResult | None:
    """The referral an earlier request with this key made, if any. A key reused for a
    different body is refused: it would otherwise silently return the wrong referral."""
    if not idempotency_key:
        return None
    existing = Referral.objects.filter(submitted_by=user, idempotency_key=idempotency_key).first()
    if existing is None:
        return None
    if existing.request_digest and existing.request_digest != digest:
        raise ApplicationError(
            "This Idempotency-Key was already used for a different referral: use a new key "
            "for a new referral",
            field="Idempotency-Key",
        )
    return SubmissionResult(existing, created=False)


def _police_force(organisation: Organisation) -> str:
    """The police force area a referral counts under, where the referrer is a force."""
    if organisation.organisation_type != OrganisationType.POLICE_FORCE:
        return ""
    return organisation.name if organisation.name in reference_data.police_force_names() else ""


def referral_submit(
    *,
    user: User,
    organisation: Organisation,
    submission: ReferralSubmission,
    idempotency_key: str = "",
    draft: ReferralDraft | None = None,
) -> SubmissionResult:
    """Submit a referral: issue its reference, record the person and open the case.

    Atomic and idempotent: the same ``idempotency_key`` from the same person with the same
    body returns the referral already made instead of making a second one.
    """
    digest = submission_digest(submission)
    if replayed := _replayed(user, idempotency_key, digest):
        return replayed

    importing = submission.received_at is not None
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
            person = person_create(
                actor=user,
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
                # Immigration details never enter the answers decision makers read.
                answers=stored.model_dump(mode="json", exclude={"received_at", "immigration"}),
                received_at=received_at,
                idempotency_key=idempotency_key,
                request_digest=digest if idempotency_key else "",
                imported_by=user if importing else None,
                **referral_facts(
                    stored,
                    first_responder_type=organisation.organisation_type,
                    police_force=_police_force(organisation),
                ),
            )
            audit_record(
                actor=user,
                action="referral.imported" if importing else "referral.submitted",
                obj=referral,
                case_reference=referral.reference,
                payload={"kind": referral.kind, "organisation": organisation.pk},
            )
            if stored.kind == ReferralKind.NRM:
                case_open(
                    actor=user,
                    referral=referral,
                    reference=referral.reference,
                    person=person,
                    is_child=child,
                    nation=stored.nation,
                    local_authority=stored.local_authority or "",
                    received_at=received_at,
                    imported_by=referral.imported_by,
                    home_office_references=list(
                        stored.immigration.home_office_references if stored.immigration else []
                    ),
                )
            if draft is not None:
                draft.evidence.update(referral=referral, draft=None)
                audit_record(actor=user, action="referral.draft_submitted", obj=draft)
                draft.delete()
            if not importing:
                _notify(user, referral, stored)
    except IntegrityError:
        # A retry with the same key raced us and won: return what it made.
        if replayed := _replayed(user, idempotency_key, digest):
            return replayed
        raise
    return SubmissionResult(referral, created=True)


def _notify(user: User, referral: Referral, submission: ReferralSubmission) -> None:
    """The first responder's confirmation, and for a child the local authority's notice.

    Children's services must be told about every child at once (statutory guidance: the NRM
    runs alongside child protection, never instead of it), whatever the first responder
    answered about having told them already.
    """
    email_queue(
        actor=user,
        category="referral.confirmation",
        recipients=[user.email],
        template="referrals/email/confirmation",
        context={"referral": referral, "service_name": settings.OPENNRM_SERVICE_NAME},
        case_reference=referral.reference,
    )
    contact = submission.child_contact
    if referral.is_child and contact is not None and contact.email:
        email_queue(
            actor=user,
            category="referral.childrens_services_notice",
            recipients=[contact.email],
            template="referrals/email/childrens_services",
            context={
                "referral": referral,
                "local_authority": submission.local_authority or "",
                "first_responder": submission.first_responder,
                "service_name": settings.OPENNRM_SERVICE_NAME,
            },
            case_reference=referral.reference,
        )


# Drafts ------------------------------------------------------------------------------


def draft_expiry_days() -> int:
    return int(getattr(settings, "OPENNRM_DRAFT_EXPIRY_DAYS", 28))


def draft_expires_at(draft: ReferralDraft) -> datetime:
    """A draft is deleted this long after it was last saved."""
    return draft.updated_at + timedelta(days=draft_expiry_days())


def draft_create(*, user: User, organisation: Organisation) -> ReferralDraft:
    """Start a referral for ``organisation`` (the user must be one of its first responders)."""
    if not evaluate.may(user, Permission.ORGANISATION_REFER, organisation):
        raise ApplicationError(
            "Only the organisation's first responders may start a referral",
            field="organisation",
        )
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


def draft_delete(*, user: User | None, draft: ReferralDraft) -> None:
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
        draft_delete(user=None, draft=draft)
        deleted += 1
    return deleted


# What an anonymised referral keeps of its answers: how it was made, never who or what
# happened (the statistics count from the referral's fact columns, which stay).
ANONYMISED_ANSWERS = {"anonymised": True}


def referral_anonymise(*, referral: Referral) -> None:
    """Remove the answers and evidence of a referral whose retention period is over. Called
    by the retention job, in its transaction; the job audits it."""
    for evidence in referral.evidence.all():
        transaction.on_commit(evidence.delete_file)
    referral.evidence.all().delete()
    Referral.objects.filter(pk=referral.pk).update(answers=ANONYMISED_ANSWERS)
