"""Deadline reminders: decisions due tomorrow and overdue, each sent once."""

from datetime import date, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import Q

from opennrm.accounts.models import User
from opennrm.cases.models import Case, CaseState, ReminderKind, ReminderSent
from opennrm.cases.tasks import send_reminder

CASEWORKER_ROLES = ("caseworker", "senior_caseworker", "panel_member", "panel_chair")


def _recipients(case: Case) -> list[str]:
    if case.assigned_to is not None and case.assigned_to.is_active:
        return [case.assigned_to.email]
    return sorted(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=case.decision_maker_id,
            memberships__role__in=CASEWORKER_ROLES,
            memberships__is_active=True,
        )
        .values_list("email", flat=True)
        .distinct()
    )


def reminders_send_due(*, today: date) -> int:
    """Queue a reminder for every RG decision due tomorrow or overdue that has not had one
    for that deadline. Safe to run any number of times: returns how many were queued."""
    tomorrow = today + timedelta(days=1)
    cases = (
        Case.objects.filter(state=CaseState.AWAITING_RG)
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
                transaction.on_commit(partial(send_reminder.enqueue, reminder.pk))
        except IntegrityError:
            continue  # already sent for this deadline
        queued += 1
    return queued
