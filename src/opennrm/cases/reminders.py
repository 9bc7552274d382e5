"""Deadline reminders: decisions due tomorrow and overdue, each sent once."""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q

from opennrm.cases.domain import State
from opennrm.cases.models import Case, ReminderKind, ReminderSent
from opennrm.cases.selectors import decision_makers_of
from opennrm.notifications.services import email_queue


def _recipients(case: Case) -> list[str]:
    if case.assigned_to is not None and case.assigned_to.is_active:
        return [case.assigned_to.email]
    return list(decision_makers_of(case.decision_maker_id).values_list("email", flat=True))


def reminders_send_due(*, today: date) -> int:
    """Queue a reminder for every RG decision due tomorrow or overdue that has not had one
    for that deadline. Safe to run any number of times: returns how many were queued."""
    tomorrow = today + timedelta(days=1)
    cases = (
        Case.objects.filter(state=State.AWAITING_RG)
        .filter(Q(rg_due=tomorrow) | Q(rg_due__lt=today))
        .select_related("assigned_to")
        .order_by("rg_due", "id")
    )
    queued = 0
    for case in cases.iterator(chunk_size=500):
        kind = ReminderKind.DUE_TOMORROW if case.rg_due == tomorrow else ReminderKind.OVERDUE
        recipients = _recipients(case)
        if not recipients:
            continue
        try:
            with transaction.atomic():
                reminder = ReminderSent.objects.create(
                    case=case, kind=kind, due_date=case.rg_due, recipients=recipients
                )
                email_queue(
                    actor=None,
                    category=f"case.reminder_{kind}",
                    recipients=recipients,
                    template="cases/email/reminder",
                    context={"reminder": reminder, "case": case},
                    case_reference=case.reference,
                )
        except IntegrityError:
            continue  # already sent for this deadline
        queued += 1
    return queued
