"""A new referral of someone already known is flagged as a possible re-trafficking for the
decision maker to confirm or reject; the records are never merged, and the lookup never
reads the whole table."""

from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opennrm.audit.models import AuditEvent
from opennrm.core.exceptions import ApplicationError
from opennrm.people.models import Person, PossibleRetrafficking
from opennrm.people.services import person_create
from tests import states

pytestmark = pytest.mark.django_db

ANA = {
    "under_18": "no",
    "under_18_at_exploitation": "no",
    "consent": True,
    "consent_statement_shown": "I understand what the NRM is and agree to be referred.",
    "given_name": "Ana",
    "family_name": "Hoxha",
    "date_of_birth": "1994-03-02",
    "gender": "female",
    "nationalities": ["Albanian"],
}


def test_a_spelling_variant_is_flagged_and_never_merged(client: Client, demo) -> None:
    first = states.refer_adult(demo)
    again = states.refer_adult(demo, person={**ANA, "given_name": "Anna", "family_name": "Hoxa"})
    flag = PossibleRetrafficking.objects.get()
    assert (flag.person_id, flag.earlier_id) == (again.person_id, first.person_id)
    assert Person.objects.count() == 2
    client.force_login(demo["caseworker"])
    page = client.get(reverse("cases:case", args=[again.reference])).content.decode()
    assert f'data-retrafficking="{flag.pk}"' in page
    url = reverse("panels:retrafficking", args=[again.reference, flag.pk])
    form = client.get(url).content.decode()
    assert first.reference in form
    missing = client.post(url, {"confirmed": "yes"}).content.decode()
    assert "Enter why you confirm or reject the link" in missing
    client.post(url, {"confirmed": "yes", "reason": "Same scar and the same account."})
    flag.refresh_from_db()
    assert flag.status == "confirmed" and flag.decided_by == demo["caseworker"]
    assert Person.objects.count() == 2
    assert (
        "Possible re-trafficking confirmed"
        in client.get(reverse("cases:case", args=[again.reference])).content.decode()
    )


@pytest.mark.parametrize(
    "change",
    [
        {"date_of_birth": "1994-03-03"},
        {"nationalities": ["Kosovan"]},
        {"given_name": "Besa", "family_name": "Krasniqi"},
    ],
)
def test_a_different_person_is_not_flagged(demo, change) -> None:
    states.refer_adult(demo)
    states.refer_adult(demo, person={**ANA, **change})
    assert not PossibleRetrafficking.objects.exists()


def test_a_decided_flag_cannot_be_decided_again(demo) -> None:
    states.refer_adult(demo)
    again = states.refer_adult(demo)
    flag = PossibleRetrafficking.objects.get()
    from opennrm.panels.services import retrafficking_resolve

    retrafficking_resolve(
        actor=demo["caseworker"], case=again, flag=flag, confirmed=False, reason="Twins."
    )
    with pytest.raises(ApplicationError, match="already been decided"):
        retrafficking_resolve(
            actor=demo["caseworker"], case=again, flag=flag, confirmed=True, reason="No."
        )


def _person(actor, **fields):
    return person_create(
        actor=actor,
        gender="female",
        under_18_at_referral="no",
        **fields,
    )


def test_the_lookup_reads_only_the_indexed_key(demo) -> None:
    """Finding earlier referrals reads people by their indexed match key, whatever the
    number of people: the same queries with 5 people as with 50."""
    actor = demo["caseworker"]

    def new_person(given: str, born: date) -> list[str]:
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            _person(actor, given_name=given, date_of_birth=born, nationalities=["Albanian"])
        return [q["sql"] for q in queries.captured_queries]

    with transaction.atomic():
        for n in range(5):
            _person(actor, given_name=f"P{n}", date_of_birth=date(1990, 1, 1) + timedelta(days=n))
    few = new_person("Zana", date(1994, 3, 2))
    with transaction.atomic():
        for n in range(45):
            _person(actor, given_name=f"Q{n}", date_of_birth=date(1980, 1, 1) + timedelta(days=n))
    many = new_person("Zef", date(1995, 3, 2))
    assert len(many) == len(few)
    assert any('"match_key" =' in sql for sql in many), "candidates are found by match_key"


def test_an_earlier_referral_decided_elsewhere_is_shown_by_its_date_alone(demo) -> None:
    from tests.integration.referrals.bodies import child_body

    earlier = states.refer_child(demo)  # decided by the Cardiff panel
    again = states.refer_adult(
        demo, **child_body(local_authority="Norfolk County Council", nation="england")
    )
    assert again.decision_maker_type == "competent_authority"
    flag = PossibleRetrafficking.objects.get()
    assert flag.earlier_id == earlier.person_id
    client = Client()
    client.force_login(demo["caseworker"])
    url = reverse("panels:retrafficking", args=[again.reference, flag.pk])
    page = client.get(url).content.decode()
    assert earlier.reference not in page
    assert f"A referral received on {earlier.received_at:%-d %B %Y}, decided elsewhere" in page


def test_many_earlier_matches_are_flagged_in_the_same_queries_as_one(demo) -> None:
    """A person referred again and again (the same name and date of birth each time) is
    flagged against each earlier record in a fixed number of queries, with an audit event
    for each flag, not a query per flag."""
    actor = demo["caseworker"]
    born = date(1991, 5, 6)

    def refer_again() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            person = _person(
                actor, given_name="Besa", date_of_birth=born, nationalities=["Albanian"]
            )
        return len(queries.captured_queries), PossibleRetrafficking.objects.filter(
            person=person
        ).count()

    refer_again()
    one_query_count, one_flag = refer_again()
    for _ in range(8):
        refer_again()
    many_query_count, many_flags = refer_again()
    assert (one_flag, many_flags) == (1, 10)
    assert many_query_count == one_query_count
    # Each flag has its event: 0 + 1 + 2 + … + 10 flags over the eleven referrals.
    assert AuditEvent.objects.filter(action="person.possible_retrafficking").count() == 55
