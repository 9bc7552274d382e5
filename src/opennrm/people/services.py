"""Writes to people. Each records an audit event in the caller's transaction.

These services record facts about a person; they do not decide who may record them (the
callers ask the access policy first) and never change a case (the cases app does that).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from opennrm.audit.services import AuditEntry, audit_record, audit_record_bulk
from opennrm.core.bulk import insert_rows, reserve_ids
from opennrm.core.exceptions import ApplicationError
from opennrm.people.domain import (
    AgeOutcome,
    Identity,
    LinkStatus,
    age_on,
    match_key,
    possibly_same_person,
)
from opennrm.people.models import AgeAssessment, MissingEpisode, Person, PossibleRetrafficking


def _identity(person: Person) -> Identity:
    return Identity(
        given_name=person.given_name,
        family_name=person.family_name,
        date_of_birth=person.date_of_birth,
        nationalities=frozenset(person.nationalities or []),
        aliases=tuple(person.aliases or []),
    )


PERSON_TYPE = Person._meta.label_lower


def person_create(
    *,
    actor: Any,
    given_name: str = "",
    family_name: str = "",
    aliases: list[str] | None = None,
    date_of_birth: date | None = None,
    estimated_age: int | None = None,
    age_disputed: bool = False,
    gender: str,
    nationalities: list[str] | None = None,
    under_18_at_referral: str,
    under_18_at_exploitation: str = "",
) -> Person:
    """Record a person referred into the NRM (or counted by a Duty to Notify report), and
    flag anyone already known who may be the same person (possible re-trafficking)."""
    with transaction.atomic():
        person = Person.objects.create(
            given_name=given_name,
            family_name=family_name,
            aliases=list(aliases or []),
            date_of_birth=date_of_birth,
            estimated_age=estimated_age,
            age_disputed=age_disputed,
            gender=gender,
            nationalities=list(nationalities or []),
            under_18_at_referral=under_18_at_referral,
            under_18_at_exploitation=under_18_at_exploitation,
            match_key=match_key(date_of_birth),
        )
        # No name or date of birth in the payload: the audit trail names records, not people.
        audit_record(actor=actor, action="person.recorded", obj=person)
        possible_retrafficking_flag(actor=actor, person=person)
    return person


def possible_retrafficking_flag(*, actor: Any, person: Person) -> list[PossibleRetrafficking]:
    """Flag every earlier person who may be this one, a person just recorded (so without
    flags yet), against up to the 50 first known. Candidates come from the indexed
    ``match_key`` (the date of birth), so this never reads the whole table; the flags and
    their audit events are written together, in a fixed number of queries however many
    there are."""
    key = match_key(person.date_of_birth)
    if not key:
        return []
    identity = _identity(person)
    candidates = Person.objects.filter(match_key=key, pk__lt=person.pk).order_by("pk")[:50]
    earlier = [e for e in candidates if possibly_same_person(identity, _identity(e))]
    if not earlier:
        return []
    with transaction.atomic():
        flags = PossibleRetrafficking.objects.bulk_create(
            [PossibleRetrafficking(person=person, earlier=e) for e in earlier]
        )
        audit_record_bulk(
            [
                AuditEntry(
                    actor=actor,
                    action="person.possible_retrafficking",
                    obj=flag,
                    payload={"person": person.pk, "earlier": flag.earlier_id},
                )
                for flag in flags
            ]
        )
    return flags


def possible_retrafficking_resolve(
    *, actor: Any, flag: PossibleRetrafficking, confirmed: bool, reason: str
) -> PossibleRetrafficking:
    """Confirm that the new referral is of the person already known, or reject the link.
    The records stay apart either way."""
    if not reason.strip():
        raise ApplicationError("Enter why you confirm or reject the link", field="reason")
    with transaction.atomic():
        locked = PossibleRetrafficking.objects.select_for_update().get(pk=flag.pk)
        if locked.status != LinkStatus.OPEN:
            raise ApplicationError("This link has already been decided", field="confirmed")
        locked.status = LinkStatus.CONFIRMED if confirmed else LinkStatus.REJECTED
        locked.reason = reason.strip()
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action=f"person.retrafficking_{locked.status}",
            obj=locked,
            payload={"person": locked.person_id, "earlier": locked.earlier_id},
        )
    return locked


def age_assessment_create(
    *,
    actor: Any,
    person: Person,
    assessing_authority: str,
    assessed_on: date | None,
    outcome: str,
    significant_doubt_documented: bool,
    date_of_birth_found: date | None = None,
    today: date | None = None,
) -> AgeAssessment:
    """Record an age assessment and settle the person's age: the dispute ends, and a date of
    birth the assessment found replaces the one given."""
    today = today or timezone.localdate()
    problems = []
    if not assessing_authority.strip():
        problems.append(("assessing_authority", "Enter the authority that assessed their age"))
    if assessed_on is None:
        problems.append(("assessed_on", "Enter the date of the age assessment"))
    elif assessed_on > today:
        problems.append(("assessed_on", "The date of the age assessment must be in the past"))
    if outcome not in {o.value for o in AgeOutcome}:
        problems.append(("outcome", "Select whether the assessment found a child or an adult"))
    if date_of_birth_found is not None and date_of_birth_found > today:
        problems.append(("date_of_birth_found", "The date of birth must be in the past"))
    elif date_of_birth_found is not None and assessed_on is not None and outcome:
        age = age_on(date_of_birth_found, assessed_on)
        if (age >= 18) != (outcome == AgeOutcome.ADULT):
            problems.append(
                (
                    "date_of_birth_found",
                    f"The date of birth found makes them {age} on the day of the assessment, "
                    "which does not agree with its outcome",
                )
            )
    if problems:
        field, message = problems[0]
        raise ApplicationError(message, field=field)
    assert assessed_on is not None  # checked above
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        assessment = AgeAssessment.objects.create(
            person=locked,
            assessing_authority=assessing_authority.strip(),
            assessed_on=assessed_on,
            outcome=outcome,
            date_of_birth_found=date_of_birth_found,
            significant_doubt_documented=significant_doubt_documented,
            recorded_by=actor,
        )
        locked.age_disputed = False
        fields = ["age_disputed"]
        if date_of_birth_found is not None:
            locked.date_of_birth = date_of_birth_found
            locked.match_key = match_key(date_of_birth_found)
            fields += ["date_of_birth", "match_key"]
        locked.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="person.age_assessed",
            obj=assessment,
            payload={
                "person": locked.pk,
                "outcome": outcome,
                "assessed_on": assessed_on.isoformat(),
                "significant_doubt_documented": significant_doubt_documented,
            },
        )
    return assessment


def missing_episode_create(
    *,
    actor: Any,
    person: Person,
    went_missing_at: datetime | None,
    police_notified_at: datetime | None = None,
    police_reference: str = "",
    local_authority_notified_at: datetime | None = None,
    circumstances: str = "",
) -> MissingEpisode:
    """Record that a person went missing. Refused while an earlier episode is still open."""
    now = timezone.now()
    if went_missing_at is None:
        raise ApplicationError("Enter when they went missing", field="went_missing_at")
    if went_missing_at > now:
        raise ApplicationError(
            "When they went missing must be in the past", field="went_missing_at"
        )
    for field, moment in (
        ("police_notified_at", police_notified_at),
        ("local_authority_notified_at", local_authority_notified_at),
    ):
        if moment is not None and (moment < went_missing_at or moment > now):
            raise ApplicationError(
                "The time they were told must be after they went missing and not in the future",
                field=field,
            )
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person.pk)
        if MissingEpisode.objects.filter(person=person, returned_at__isnull=True).exists():
            raise ApplicationError(
                "They are already recorded as missing: record that they came back first",
                field="went_missing_at",
            )
        episode = MissingEpisode.objects.create(
            person=person,
            went_missing_at=went_missing_at,
            police_notified_at=police_notified_at,
            police_reference=police_reference.strip(),
            local_authority_notified_at=local_authority_notified_at,
            circumstances=circumstances.strip(),
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="person.went_missing",
            obj=episode,
            payload={
                "person": person.pk,
                "went_missing_at": went_missing_at,
                "police_notified": police_notified_at is not None,
                "local_authority_notified": local_authority_notified_at is not None,
            },
        )
    return episode


def missing_episode_end(
    *,
    actor: Any,
    episode: MissingEpisode,
    returned_at: datetime | None,
    police_notified_at: datetime | None = None,
    local_authority_notified_at: datetime | None = None,
) -> MissingEpisode:
    """Record that a missing person came back (and, if not recorded yet, who was told)."""
    if returned_at is None:
        raise ApplicationError("Enter when they came back", field="returned_at")
    with transaction.atomic():
        locked = MissingEpisode.objects.select_for_update().get(pk=episode.pk)
        if locked.returned_at is not None:
            raise ApplicationError("This episode has already ended", field="returned_at")
        if returned_at < locked.went_missing_at or returned_at > timezone.now():
            raise ApplicationError(
                "When they came back must be after they went missing and not in the future",
                field="returned_at",
            )
        locked.returned_at = returned_at
        fields = ["returned_at"]
        if police_notified_at is not None and locked.police_notified_at is None:
            locked.police_notified_at = police_notified_at
            fields.append("police_notified_at")
        if local_authority_notified_at is not None and locked.local_authority_notified_at is None:
            locked.local_authority_notified_at = local_authority_notified_at
            fields.append("local_authority_notified_at")
        locked.save(update_fields=fields)
        audit_record(
            actor=actor,
            action="person.came_back",
            obj=locked,
            payload={"person": locked.person_id, "returned_at": returned_at},
        )
    return locked


def person_anonymise(*, person: Person) -> None:
    """Remove what identifies the person (name, aliases, date of birth) and what was
    written about them (the circumstances of missing episodes and their police references,
    the reasons given on possible re-trafficking, the date of birth an age assessment
    found), keeping what the statistics count (gender, age group at referral) and the
    outcomes and dates of those records. Called by the retention job, in its transaction;
    the job audits it."""
    Person.objects.filter(pk=person.pk).update(
        given_name="",
        family_name="",
        aliases=[],
        date_of_birth=None,
        estimated_age=None,
        nationalities=[],
        match_key="",
    )
    MissingEpisode.objects.filter(person=person).update(circumstances="", police_reference="")
    PossibleRetrafficking.objects.filter(Q(person=person) | Q(earlier=person)).update(reason="")
    AgeAssessment.objects.filter(person=person).update(date_of_birth_found=None)


@dataclass(frozen=True)
class PersonIn:
    """What ``person_create`` takes, for ``person_create_bulk``."""

    gender: str
    under_18_at_referral: str
    under_18_at_exploitation: str = ""
    given_name: str = ""
    family_name: str = ""
    aliases: tuple[str, ...] = ()
    date_of_birth: date | None = None
    estimated_age: int | None = None
    age_disputed: bool = False
    nationalities: tuple[str, ...] = ()


def person_create_bulk(*, actor: Any, people: Sequence[PersonIn]) -> list[int]:
    """Record many people at once (historic loads and the synthetic dataset), in the order
    given, with the same audit event per person as ``person_create``; return their ids."""
    with transaction.atomic():
        ids = reserve_ids(Person, len(people))
        now = timezone.now()
        insert_rows(
            Person,
            [
                {
                    "id": person_id,
                    "given_name": p.given_name,
                    "family_name": p.family_name,
                    "aliases": list(p.aliases),
                    "date_of_birth": p.date_of_birth,
                    "estimated_age": p.estimated_age,
                    "age_disputed": p.age_disputed,
                    "gender": p.gender,
                    "nationalities": list(p.nationalities),
                    # Later referrals are matched against historic people too; the historic
                    # records themselves are not flagged against one another.
                    "match_key": match_key(p.date_of_birth),
                    "under_18_at_referral": p.under_18_at_referral,
                    "under_18_at_exploitation": p.under_18_at_exploitation,
                    "created_at": now,
                }
                for person_id, p in zip(ids, people, strict=True)
            ],
        )
        audit_record_bulk(
            [
                AuditEntry(
                    actor=actor,
                    action="person.recorded",
                    object_type=PERSON_TYPE,
                    object_id=str(person_id),
                )
                for person_id in ids
            ]
        )
    return ids
