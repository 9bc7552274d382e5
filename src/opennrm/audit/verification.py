"""Checking the stored chain against itself and against the checkpoints outside it.

Used by ``verify_audit_chain`` (the whole chain) and ``audit_checkpoint`` (only the events
since the last checkpoint, then a new checkpoint).
"""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from opennrm.audit import checkpoint
from opennrm.audit.chain import VerificationResult, verify
from opennrm.audit.models import AuditEvent
from opennrm.audit.services import audit_key

FIELDS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_name",
    "actor_email",
    "action",
    "object_type",
    "object_id",
    "case_reference",
    "payload",
    "request_id",
    "previous_hash",
    "hash",
    "chain_format",
)


@dataclass(frozen=True)
class Outcome:
    result: VerificationResult
    checkpoints: int
    written: checkpoint.Checkpoint | None = None


def checkpoint_path() -> Path | None:
    """The configured checkpoint file, or None when checkpoints are switched off."""
    configured = str(settings.OPENNRM_AUDIT_CHECKPOINT_PATH or "")
    return Path(configured) if configured else None


def _events_after(event_id: int):  # type: ignore[no-untyped-def]
    # Streamed in id order: memory stays flat however long the chain is.
    return (
        AuditEvent.objects.filter(id__gt=event_id)
        .order_by("id")
        .values(*FIELDS)
        .iterator(chunk_size=2000)
    )


def _write(
    path: Path | None, result: VerificationResult, events: int
) -> checkpoint.Checkpoint | None:
    if path is None:
        return None
    return checkpoint.append(
        path,
        key=audit_key(),
        event_id=result.last_id,
        hash=result.last_hash,
        chain_format=result.last_format,
        events=events,
    )


def verify_stored_chain(*, write_checkpoint: bool = True) -> Outcome:
    """Verify every event against its hash, its neighbours and every checkpoint; if all is
    well, append a checkpoint of the head. Raises CheckpointTampered for a forged file."""
    path = checkpoint_path()
    anchors = checkpoint.read(path, key=audit_key()) if path else []
    result = verify(_events_after(0), key=audit_key(), anchors=[a.anchor() for a in anchors])
    written = _write(path, result, result.checked) if result.ok and write_checkpoint else None
    return Outcome(result, len(anchors), written)


def checkpoint_head() -> Outcome:
    """Verify the events since the last checkpoint and checkpoint the new head.

    The last checkpoint is trusted as the starting point (it is signed); the event it names
    must still be there, unchanged, so deleting the newest events is caught here too.
    """
    path = checkpoint_path()
    if path is None:
        raise RuntimeError("Set OPENNRM_AUDIT_CHECKPOINT_PATH to write checkpoints.")
    anchors = checkpoint.read(path, key=audit_key())
    if not anchors:
        return verify_stored_chain(write_checkpoint=True)
    last = anchors[-1]
    if last.event_id:
        stored = AuditEvent.objects.filter(id=last.event_id).values_list("hash", flat=True)
        found = stored.first()
        if found != last.hash:
            newest = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
            reason = (
                f"the checkpoint of {last.written_at} names event {last.event_id}, but the "
                f"chain ends at event {newest or 0} (the newest events were removed)"
                if found is None
                else f"its hash differs from the checkpoint of {last.written_at} "
                "(the chain up to here was rewritten)"
            )
            return Outcome(VerificationResult(False, 0, last.event_id, reason), len(anchors))
    result = verify(
        _events_after(last.event_id),
        key=audit_key(),
        start=last.anchor(),
        start_format=last.chain_format,
    )
    written = _write(path, result, last.events + result.checked) if result.ok else None
    return Outcome(result, len(anchors), written)
