"""The work queue shows and sorts by each case's next deadline, whatever stage it is at."""

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opennrm.cases.models import Case
from opennrm.cases.selectors import case_timeline
from opennrm.cases.timeline import timeline_entries
from opennrm.core.pagination import keyset_page
from opennrm.people.models import Person
from tests import states

pytestmark = pytest.mark.django_db


def test_each_row_shows_its_next_deadline_and_the_queue_sorts_by_it(client: Client, demo) -> None:
    with time_machine.travel("2026-03-02 10:00 +00:00", tick=False):
        awaiting = states.case_awaiting_rg(demo)  # RG due 9 March
        recovering = states.case_in_recovery(demo)  # recovery ends 1 April
    with time_machine.travel("2026-03-04 10:00 +00:00", tick=False):
        client.force_login(demo["caseworker"])
        page = client.get(reverse("cases:queue")).content.decode()
    assert page.index(awaiting.reference) < page.index(recovering.reference)
    assert "Reasonable grounds decision due" in page
    assert "3 working days left" in page
    assert "Recovery period ends" in page
    assert "Ana Hoxha" in page  # the person's name beside the reference
    recovering.refresh_from_db()
    assert recovering.next_deadline_kind == "recovery_period_ends"
    assert recovering.next_deadline == date(2026, 4, 1)
    with time_machine.travel("2026-03-04 10:00 +00:00", tick=False):
        latest = client.get(reverse("cases:queue"), {"order": "latest"}).content.decode()
    assert latest.index(recovering.reference) < latest.index(awaiting.reference)


def test_a_closed_case_has_no_next_deadline_and_the_overdue_filter_skips_it(client, demo) -> None:
    with time_machine.travel("2026-01-05 10:00 +00:00", tick=False):
        closed = states.case_negative_rg(demo)
        overdue = states.case_awaiting_rg(demo)
    closed.refresh_from_db()
    assert closed.next_deadline_kind == "reconsideration_due"  # 30 days to ask since Feb 2024
    client.force_login(demo["caseworker"])
    page = client.get(reverse("cases:queue"), {"due": "overdue"}).content.decode()
    assert overdue.reference in page and closed.reference not in page
    everything = client.get(reverse("cases:queue"), {"state": "all"}).content.decode()
    assert closed.reference in everything
    assert "Selected filters" in everything and "All cases, including closed" in everything


def test_one_button_assigns_the_ticked_cases(client: Client, demo) -> None:
    first, second, third = (states.case_awaiting_rg(demo) for _ in range(3))
    client.force_login(demo["caseworker"])
    page = client.get(reverse("cases:queue")).content.decode()
    assert page.count("Assign selected cases to me") == 1
    response = client.post(
        reverse("cases:assign-selected"),
        {
            "case": [f"{first.reference}:{first.version}", f"{third.reference}:{third.version}"],
            "next": "/cases/?state=all",
        },
    )
    assert response["Location"] == "/cases/?state=all"
    assert set(
        Case.objects.filter(assigned_to=demo["caseworker"]).values_list("pk", flat=True)
    ) == {
        first.pk,
        third.pk,
    }
    stale = client.post(
        reverse("cases:assign-selected"), {"case": [f"{second.reference}:999"]}, follow=True
    )
    assert "This case has changed since you opened it" in stale.content.decode()
    client.force_login(demo["auditor"])
    assert client.post(reverse("cases:assign-selected"), {"case": []}).status_code == 403


def test_the_timeline_reads_as_sentences(client: Client, demo) -> None:
    case = states.case_in_recovery(demo)
    client.force_login(demo["caseworker"])
    for _ in range(3):
        client.get(reverse("cases:case", args=[case.reference]))
    entries = timeline_entries(case_timeline(case=case))
    titles = [entry.title for entry in entries]
    assert titles[0] == "Viewed (3 times)"
    assert "Reasonable grounds decision: positive" in titles
    assert "Case opened" in titles
    page = client.get(reverse("cases:case", args=[case.reference])).content.decode()
    assert "case.decide_rg_positive" not in page
    assert "Viewed (4 times)" in page


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    births=st.lists(
        st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(1990, 1, 20))),
        min_size=0,
        max_size=30,
    ),
    limit=st.integers(1, 7),
    descending=st.booleans(),
)
def test_keyset_pages_return_every_row_once_in_order(births, limit, descending, db) -> None:
    Person.objects.all().delete()
    Person.objects.bulk_create(
        Person(gender="female", under_18_at_referral="no", date_of_birth=born) for born in births
    )
    seen: list[Person] = []
    cursor = ""
    while True:
        page = keyset_page(
            Person.objects.all(),
            key="date_of_birth",
            cursor=cursor,
            limit=limit,
            descending=descending,
        )
        seen += page.items
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == len(births)
    assert len({p.pk for p in seen}) == len(births)
    dated = [p.date_of_birth for p in seen if p.date_of_birth is not None]
    assert dated == sorted(dated, reverse=descending)
    # Rows with no date come last either way.
    assert [p.date_of_birth for p in seen][len(dated) :] == [None] * (len(seen) - len(dated))
