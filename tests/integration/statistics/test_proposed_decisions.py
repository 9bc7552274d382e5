"""The official tables count a proposed negative decision once it is issued: not while it
waits for its quality check or independent review, and never when it was sent back or the
review panel disagreed (the decision maker's next decision is the one counted)."""

import pytest
from django.utils import timezone

from opennrm.reviews.services import quality_check_record
from opennrm.statistics.periods import parse_period
from opennrm.statistics.queries import RG, Scope, decision_outcomes
from tests import states

pytestmark = pytest.mark.django_db


def _counted() -> dict[str, int]:
    scope = Scope(parse_period(str(timezone.localdate().year)))
    return {row["outcome"]: row["n"] for row in decision_outcomes(scope, RG)}


def test_only_issued_decisions_are_counted(demo) -> None:
    before = _counted()
    waiting = states.case_negative_rg_awaiting_check(demo)
    assert waiting.state == "rg_quality_check"
    assert _counted() == before
    states.pass_quality_check(waiting)
    assert _counted().get("negative", 0) == before.get("negative", 0) + 1

    returned = states.case_negative_rg_awaiting_check(demo)
    quality_check_record(
        user=demo["senior.caseworker"],
        case=returned,
        outcome="returned",
        reasons="The account in the referral was not considered.",
        expected_version=returned.version,
    )
    assert _counted().get("negative", 0) == before.get("negative", 0) + 1
    states.decide(demo["caseworker"], returned)  # decided again: positive
    assert _counted().get("positive", 0) == before.get("positive", 0) + 1
