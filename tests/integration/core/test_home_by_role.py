"""Everyone signs in to a home page with their own work on it."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import states

pytestmark = pytest.mark.django_db

# The section of the home page each demo person's work appears in.
WORK = {
    "ngo.fr": "referring",
    "police.fr": "referring",
    "cardiff.fr": "referring",
    "caseworker": "casework",
    "senior.caseworker": "casework",
    "panel.member": "casework",
    "panel.chair": "casework",
    "panel.health": "panel",
    "guardian": "children",
    "guardian.coordinator": "children",
    "review.panel": "casework",
    "auditor": "casework",
    "migration": "migration",
    "admin": "outbox",
    "support": "support",
    "leave.caseworker": "leave",
}


@pytest.mark.parametrize(("person", "section"), sorted(WORK.items()))
def test_each_person_sees_their_work(client: Client, demo, person: str, section: str) -> None:
    states.case_in_recovery(demo)
    states.child_in_recovery(demo)
    states.case_imported(demo)
    if person in ("support", "leave.caseworker"):
        from opennrm.accounts.models import Organisation
        from opennrm.protection.support import support_allocate

        confirmed = states.case_positive_cg(demo)
        support_allocate(
            user=demo["caseworker"],
            case=confirmed,
            provider_id=Organisation.objects.get(name="Victim Care Contract support provider").pk,
        )
    client.force_login(demo[person])
    page = client.get(reverse("home:home")).content.decode()
    assert f'data-section="{section}"' in page


def test_the_counts_match_the_lists_they_link_to(client: Client, demo) -> None:
    mine = states.case_in_recovery(demo)
    states.case_awaiting_rg(demo)
    client.force_login(demo["caseworker"])
    client.post(reverse("cases:assign-to-me", args=[mine.reference]), {"version": mine.version})
    page = client.get(reverse("home:home")).content.decode()
    assert 'data-count="mine">1<' in page
    assert "1 open case assigned to you" not in page  # the figure and its words are apart
    assert "open case assigned to you" in page
    queue = client.get(reverse("cases:queue"), {"assigned": "me"}).content.decode()
    assert queue.count('href="/cases/NRM-') == 1


def test_home_page_queries_do_not_grow_with_the_cases(
    client: Client, demo, django_assert_max_num_queries
) -> None:
    client.force_login(demo["caseworker"])
    for _ in range(3):
        states.case_awaiting_rg(demo)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("home:home"))
    for _ in range(6):
        states.case_awaiting_rg(demo)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("home:home"))


@pytest.mark.parametrize(
    ("person", "offered"),
    [
        ("ngo.fr", False),  # a charity follows no children's cases
        ("police.fr", False),
        ("cardiff.fr", True),  # children's services follow the children of their area
        ("guardian", True),
        ("guardian.coordinator", True),
        ("caseworker", False),
    ],
)
def test_the_children_list_is_offered_only_to_those_who_follow_children(
    client: Client, demo, person: str, offered: bool
) -> None:
    states.child_in_recovery(demo)
    client.force_login(demo[person])
    page = client.get(reverse("home:home")).content.decode()
    link = f'href="{reverse("panels:children")}"'
    assert (link in page) is offered
    assert ('data-section="children"' in page) is offered
