"""Every e-mail is a row written with the change that causes it, sent after commit, retried
with back-off and, after the last attempt, shown to an administrator."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opennrm.audit.models import AuditEvent
from opennrm.notifications.models import EmailStatus, OutboundEmail
from opennrm.notifications.sending import emails_retry_due, max_attempts
from tests import states

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_referral_queues_its_confirmation_and_sends_it_after_commit(demo) -> None:
    case = states.case_awaiting_rg(demo)
    email = OutboundEmail.objects.get(
        case_reference=case.reference, category="referral.confirmation"
    )
    assert email.status == EmailStatus.SENT
    assert email.recipients == [demo["ngo.fr"].email]
    assert [m.subject for m in mail.outbox] == [email.subject]
    assert AuditEvent.objects.filter(action="notification.sent", object_id=str(email.pk)).exists()


def test_a_failed_send_is_retried_with_back_off_then_marked_failed(demo) -> None:
    with mock.patch(
        "opennrm.notifications.sending.EmailMessage.send", side_effect=OSError("relay down")
    ):
        case = states.case_awaiting_rg(demo)
        email = OutboundEmail.objects.get(case_reference=case.reference)
        assert email.status == EmailStatus.PENDING
        assert email.attempts == 1
        assert email.last_error == "OSError: relay down"
        assert email.next_attempt_at > timezone.now()
        # Nothing is due yet; then each retry, when due, fails again until the last.
        assert emails_retry_due() == 0
        moment = timezone.now()
        for _attempt in range(max_attempts() - 1):
            moment += timedelta(hours=3)
            emails_retry_due(now=moment)
        email.refresh_from_db()
    assert email.status == EmailStatus.FAILED
    assert email.attempts == max_attempts()
    assert mail.outbox == []
    # The referral itself is safe: a failed e-mail never undoes it.
    case.refresh_from_db()
    assert case.state == "awaiting_rg"


def test_an_administrator_sees_failures_and_sends_one_again(demo) -> None:
    with (
        mock.patch(
            "opennrm.notifications.sending.EmailMessage.send", side_effect=OSError("relay down")
        ),
        mock.patch("opennrm.notifications.sending.max_attempts", return_value=1),
    ):
        case = states.case_awaiting_rg(demo)
    email = OutboundEmail.objects.get(case_reference=case.reference)
    assert email.status == EmailStatus.FAILED
    client = Client()
    client.force_login(demo["admin"])
    home = client.get(reverse("home:home")).content.decode()
    assert 'data-count="failed">1<' in home
    page = client.get(reverse("notifications:outbox"), {"status": "failed"}).content.decode()
    assert email.subject in page
    assert "OSError: relay down" in page
    response = client.post(reverse("notifications:retry", args=[email.pk]))
    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert len(mail.outbox) == 1
    client.force_login(demo["caseworker"])
    assert client.get(reverse("notifications:outbox")).status_code == 403
    assert client.post(reverse("notifications:retry", args=[email.pk])).status_code == 404


def test_a_child_referral_tells_childrens_services_at_once(demo) -> None:
    case = states.refer_child(demo)
    notice = OutboundEmail.objects.get(
        case_reference=case.reference, category="referral.childrens_services_notice"
    )
    assert notice.recipients == ["mash@cardiff.example"]
    assert notice.status == EmailStatus.SENT
    assert "Jay" not in notice.body and "Smith" not in notice.body  # no personal details
    client = Client()
    client.force_login(demo["cardiff.fr"])
    page = client.get(reverse("referrals:detail", args=[case.reference])).content.decode()
    assert 'data-notice="sent"' in page


def test_a_child_referral_with_only_a_phone_number_says_to_phone(demo) -> None:
    case = states.refer_child(
        demo,
        child_contact={
            "name": "Duty social worker",
            "phone": "029 2087 2087",
            "childrens_services_informed": False,
            "police_informed": False,
        },
    )
    assert not OutboundEmail.objects.filter(
        case_reference=case.reference, category="referral.childrens_services_notice"
    ).exists()
    client = Client()
    client.force_login(demo["cardiff.fr"])
    page = client.get(reverse("referrals:detail", args=[case.reference])).content.decode()
    assert "Phone them now" in page and "029 2087 2087" in page
    assert "The police have not been told about this child" in page


def test_a_one_time_link_is_kept_until_it_is_sent_and_no_longer(demo) -> None:
    from django.db import transaction

    from opennrm.notifications.services import email_queue

    def invite() -> OutboundEmail:
        with transaction.atomic():
            queued = email_queue(
                actor=demo["admin"],
                category="account_invitation",
                recipients=["new.starter@example.test"],
                template="accounts/email/invitation",
                context={
                    "full_name": "New Starter",
                    "organisation": "X",
                    "url": "https://x/t0k3n/",
                },
                holds_one_time_link=True,
            )
        assert queued is not None
        queued.refresh_from_db()
        return queued

    with mock.patch(
        "opennrm.notifications.sending.EmailMessage.send", side_effect=OSError("relay down")
    ):
        waiting = invite()
    # Not sent yet: the link is still needed for the next attempt.
    assert waiting.status == EmailStatus.PENDING and "t0k3n" in waiting.body
    emails_retry_due(now=timezone.now() + timedelta(hours=1))
    waiting.refresh_from_db()
    assert waiting.status == EmailStatus.SENT and waiting.body == ""
    assert "t0k3n" in mail.outbox[-1].body
    # An e-mail without a one-time link keeps what it said.
    case = states.case_awaiting_rg(demo)
    confirmation = OutboundEmail.objects.get(case_reference=case.reference)
    assert confirmation.status == EmailStatus.SENT and case.reference in confirmation.body
