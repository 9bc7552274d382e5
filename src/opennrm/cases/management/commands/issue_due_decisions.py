"""`manage.py issue_due_decisions`: bring into effect the decisions recorded to take effect
later (a child panel's conclusive-grounds decision made at its reasonable-grounds meeting),
move their cases on and issue their letters. Safe to run every few minutes, or daily: a
decision takes effect once."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from opennrm.cases.services import decisions_take_effect


class Command(BaseCommand):
    help = "Bring decisions due today into effect and issue their letters (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        issued = decisions_take_effect(today=timezone.localdate())
        self.stdout.write(f"{issued} decisions took effect.")
