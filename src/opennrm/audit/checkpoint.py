"""Checkpoints of the audit chain's head, kept outside the database.

The chain alone cannot show that its newest events were deleted: what is left still links
up. So a scheduled command (``manage.py audit_checkpoint``) appends the current head (the
newest event's id and hash) to a file, one signed JSON line per run. Verification then
demands that every checkpointed event is still there with the same hash.

Each line is signed with an HMAC under the audit key, so a line cannot be forged or
changed without the key. The file should live on storage the database's administrators
cannot rewrite (another host, an append-only or retention-locked bucket): whoever can
both delete rows and shorten this file can hide a truncation.
"""

import hashlib
import hmac
import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from opennrm.audit.chain import Anchor, canonical_json

FILE_FORMAT = 1
_CHECKPOINT_CONTEXT = b"opennrm-audit-checkpoint-v1\x00"


class CheckpointTampered(Exception):
    """A checkpoint line is malformed or its signature does not match."""


@dataclass(frozen=True)
class Checkpoint:
    """The head of the chain at one moment: the newest event and how many there were."""

    event_id: int
    hash: str
    chain_format: int
    events: int
    written_at: str
    v: int = FILE_FORMAT

    def anchor(self) -> Anchor:
        return Anchor(self.event_id, self.hash, self.written_at)


def _signature(key: bytes, body: dict[str, object]) -> str:
    mac = hmac.new(key, digestmod=hashlib.sha256)
    mac.update(_CHECKPOINT_CONTEXT)
    mac.update(canonical_json(body).encode("utf-8"))
    return mac.hexdigest()


def encode(checkpoint: Checkpoint, *, key: bytes) -> str:
    """One signed JSON line (without the newline)."""
    body: dict[str, object] = asdict(checkpoint)
    return canonical_json({**body, "sig": _signature(key, body)})


def decode(line: str, *, key: bytes, line_number: int = 0) -> Checkpoint:
    """Parse and check one line; raise CheckpointTampered if it is not genuine."""
    where = f"line {line_number} of the checkpoint file" if line_number else "a checkpoint"
    try:
        data = json.loads(line)
        signature = data.pop("sig")
        checkpoint = Checkpoint(
            event_id=int(data["event_id"]),
            hash=str(data["hash"]),
            chain_format=int(data["chain_format"]),
            events=int(data["events"]),
            written_at=str(data["written_at"]),
            v=int(data["v"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        raise CheckpointTampered(f"{where} is not a checkpoint") from None
    if asdict(checkpoint) != data or not hmac.compare_digest(str(signature), _signature(key, data)):
        raise CheckpointTampered(f"{where} was changed: its signature does not match")
    return checkpoint


def read(path: Path, *, key: bytes) -> list[Checkpoint]:
    """Every checkpoint in the file, oldest first; none if the file does not exist yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [
        decode(line, key=key, line_number=number)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def append(
    path: Path,
    *,
    key: bytes,
    event_id: int,
    hash: str,
    chain_format: int,
    events: int,
    now: datetime | None = None,
) -> Checkpoint:
    """Add a checkpoint to the end of the file (created 0600 in a 0700 folder), durably."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    checkpoint = Checkpoint(
        event_id=event_id,
        hash=hash,
        chain_format=chain_format,
        events=events,
        written_at=moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, (encode(checkpoint, key=key) + "\n").encode("utf-8"))
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return checkpoint
