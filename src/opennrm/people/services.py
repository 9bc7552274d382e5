"""Writes to people. Each records an audit event in the caller's transaction."""

from datetime import date
from typing import Any

from django.db import transaction

from opennrm.audit.services import audit_record
from opennrm.people.models import Person


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
    """Record a person referred into the NRM (or counted by a Duty to Notify report)."""
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
        )
        # No name or date of birth in the payload: the audit trail names records, not people.
        audit_record(actor=actor, action="person.recorded", obj=person)
    return person


def person_anonymise(*, person: Person) -> None:
    """Remove what identifies the person (name, aliases, date of birth), keeping what the
    statistics count (gender, age group at referral). Called by the retention job, in its
    transaction; the job audits it."""
    Person.objects.filter(pk=person.pk).update(
        given_name="",
        family_name="",
        aliases=[],
        date_of_birth=None,
        estimated_age=None,
        nationalities=[],
    )
