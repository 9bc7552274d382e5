"""Writes for referrals: drafts and submission. Each records an audit event.

Submitting stores the person (``people``), the referral with the facts the statistics
count by, and — for an NRM referral — asks ``cases`` to open the case. E-mails go through
the outbox in the same transaction.
"""

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission
from opennrm.accounts.models import Organisation, OrganisationType, User
from opennrm.audit.services import AuditEntry, audit_record, audit_record_bulk
from opennrm.cases.services import CaseOpening, case_open, case_open_bulk
from opennrm.core import reference_data
from opennrm.core.bulk import JSONText, insert_rows, reserve_ids
from opennrm.core.exceptions import ApplicationError, Problem
from opennrm.notifications.services import email_queue
from opennrm.people.services import PersonIn, person_create, person_create_bulk
from opennrm.referrals.domain import check_referral, is_child, minimise
from opennrm.referrals.facts import referral_facts
from opennrm.referrals.models import ReferenceCounter, Referral, ReferralDraft
from opennrm.referrals.schema import ReferralKind, ReferralSubmission
from opennrm.referrals.selectors import organisations_to_refer_for

logger = logging.getLogger(__name__)


REFERRAL_TYPE = Referral._meta.label_lower


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


def organisations_named(
    user: Subject, names: Sequence[str]
) -> dict[str, Organisation | ApplicationError]:
    """``organisation_for`` for many names at once (an import batch): each name's
    organisation, or the error ``organisation_for`` would raise for it. Data migration's
    names are looked up in one query."""
    wanted = sorted(set(names))
    if evaluate.holds_somewhere(user, Permission.REFERRAL_IMPORT) and all(wanted):
        found: dict[str, Organisation | ApplicationError] = {
            org.name: org for org in Organisation.objects.filter(name__in=wanted, is_active=True)
        }
        for name in wanted:
            if name not in found:
                found[name] = ApplicationError(
                    "No organisation has that name", field="organisation"
                )
        return found
    answers: dict[str, Organisation | ApplicationError] = {}
    for name in wanted:
        try:
            answers[name] = organisation_for(user, name or None)
        except ApplicationError as error:
            answers[name] = error
    return answers


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


# Bulk import: historic referrals in batches -------------------------------------------


@dataclass(frozen=True)
class ImportItem:
    """One historic referral to import: the submission, its idempotency key and the
    organisation that made it."""

    submission: ReferralSubmission
    idempotency_key: str
    organisation: Organisation


@dataclass(frozen=True)
class ImportOutcome:
    """What became of one item: imported (``created``), already imported earlier (a
    replay: the referral without ``created``), or refused with ``problems``."""

    referral_id: int | None = None
    reference: str = ""
    kind: str = ""
    created: bool = False
    problems: tuple[Problem, ...] = ()

    @classmethod
    def of(cls, referral: Referral, *, created: bool) -> "ImportOutcome":
        return cls(referral.pk, referral.reference, referral.kind, created)


def _reserve_references(wanted: Sequence[tuple[str, int]]) -> list[str]:
    """References for referrals of these (kind, year)s, in order: one counter update per
    series and year, locked as ``_next_reference`` locks it."""
    needed: dict[tuple[str, int], int] = {}
    for kind, year in wanted:
        series = "NRM" if kind == ReferralKind.NRM else "DTN"
        needed[(series, year)] = needed.get((series, year), 0) + 1
    next_number: dict[tuple[str, int], int] = {}
    for (series, year), count in sorted(needed.items()):
        counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
            series=series, year=year
        )
        next_number[(series, year)] = counter.last_number + 1
        counter.last_number += count
        counter.save(update_fields=["last_number"])
    found = []
    for kind, year in wanted:
        series = "NRM" if kind == ReferralKind.NRM else "DTN"
        number = next_number[(series, year)]
        next_number[(series, year)] = number + 1
        found.append(f"{series}-{year}-{number:06d}")
    return found


def referral_import_bulk(*, user: User, items: Sequence[ImportItem]) -> list[ImportOutcome]:
    """Import historic referrals in one batch: the same rules and the same records as
    ``referral_submit`` one at a time, with the checks run for the whole batch first and
    the people, referrals, cases and audit events inserted in bulk, in order.

    Every item must say when it was originally received (``received_at``). An item that
    breaks a rule is refused on its own and the others are imported. If the batch cannot
    be written as a whole (a concurrent import took a key first, a panel is not set up),
    nothing of it is kept and each item is submitted one at a time instead, so that the
    results are those of the one-at-a-time path.
    """
    outcomes: list[ImportOutcome | None] = [None] * len(items)
    digests = [submission_digest(item.submission) for item in items]
    keys = [item.idempotency_key for item in items]
    existing = {
        r.idempotency_key: r
        for r in Referral.objects.filter(
            submitted_by=user, idempotency_key__in=[k for k in keys if k]
        )
    }
    first_in_batch: dict[str, int] = {}
    accepted: list[int] = []
    for index, item in enumerate(items):
        key, digest = keys[index], digests[index]
        earlier = existing.get(key) if key else None
        if earlier is not None:
            if earlier.request_digest and earlier.request_digest != digest:
                outcomes[index] = ImportOutcome(problems=(_key_reused(),))
            else:
                outcomes[index] = ImportOutcome.of(earlier, created=False)
            continue
        if key and key in first_in_batch:
            # The same line twice: the second is a retry of the first.
            first = first_in_batch[key]
            if digests[first] != digest:
                outcomes[index] = ImportOutcome(problems=(_key_reused(),))
            continue
        submission = item.submission
        if submission.received_at is None:
            problems = [
                Problem(("received_at",), "Enter when the referral was originally received")
            ]
        else:
            problems = referral_check(
                submission,
                user=user,
                organisation=item.organisation,
                received_on=timezone.localdate(submission.received_at),
            )
        if problems:
            outcomes[index] = ImportOutcome(problems=tuple(problems))
            continue
        if key:
            first_in_batch[key] = index
        accepted.append(index)
    if accepted:
        try:
            created = _write_imports(user, items, digests, accepted)
        except (ApplicationError, IntegrityError):
            logger.info("Bulk import batch fell back to one referral at a time")
            return [_import_one(user, item) for item in items]
        for index, outcome in zip(accepted, created, strict=True):
            outcomes[index] = outcome
    for index, key in enumerate(keys):
        if outcomes[index] is None and key in first_in_batch:
            earlier_outcome = outcomes[first_in_batch[key]]
            outcomes[index] = (
                replace(earlier_outcome, created=False) if earlier_outcome else ImportOutcome()
            )
    return [outcome or ImportOutcome() for outcome in outcomes]


