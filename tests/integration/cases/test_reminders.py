"""`manage.py send_due_reminders`: due tomorrow and overdue, each reminder sent once."""

import io

import pytest
import time_machine
from django.core.management import call_command

from opennrm.cases.models import ReminderSent

pytestmark = pytest.mark.django_db


def run() -> str:
    out = io.StringIO()
    call_command("send_due_reminders", stdout=out)
    return out.getvalue()


def test_reminders_go_once_to_the_right_people(
    demo, make_case, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    with time_machine.travel("2026-11-02 10:00 +00:00", tick=False):
        overdue = make_case()  # RG due 9 November
    with time_machine.travel("2026-11-16 10:00 +00:00", tick=False):
        tomorrow = make_case()  # RG due 23 November
        later = make_case()
        later.rg_due = later.rg_due.replace(day=30)
        later.save(update_fields=["rg_due"])
        overdue.assigned_to = demo["senior.caseworker"]
        overdue.save(update_fields=["assigned_to"])
    mailoutbox.clear()
    with time_machine.travel("2026-11-22 08:00 +00:00", tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert "Queued 2 reminders." in run()
        with django_capture_on_commit_callbacks(execute=True):
            assert "Queued 0 reminders." in run()
    kinds = dict(ReminderSent.objects.values_list("case__reference", "kind"))
    assert kinds == {overdue.reference: "overdue", tomorrow.reference: "due_tomorrow"}
    assert len(mailoutbox) == 2
    to_overdue = next(m for m in mailoutbox if overdue.reference in m.subject)
    assert to_overdue.to == [demo["senior.caseworker"].email]
    to_tomorrow = next(m for m in mailoutbox if tomorrow.reference in m.subject)
    assert set(to_tomorrow.to) == {demo["caseworker"].email, demo["senior.caseworker"].email}
    assert "Ana" not in to_tomorrow.body  # no personal details in e-mail
