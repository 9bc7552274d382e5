"""A read-only page works each access answer out once; outside such a page every question
is asked afresh."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from tests import states

pytestmark = pytest.mark.django_db


def test_an_answer_is_worked_out_once_inside_the_block(demo) -> None:
    case = states.case_awaiting_rg(demo)
    guardian = demo["guardian"]  # related by the guardian referral: a query per question
    with evaluate.answers_kept():
        with CaptureQueriesContext(connection) as first:
            first_answer = evaluate.may(guardian, Permission.CASE_VIEW, case)
        with CaptureQueriesContext(connection) as again:
            assert evaluate.may(guardian, Permission.CASE_VIEW, case) is first_answer
    assert len(first) >= 1
    assert len(again) == 0


def test_outside_the_block_every_question_is_asked_afresh(demo) -> None:
    case = states.case_awaiting_rg(demo)
    guardian = demo["guardian"]
    with evaluate.answers_kept():
        evaluate.may(guardian, Permission.CASE_VIEW, case)
    with CaptureQueriesContext(connection) as later:
        evaluate.may(guardian, Permission.CASE_VIEW, case)
    assert len(later) >= 1


def test_answers_are_kept_per_person_and_per_object(demo) -> None:
    case = states.case_awaiting_rg(demo)
    with evaluate.answers_kept():
        assert evaluate.may(demo["caseworker"], Permission.CASE_DECIDE, case)
        assert not evaluate.may(demo["guardian"], Permission.CASE_DECIDE, case)
        assert not evaluate.may(demo["ngo.fr"], Permission.CASE_DECIDE, case)
