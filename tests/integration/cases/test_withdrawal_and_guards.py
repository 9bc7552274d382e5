"""Withdrawing a referral made in error or duplicated; what the decision pages refuse."""

import pytest
import time_machine
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from opennrm.accounts.models import Organisation
from opennrm.cases import services
from opennrm.cases.models import CaseActionRecord
from opennrm.core.exceptions import ApplicationError
from tests import states

pytestmark = pytest.mark.django_db


def test_a_senior_caseworker_withdraws_a_duplicate_childs_referral(client: Client, demo) -> None:
    first = states.refer_child(demo)
    second = states.refer_child(demo)
    url = reverse("cases:action", args=[second.reference, "withdraw_in_error"])
    client.force_login(demo["panel.chair"])
    # A panel decides children's cases, but only a senior caseworker closes one in error.
    assert client.get(url).status_code == 403
    senior_at_panel = demo["senior.caseworker"]
    senior_at_panel.memberships.create(organisation=second.decision_maker, role="senior_caseworker")
    client.force_login(senior_at_panel)
    page = client.post(
        url, {"version": second.version, "withdrawal_reason": "duplicate", "reason": "x"}
    )
    assert "Enter the reference of the referral this one duplicates" in page.content.decode()
    response = client.post(
        url,
        {
            "version": second.version,
            "withdrawal_reason": "duplicate",
            "duplicate_of": first.reference.lower(),
            "reason": "Referred twice by two officers on the same night.",
        },
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.state == "withdrawn"
    assert second.withdrawal_reason == "duplicate"
    assert second.duplicate_of == first.reference
    record = CaseActionRecord.objects.get(case=second)
    assert record.reason.startswith("Referred twice")


def test_a_child_is_never_withdrawn_at_their_request(client: Client, demo) -> None:
    case = states.refer_child(demo)
    client.force_login(demo["panel.chair"])
    page = client.post(
        reverse("cases:action", args=[case.reference, "withdraw"]),
        {"version": case.version, "written_consent": "on", "reason": "Asked to"},
    ).content.decode()
    assert "A child&#x27;s case cannot be withdrawn at their request" in page


def test_an_adult_withdraws_in_writing_and_the_reason_stays_out_of_the_audit_trail(demo) -> None:
    from opennrm.audit.models import AuditEvent

    case = states.case_awaiting_rg(demo)
    services.case_transition(
        user=demo["caseworker"],
        case=case,
        action="withdraw",
        expected_version=case.version,
        written_consent=True,
        reason="Letter of 3 March: she has returned home to her family in Tirana.",
    )
    event = AuditEvent.objects.get(action="case.withdraw")
    assert "Tirana" not in str(event.payload)
    assert CaseActionRecord.objects.get(case=case).withdrawal_reason == "written_request"


def test_the_cg_form_does_not_open_without_a_positive_rg(client: Client, demo) -> None:
    case = states.case_awaiting_rg(demo)
    client.force_login(demo["caseworker"])
    response = client.get(reverse("cases:decide", args=[case.reference, "conclusive_grounds"]))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "needs a positive reasonable grounds decision first" in page


def test_negative_rg_decisions_could_not_be_issued_during_the_2023_pause(demo) -> None:
    with time_machine.travel("2023-07-03 10:00 +00:00", tick=False):
        case = states.case_awaiting_rg(demo)
        with pytest.raises(ApplicationError, match="could not be issued"):
            states.decide(
                demo["caseworker"],
                case,
                services.DecisionInput("reasonable_grounds", "negative", "No indicators."),
            )
        states.decide(demo["caseworker"], case)  # a positive one could
    # The wording in force that day: the "objective factors" test, withdrawn on 10 July.
    assert "objective factors" in case.decisions.get().threshold_wording


def test_a_panel_site_without_its_panel_is_a_configuration_error(demo) -> None:
    assert not [m for m in run_checks() if m.id == "opennrm.E001"]
    Organisation.objects.filter(panel_site="Glasgow").update(is_active=False)
    errors = [m for m in run_checks() if m.id == "opennrm.E001"]
    assert [e.msg for e in errors] == [
        "The devolved child decision-making site 'Glasgow' has no active panel organisation."
    ]


def test_a_child_in_a_site_without_its_panel_is_refused_not_rerouted(demo) -> None:
    from opennrm.referrals.models import Referral

    Organisation.objects.filter(panel_site="Cardiff").update(is_active=False)
    with pytest.raises(ApplicationError, match="Cardiff child decision-making panel is not set up"):
        states.refer_child(demo)
    assert not Referral.objects.exists()  # nothing half-written
