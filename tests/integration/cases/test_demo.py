"""The demo shows cases in every state, some overdue, with decisions — loaded the way
historic cases are migrated."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from opennrm.cases.models import Case, Decision

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_cases_in_every_state_once() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    states = set(Case.objects.values_list("state", flat=True))
    assert {
        "awaiting_rg",
        "recovery_period",
        "awaiting_cg",
        "positive_cg",
        "negative_cg",
        "negative_rg",
        "withdrawn",
        "suspended",
    } <= states
    assert Case.objects.filter(state="awaiting_rg", rg_due__lt=timezone.localdate()).exists()
    # Two historic CG decisions, and the panel CG recorded at its RG meeting (the synthetic
    # national dataset's decisions aside).
    demo_cases = Decision.objects.filter(case__referral__idempotency_key__startswith="demo-")
    # And four of 2022 that went to the independent review panel (demo/reviews.py).
    assert demo_cases.filter(stage="conclusive_grounds").count() == 7
    count = Case.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Case.objects.count() == count
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "intact" in out.getvalue()


def test_seed_demo_places_one_legal_hold_and_every_role_signs_in_with_a_code() -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from opennrm.accounts.models import User
    from opennrm.retention.models import LegalHold

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert LegalHold.objects.filter(lifted_at__isnull=True).count() == 1
    for user in User.objects.filter(email__endswith="@demo.opennrm.test"):
        assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1


def test_seed_demo_gives_support_reconsideration_and_leave_work() -> None:
    from opennrm.protection.models import ReconsiderationRequest, SupportAllocation

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    demo = Case.objects.filter(referral__idempotency_key__startswith="demo-case-")
    # The support provider supports the people with a positive RG.
    assert SupportAllocation.objects.filter(case__in=demo, ended_at__isnull=True).count() == 4
    # The competent authority has one request to answer, made in time.
    request = ReconsiderationRequest.objects.get(case__in=demo)
    assert request.status == "pending" and not request.late
    # A confirmed victim for the leave caseworker.
    assert demo.filter(state="positive_cg", leave_consideration__isnull=True).exists()