def _key_reused() -> Problem:
    return Problem(
        ("Idempotency-Key",),
        "This Idempotency-Key was already used for a different referral: use a new key "
        "for a new referral",
    )


def _import_one(user: User, item: ImportItem) -> ImportOutcome:
    try:
        result = referral_submit(
            user=user,
            organisation=item.organisation,
            submission=item.submission,
            idempotency_key=item.idempotency_key,
        )
    except ApplicationError as rejected:
        return ImportOutcome(problems=tuple(rejected.problems))
    return ImportOutcome.of(result.referral, created=result.created)


def _write_imports(
    user: User, items: Sequence[ImportItem], digests: Sequence[str], accepted: Sequence[int]
) -> list[ImportOutcome]:
    stored = [minimise(items[i].submission) for i in accepted]
    received = [items[i].submission.received_at for i in accepted]
    with transaction.atomic():
        people = person_create_bulk(
            actor=user,
            people=[
                PersonIn(
                    given_name=s.person.given_name or "",
                    family_name=s.person.family_name or "",
                    aliases=tuple(s.person.aliases),
                    date_of_birth=s.person.date_of_birth,
                    estimated_age=s.person.estimated_age,
                    age_disputed=s.person.age_disputed,
                    gender=s.person.gender,
                    nationalities=tuple(s.person.nationalities),
                    under_18_at_referral=s.person.under_18,
                    under_18_at_exploitation=s.person.under_18_at_exploitation or "",
                )
                for s in stored
            ],
        )
        references = _reserve_references(
            [(s.kind, at.year) for s, at in zip(stored, received, strict=True) if at]
        )
        ids = reserve_ids(Referral, len(accepted))
        police: dict[int, str] = {}
        now = timezone.now()
        rows: list[dict[str, Any]] = []
        entries: list[AuditEntry] = []
        openings: list[CaseOpening] = []
        outcomes: list[ImportOutcome] = []
        for position, index in enumerate(accepted):
            item, submission = items[index], stored[position]
            organisation = item.organisation
            if organisation.pk not in police:
                police[organisation.pk] = _police_force(organisation)
            referral_id, reference = ids[position], references[position]
            received_at = received[position]
            assert received_at is not None
            child = is_child(submission.person.under_18)
            rows.append(
                {
                    "id": referral_id,
                    "reference": reference,
                    "kind": submission.kind.value,
                    "organisation_id": organisation.pk,
                    "submitted_by_id": user.pk,
                    "nation": submission.nation.value,
                    "person_id": people[position],
                    "is_child": child,
                    # Immigration details never enter the answers decision makers read.
                    "answers": JSONText(
                        submission.model_dump_json(exclude={"received_at", "immigration"})
                    ),
                    "received_at": received_at,
                    "submitted_at": now,
                    "idempotency_key": item.idempotency_key,
                    "request_digest": digests[index] if item.idempotency_key else "",
                    "imported_by_id": user.pk,
                    **referral_facts(
                        submission,
                        first_responder_type=organisation.organisation_type,
                        police_force=police[organisation.pk],
                    ),
                }
            )
            entries.append(
                AuditEntry(
                    actor=user,
                    action="referral.imported",
                    object_type=REFERRAL_TYPE,
                    object_id=str(referral_id),
                    case_reference=reference,
                    payload={"kind": submission.kind.value, "organisation": organisation.pk},
                )
            )
            if submission.kind == ReferralKind.NRM:
                openings.append(
                    CaseOpening(
                        referral_id=referral_id,
                        reference=reference,
                        person_id=people[position],
                        date_of_birth=submission.person.date_of_birth,
                        age_disputed=submission.person.age_disputed,
                        is_child=child,
                        nation=submission.nation.value,
                        local_authority=submission.local_authority or "",
                        received_at=received_at,
                        imported_by_id=user.pk,
                        home_office_references=tuple(
                            submission.immigration.home_office_references
                            if submission.immigration
                            else ()
                        ),
                    )
                )
            outcomes.append(ImportOutcome(referral_id, reference, submission.kind.value, True))
        insert_rows(Referral, rows)
        audit_record_bulk(entries)
        if openings:
            case_open_bulk(actor=user, openings=openings)
    return outcomes
