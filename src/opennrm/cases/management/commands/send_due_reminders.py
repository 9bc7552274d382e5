"""`manage.py send_due_reminders`: e-mail caseworkers about RG decisions due tomorrow and
overdue. Safe to run every few minutes: a reminder is never sent twice."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from opennrm.cases.reminders import reminders_send_due


class Command(BaseCommand):
    help = "Queue deadline reminders (run the db_worker to send them)."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = reminders_send_due(today=timezone.localdate())
        self.stdout.write(f"Queued {queued} reminders.")
