"""The new lists load in the same number of queries however many rows they show."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from opennrm.panels import services
from tests import states

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str, django_assert_max_num_queries) -> int:
    with django_assert_max_num_queries(60) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _grow(demo, add: Callable[[], None], client: Client, url: str, assert_max) -> None:
    add()
    few = _queries(client, url, assert_max)
    for _ in range(4):
        add()
    assert _queries(client, url, assert_max) == few


def test_the_childrens_list_and_home(client: Client, demo, django_assert_max_num_queries) -> None:
    def add() -> None:
        case = states.refer_child(demo)
        services.guardian_assign(
            actor=demo["panel.chair"],
            case=case,
            kind="direct",
            guardian_email="guardian@demo.opennrm.test",
        )

    client.force_login(demo["guardian"])
    _grow(demo, add, client, reverse("panels:children"), django_assert_max_num_queries)
    _grow(demo, add, client, reverse("home:home"), django_assert_max_num_queries)


def test_the_queue_with_missing_children(
    client: Client, demo, django_assert_max_num_queries
) -> None:
    def add() -> None:
        case = states.refer_child(demo)
        services.missing_episode_record(
            actor=demo["cardiff.fr"], person=case.person, went_missing_at=case.received_at
        )

    client.force_login(demo["panel.member"])
    _grow(demo, add, client, reverse("cases:queue"), django_assert_max_num_queries)


def test_the_panel_page_and_a_meeting(client: Client, demo, django_assert_max_num_queries) -> None:
    meeting = states.panel_meeting(demo)
    cases = []

    def add() -> None:
        case = states.refer_child(demo)
        services.agenda_add(actor=demo["panel.chair"], meeting=meeting, reference=case.reference)
        cases.append(case)
        states.refer_child(demo)  # and one awaiting a meeting

    client.force_login(demo["panel.chair"])
    panel = reverse("panels:panel", args=[states.cardiff_panel().pk])
    _grow(demo, add, client, panel, django_assert_max_num_queries)
    _grow(
        demo,
        add,
        client,
        reverse("panels:meeting", args=[meeting.pk]),
        django_assert_max_num_queries,
    )
