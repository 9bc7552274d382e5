"""`manage.py audit_checkpoint`: verify the events since the last checkpoint and append a
signed checkpoint of the chain's head to the checkpoint file. Run it from a scheduler
(hourly, say): the newest events can be deleted unnoticed only since the last run."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from opennrm.audit.checkpoint import CheckpointTampered
from opennrm.audit.management.commands.verify_audit_chain import report
from opennrm.audit.verification import checkpoint_head, checkpoint_path


class Command(BaseCommand):
    help = "Checkpoint the audit chain's head outside the database (after verifying it)."

    def handle(self, *args: Any, **options: Any) -> None:
        if checkpoint_path() is None:
            raise CommandError("Set OPENNRM_AUDIT_CHECKPOINT_PATH to write checkpoints.")
        try:
            outcome = checkpoint_head()
        except CheckpointTampered as problem:
            self.stderr.write(f"Audit checkpoints cannot be trusted: {problem}.")
            raise SystemExit(1) from None
        report(self, outcome)
