"""The hash chain, as pure functions: how an event is hashed and how a chain is checked.

Each event's hash covers its own content and the previous event's hash, so changing,
removing or inserting any event breaks every hash after it.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64

# The fields an event's hash covers. Changing this list changes every hash: it is part of
# the audit trail's format. The row id is not among them (it is only known after the
# insert, and the row cannot be updated); order is protected by the links instead.
HASHED_FIELDS = (
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
)


def canonical_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds, the same whichever database stored it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(fields: Mapping[str, Any]) -> str:
    """One spelling for one content: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_hash(previous_hash: str, fields: Mapping[str, Any]) -> str:
    """SHA-256 of the previous hash and the event's canonical content."""
    content = {name: fields[name] for name in HASHED_FIELDS}
    if isinstance(content["occurred_at"], datetime):
        content["occurred_at"] = canonical_timestamp(content["occurred_at"])
    digest = hashlib.sha256()
    digest.update(previous_hash.encode("ascii"))
    digest.update(canonical_json(content).encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""


def verify(events: Iterable[Mapping[str, Any]]) -> VerificationResult:
    """Check events in id order: each hash recomputes and links to the one before."""
    previous = GENESIS_HASH
    checked = 0
    for event in events:
        if event["previous_hash"] != previous:
            return VerificationResult(
                False,
                checked,
                int(event["id"]),
                "its previous hash does not match the event before it "
                "(an event was removed, inserted or changed)",
            )
        if compute_hash(previous, event) != event["hash"]:
            return VerificationResult(
                False, checked, int(event["id"]), "its content does not match its hash"
            )
        previous = str(event["hash"])
        checked += 1
    return VerificationResult(True, checked)
