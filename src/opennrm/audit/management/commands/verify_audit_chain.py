"""`manage.py verify_audit_chain`: check that no audit event was changed, removed or added,
and that the chain still holds every checkpointed head."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from opennrm.audit.checkpoint import CheckpointTampered
from opennrm.audit.verification import Outcome, verify_stored_chain


def report(command: BaseCommand, outcome: Outcome) -> None:
    """Print the outcome; exit 1 naming the first broken event if the chain is broken."""
    result = outcome.result
    if not result.ok:
        command.stderr.write(
            f"Audit chain broken at event {result.first_broken_id}: {result.reason}. "
            f"{result.checked} events before it verified."
        )
        raise SystemExit(1)
    command.stdout.write(
        f"Audit chain intact: {result.checked} events verified "
        f"against {outcome.checkpoints} checkpoints."
    )
    if outcome.written is not None:
        command.stdout.write(
            f"Checkpoint written: event {outcome.written.event_id} at {outcome.written.written_at}."
        )


class Command(BaseCommand):
    help = (
        "Verify the hash-chained audit trail against its keyed hashes and the checkpoint "
        "file, then checkpoint its head. Exits 1 and names the first broken event."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-checkpoint", action="store_true", help="Verify only; write no checkpoint."
        )

    def handle(self, *args: Any, no_checkpoint: bool = False, **options: Any) -> None:
        try:
            outcome = verify_stored_chain(write_checkpoint=not no_checkpoint)
        except CheckpointTampered as problem:
            self.stderr.write(f"Audit checkpoints cannot be trusted: {problem}.")
            raise SystemExit(1) from None
        report(self, outcome)
