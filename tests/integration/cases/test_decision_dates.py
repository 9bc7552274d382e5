"""The case keeps when its first positive RG and first CG decisions were made, for the
official statistics (ADR 58): by every path that records decisions, and by the migration
that fills them for decisions recorded before the columns existed."""

import importlib
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Min, Q

from opennrm.cases.models import Case
from tests import states

pytestmark = pytest.mark.django_db


def _from_decisions() -> dict[int, tuple]:
    rows = Case.objects.annotate(
        rg=Min(
            "decisions__decided_at",
            filter=Q(decisions__stage="reasonable_grounds", decisions__outcome="positive"),
        ),
        cg=Min("decisions__decided_at", filter=Q(decisions__stage="conclusive_grounds")),
    ).values_list("id", "rg", "cg")
    return {pk: (rg, cg) for pk, rg, cg in rows}


def _kept() -> dict[int, tuple]:
    return {
        pk: (rg, cg)
        for pk, rg, cg in Case.objects.values_list("id", "first_positive_rg_at", "first_cg_at")
    }


def _issued() -> dict[int, tuple]:
    """As ``_from_decisions``, leaving out decisions proposed and not yet issued."""
    waiting = Case.objects.filter(state__in=["cg_review", "cg_quality_check"]).values_list(
        "id", flat=True
    )
    found = _from_decisions()
    return {pk: (rg, None if pk in set(waiting) else cg) for pk, (rg, cg) in found.items()}


def test_a_decision_maker_s_decisions_are_kept_on_the_case(demo) -> None:
    from opennrm.reviews.services import review_conclude

    reviewed = states.case_negative_cg_under_review(demo)
    rg, cg = (
        reviewed.decisions.get(stage=stage).decided_at
        for stage in ("reasonable_grounds", "conclusive_grounds")
    )
    # A negative CG decision under independent review is proposed, not yet issued.
    assert (reviewed.first_positive_rg_at, reviewed.first_cg_at) == (rg, None)
    review_conclude(
        user=demo["review.panel"],
        case=reviewed,
        outcome="agree",
        reasons="The evidence was weighed.",
        expected_version=reviewed.version,
    )
    reviewed.refresh_from_db()
    assert (reviewed.state, reviewed.first_cg_at) == ("negative_cg", cg)

    negative = states.case_negative_rg(demo)
    assert (negative.first_positive_rg_at, negative.first_cg_at) == (None, None)
    awaiting = states.case_awaiting_rg(demo)
    assert (awaiting.first_positive_rg_at, awaiting.first_cg_at) == (None, None)
    assert _kept() == _issued()


def test_a_panel_s_decision_is_kept_on_the_case(demo) -> None:
    child = states.child_in_recovery(demo)
    assert child.first_positive_rg_at == child.decisions.get().decided_at
    assert child.first_cg_at is None


def test_historic_decisions_loaded_in_bulk_are_kept_on_the_case(demo) -> None:
    call_command(
        "generate_synthetic",
        "--referrals",
        "300",
        "--from",
        "2019",
        "--to",
        "2023",
        "--seed",
        "4",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    expected = _from_decisions()
    assert sum(1 for rg, cg in expected.values() if rg and cg) > 10
    assert _kept() == expected


def test_the_migration_fills_the_dates_of_decisions_already_recorded(demo) -> None:
    states.case_negative_cg_under_review(demo)
    states.case_in_recovery(demo)
    states.case_negative_rg(demo)
    Case.objects.update(first_positive_rg_at=None, first_cg_at=None)
    migration = importlib.import_module("opennrm.cases.migrations.0014_case_decision_dates")
    with connection.cursor() as cursor:
        for statement in migration.BACKFILL:
            cursor.execute(statement)
    assert _kept() == _from_decisions()
    assert sum(1 for rg, _cg in _kept().values() if rg) == 2
