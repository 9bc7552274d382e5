"""The caseworker a case is assigned to is e-mailed when a request waits for them (a
reconsideration, more recovery time): the reference and who asked, never the person."""

import pytest

from opennrm.cases.services import case_assign
from opennrm.notifications.models import OutboundEmail
from opennrm.protection import reconsiderations, support
from tests import states

pytestmark = pytest.mark.django_db


def _assigned(demo, case):
    case_assign(
        user=demo["senior.caseworker"],
        case=case,
        assignee=demo["caseworker"],
        expected_version=case.version,
    )
    case.refresh_from_db()
    return case


def _reconsider(demo, case):
    return reconsiderations.reconsideration_request(
        user=demo["ngo.fr"],
        case=case,
        grounds=["new_evidence"],
        details="A medical report about Ana Hoxha shows indicators the decision missed.",
    )


def test_a_reconsideration_request_is_sent_to_the_assigned_caseworker(demo) -> None:
    case = _assigned(demo, states.case_negative_rg(demo))
    _reconsider(demo, case)
    (email,) = OutboundEmail.objects.filter(category="case.reconsideration_requested")
    assert email.recipients == [demo["caseworker"].email]
    assert email.case_reference == case.reference
    assert "The Salvation Army has asked for the decision on" in email.body
    assert case.reference in email.subject
    # No personal details: not the name, not what the request says.
    assert "Hoxha" not in email.body + email.subject
    assert "medical" not in email.body


def test_an_unassigned_case_waits_on_the_deciding_bodys_pages(demo) -> None:
    case = states.case_negative_rg(demo)
    assert case.assigned_to is None
    _reconsider(demo, case)
    assert not OutboundEmail.objects.filter(category="case.reconsideration_requested").exists()


def test_a_request_for_more_recovery_time_is_sent_to_the_assigned_caseworker(
    demo, provider
) -> None:
    case = _assigned(demo, states.case_in_recovery(demo))
    support.support_allocate(user=demo["caseworker"], case=case, provider_id=provider.pk)
    case.refresh_from_db()
    support.extension_request(user=demo["support"], case=case, days=30, reason="Counselling.")
    (email,) = OutboundEmail.objects.filter(category="case.extension_requested")
    assert email.recipients == [demo["caseworker"].email]
    assert f"{provider.name} has asked for the recovery period on {case.reference}" in email.body
    assert "30 days" in email.body and "Counselling" not in email.body
