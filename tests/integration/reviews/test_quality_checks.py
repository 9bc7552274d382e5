"""A second pair of eyes: a senior caseworker checks negative decisions before they go to
review or are issued."""

import pytest
from django.test import Client
from django.urls import reverse

from opennrm.audit.models import AuditEvent
from opennrm.core.exceptions import ApplicationError, Forbidden
from opennrm.notifications.models import OutboundEmail
from opennrm.reviews.models import QualityCheck
from opennrm.reviews.services import quality_check_record
from tests import states

pytestmark = pytest.mark.django_db


def test_a_negative_rg_is_proposed_and_waits_for_a_quality_check(demo):
    case = states.case_negative_rg_awaiting_check(demo)
    assert case.state == "rg_quality_check"
    check = QualityCheck.objects.get(case=case)
    assert check.is_open and check.stage == "reasonable_grounds"
    # Not issued: the first responder is not told yet.
    assert not OutboundEmail.objects.filter(category="case.decision_made").exists()
    assert AuditEvent.objects.filter(
        case_reference=case.reference, action="case.quality_check_requested"
    ).exists()


def test_passed_it_is_issued_with_its_letter_and_reconsideration_window(demo):
    case = states.case_negative_rg_awaiting_check(demo)
    case = states.pass_quality_check(case)
    assert case.state == "negative_rg"
    assert case.reconsideration_due is not None
    assert OutboundEmail.objects.filter(category="case.decision_made").count() == 1
    check = QualityCheck.objects.get(case=case)
    assert check.outcome == "passed" and check.checked_by == demo["senior.caseworker"]


def test_sent_back_needs_reasons_and_returns_the_case_to_the_decision_maker(demo):
    case = states.case_negative_rg_awaiting_check(demo)
    with pytest.raises(ApplicationError, match="why the decision is being sent back"):
        quality_check_record(
            user=demo["senior.caseworker"],
            case=case,
            outcome="returned",
            reasons=" ",
            expected_version=case.version,
        )
    quality_check_record(
        user=demo["senior.caseworker"],
        case=case,
        outcome="returned",
        reasons="The account was not weighed against the indicators.",
        expected_version=case.version,
    )
    case.refresh_from_db()
    assert case.state == "awaiting_rg"
    assert not OutboundEmail.objects.filter(category="case.decision_made").exists()
    # The decision maker decides again.
    states.decide(demo["caseworker"], case)
    case.refresh_from_db()
    assert case.state == "recovery_period"


def test_nobody_checks_their_own_decision(demo, make_case):
    case = make_case()
    states.decide(
        demo["senior.caseworker"],
        case,
        states.services.DecisionInput("reasonable_grounds", "negative", "No indicator."),
        checked=False,
    )
    with pytest.raises(Forbidden, match="another senior caseworker must check it"):
        quality_check_record(
            user=demo["senior.caseworker"],
            case=case,
            outcome="passed",
            reasons="",
            expected_version=case.version,
        )


def test_a_caseworker_cannot_check(demo):
    case = states.case_negative_rg_awaiting_check(demo)
    with pytest.raises(ApplicationError):
        quality_check_record(
            user=demo["caseworker"], case=case, outcome="passed", reasons="", expected_version=1
        )
    case.refresh_from_db()
    assert case.state == "rg_quality_check"


def with_policy_file(monkeypatch, tmp_path, code: str, rules_toml: str) -> None:
    """Serve the jurisdiction ``code`` from a policy file extending the UK's: a data change,
    no code change."""
    from opennrm.policy import rules

    (tmp_path / "uk.toml").write_text(
        (rules.DATA_DIR / "uk.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / f"{code}.toml").write_text(
        f'jurisdiction = "{code}"\nextends = "uk"\nmodel = true\nname = "{code}"\n\n' + rules_toml,
        encoding="utf-8",
    )
    monkeypatch.setattr(rules, "DATA_DIR", tmp_path)


def test_the_switch_per_stage_is_in_the_policy_data(demo, monkeypatch, tmp_path, settings):
    # A policy file without the check at the reasonable grounds stage issues at once.
    with_policy_file(
        monkeypatch,
        tmp_path,
        "ukunchecked",
        "[[rules.quality_check_negative_rg]]\nfrom = 2009-04-01\nvalue = false\n"
        'source = "Test: no check at this stage"\n',
    )
    settings.OPENNRM_JURISDICTION = "ukunchecked"
    case = states.case_negative_rg_awaiting_check(demo)
    assert case.state == "negative_rg"
    assert not QualityCheck.objects.filter(case=case).exists()


def test_the_senior_caseworkers_page_lists_what_waits_with_flat_queries(
    client: Client, demo, django_assert_max_num_queries
):
    first = states.case_negative_rg_awaiting_check(demo)
    client.force_login(demo["senior.caseworker"])
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("reviews:quality-checks"))
    for _ in range(3):
        states.case_negative_rg_awaiting_check(demo)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("reviews:quality-checks")).content.decode()
    assert first.reference in page and page.count('data-check="') == 4
    home = client.get(reverse("home:home")).content.decode()
    assert 'data-count="quality-checks">4<' in home


def test_the_check_page_shows_errors_and_passes(client: Client, demo):
    case = states.case_negative_rg_awaiting_check(demo)
    client.force_login(demo["senior.caseworker"])
    url = reverse("reviews:quality-check", args=[case.reference])
    assert "No indicator is present." in client.get(url).content.decode()
    error = client.post(url, {"outcome": "returned", "reasons": "", "version": case.version})
    assert "Enter why the decision is being sent back" in error.content.decode()
    done = client.post(url, {"outcome": "passed", "reasons": "", "version": case.version})
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.state == "negative_rg"
    # A stale form says so.
    again = client.post(url, {"outcome": "passed", "reasons": "", "version": case.version - 1})
    assert again.status_code == 200
