"""The hash chain, as pure functions: how an event is hashed and how a chain is checked.

Each event's hash covers its own content and the previous event's hash, so changing,
removing or inserting any event breaks every hash after it.

Two formats exist, and each event records which one hashed it:

- **Format 1** (the first releases): plain SHA-256. Anyone who can write to the table can
  recompute every later hash after a change, so it is accepted only as the old beginning
  of a chain.
- **Format 2**: HMAC-SHA256 under a key the database never holds (``OPENNRM_AUDIT_KEY``).
  Without the key a changed event cannot be given a valid hash. Once a chain has one
  format 2 event, a format 1 event after it is a forgery (a "downgrade") and is reported.

A chain can still be cut short at its newest end without breaking any link; checkpoints
(``audit/checkpoint.py``) kept outside the database catch that.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS_HASH = "0" * 64

FORMAT_SHA256 = 1
FORMAT_HMAC = 2
CURRENT_FORMAT = FORMAT_HMAC

# Domain separation: an event hash can never be replayed as a checkpoint signature.
_EVENT_CONTEXT = b"opennrm-audit-event-v2\x00"

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


class MissingKey(ValueError):
    """A format 2 hash was asked for without the audit key."""


def canonical_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds, the same whichever database stored it."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_json(fields: Mapping[str, Any]) -> str:
    """One spelling for one content: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _content(fields: Mapping[str, Any]) -> bytes:
    content = {name: fields[name] for name in HASHED_FIELDS}
    if isinstance(content["occurred_at"], datetime):
        content["occurred_at"] = canonical_timestamp(content["occurred_at"])
    return canonical_json(content).encode("utf-8")


def compute_hash(
    previous_hash: str,
    fields: Mapping[str, Any],
    *,
    key: bytes | None = None,
    chain_format: int = CURRENT_FORMAT,
) -> str:
    """The hash of one event in the given format, linked to ``previous_hash``."""
    if chain_format == FORMAT_SHA256:
        digest = hashlib.sha256()
        digest.update(previous_hash.encode("ascii"))
        digest.update(_content(fields))
        return digest.hexdigest()
    if chain_format == FORMAT_HMAC:
        if not key:
            raise MissingKey("The audit key is needed to hash format 2 events.")
        mac = hmac.new(key, digestmod=hashlib.sha256)
        mac.update(_EVENT_CONTEXT)
        mac.update(previous_hash.encode("ascii"))
        mac.update(_content(fields))
        return mac.hexdigest()
    raise ValueError(f"Unknown audit chain format {chain_format!r}.")


@dataclass(frozen=True)
class Anchor:
    """A point of the chain known from outside the database: event ``event_id`` had
    ``hash``. A checkpoint; event id 0 stands for the empty chain."""

    event_id: int
    hash: str
    written_at: str = ""


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""
    last_id: int = 0
    last_hash: str = GENESIS_HASH
    last_format: int = 0


def verify(
    events: Iterable[Mapping[str, Any]],
    *,
    key: bytes | None = None,
    anchors: Sequence[Anchor] = (),
    start: Anchor | None = None,
    start_format: int = 0,
) -> VerificationResult:
    """Check events in id order: each hash recomputes and links to the one before, no
    format 1 event follows a format 2 one, and every anchor is still there unchanged.

    ``start`` continues from a trusted point (a checkpoint) instead of the beginning; the
    events given must then be those after it.
    """
    previous = start.hash if start else GENESIS_HASH
    last_id = start.event_id if start else 0
    keyed = start_format == FORMAT_HMAC
    last_format = start_format
    pending = sorted((a for a in anchors if a.event_id > last_id), key=lambda a: a.event_id)
    checked = 0

    def broken(event_id: int, reason: str) -> VerificationResult:
        return VerificationResult(False, checked, event_id, reason, last_id, previous, last_format)

    for event in events:
        event_id = int(event["id"])
        chain_format = int(event.get("chain_format", FORMAT_SHA256))
        if event["previous_hash"] != previous:
            return broken(
                event_id,
                "its previous hash does not match the event before it "
                "(an event was removed, inserted or changed)",
            )
        if chain_format == FORMAT_SHA256 and keyed:
            return broken(
                event_id,
                "it uses the unkeyed format after keyed events "
                "(events were rewritten without the audit key)",
            )
        try:
            expected = compute_hash(previous, event, key=key, chain_format=chain_format)
        except MissingKey:
            return broken(event_id, "the audit key is needed to check it (set OPENNRM_AUDIT_KEY)")
        except ValueError:
            return broken(event_id, f"it names an unknown format ({chain_format})")
        if not hmac.compare_digest(expected, str(event["hash"])):
            return broken(event_id, "its content does not match its hash")
        if pending and pending[0].event_id < event_id:
            missing = pending[0]
            return broken(
                missing.event_id,
                f"the checkpoint of {missing.written_at or 'an earlier run'} names this "
                "event, and it is no longer in the chain",
            )
        if pending and pending[0].event_id == event_id:
            anchor = pending.pop(0)
            if not hmac.compare_digest(anchor.hash, str(event["hash"])):
                when = anchor.written_at or "an earlier run"
                return broken(
                    event_id,
                    f"its hash differs from the checkpoint of {when} "
                    "(the chain up to here was rewritten)",
                )
        keyed = keyed or chain_format == FORMAT_HMAC
        previous = str(event["hash"])
        last_id = event_id
        last_format = chain_format
        checked += 1
    if pending:
        anchor = pending[-1]
        return broken(
            anchor.event_id,
            f"the checkpoint of {anchor.written_at or 'an earlier run'} names event "
            f"{anchor.event_id}, but the chain ends at event {last_id} "
            "(the newest events were removed)",
        )
    return VerificationResult(True, checked, None, "", last_id, previous, last_format)
