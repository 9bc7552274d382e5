"""A decision locks its case's row and nothing else: locking the deciding organisation's
row with it would make every decision of that body wait for the one before."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import states

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are taken on PostgreSQL only"
    ),
]


def test_a_decision_locks_only_the_case_row(demo) -> None:
    case = states.case_awaiting_rg(demo)
    with CaptureQueriesContext(connection) as queries:
        states.decide(demo["caseworker"], case)
    locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    case_locks = [sql for sql in locks if 'FROM "cases_case"' in sql]
    assert case_locks
    assert all('FOR UPDATE OF "cases_case"' in sql for sql in case_locks)
