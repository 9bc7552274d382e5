"""Writing to the audit trail. Services call these inside their own transaction."""

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone

from opennrm.audit.chain import CURRENT_FORMAT, GENESIS_HASH, canonical_timestamp, compute_hash
from opennrm.audit.middleware import current_request_id, current_route
from opennrm.audit.models import AuditEvent
from opennrm.core.bulk import insert_rows, reserve_ids

# Any constant will do: it names the one lock that serialises appends to the chain.
_CHAIN_LOCK_KEY = 7_260_215_001


def audit_key() -> bytes:
    """The key the chain is signed with. It comes from the environment and is never
    stored in the database, so whoever controls the database cannot forge hashes."""
    return str(settings.OPENNRM_AUDIT_KEY).encode("utf-8")


_PLAIN = (str, int, float, bool, type(None))


def _normalised(payload: dict[str, Any] | None) -> dict[str, Any]:
    # Round-trip through JSON so that what is hashed is exactly what the database returns
    # (dates become ISO strings, tuples lists, and so on). Plain values need no trip.
    if not payload:
        return {}
    if all(isinstance(k, str) and isinstance(v, _PLAIN) for k, v in payload.items()):
        return dict(payload)
    result: dict[str, Any] = json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
    return result


def _chain_head() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Held until the surrounding transaction ends, so two appends never read the
            # same head. SQLite needs nothing: its writers are already serialised.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
    last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
    return last or GENESIS_HASH


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    case_reference: str = "",
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append an event to the chain, in the caller's transaction.

    Refuses to run outside a transaction: an event must commit or roll back together with
    the change it records.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record must be called inside transaction.atomic().")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    person = None if actor is None or isinstance(actor, AnonymousUser) else actor
    event = AuditEvent(
        actor=person,
        actor_name=person.get_full_name() if person is not None else "System",
        actor_email=person.email if person is not None else "",
        action=action,
        object_type=object_type,
        object_id=object_id,
        case_reference=case_reference,
        payload=_normalised(payload),
        request_id=current_request_id(),
        chain_format=CURRENT_FORMAT,
    )
    event.previous_hash = _chain_head()
    event.hash = compute_hash(
        event.previous_hash, event.hashed_fields(), key=audit_key(), chain_format=CURRENT_FORMAT
    )
    event.save(force_insert=True)
    return event


def audit_record_access(
    *, actor: Any, obj: models.Model, case_reference: str = "", reason: str = ""
) -> AuditEvent:
    """Record that someone viewed a sensitive record ("who viewed this child's record"),
    with the page or API operation it was seen through (why it was opened)."""
    payload: dict[str, Any] = {"route": current_route() or "outside a request"}
    if reason:
        payload["reason"] = reason
    with transaction.atomic():
        return audit_record(
            actor=actor,
            action=f"{obj._meta.label_lower}.viewed",
            obj=obj,
            case_reference=case_reference,
            payload=payload,
        )


def audit_record_search(*, actor: Any, kind: str, criteria: dict[str, Any]) -> AuditEvent:
    """Record that someone searched or filtered case data (a work queue's filters, a
    reference looked up). ``criteria`` holds codes and references only; free text typed
    into a search is recorded by its length, never its words."""
    with transaction.atomic():
        return audit_record(
            actor=actor,
            action=f"{kind}.searched",
            object_type=kind,
            payload={"route": current_route(), "criteria": criteria},
        )


def audit_record_export(
    *, actor: Any, kind: str, rows: int, criteria: dict[str, Any] | None = None
) -> AuditEvent:
    """Record that someone exported data (a file of ``rows`` rows of ``kind``), with the
    codes that chose what went into it."""
    with transaction.atomic():
        return audit_record(
            actor=actor,
            action=f"{kind}.exported",
            object_type=kind,
            payload={"route": current_route(), "rows": rows, "criteria": criteria or {}},
        )


def audit_record_view(actor: Any, obj: models.Model) -> AuditEvent:
    """Record that someone viewed a record through the access policy (see
    ``opennrm.access.evaluate.get_for``). The case reference is the record's own, or its
    case's."""
    reference = getattr(obj, "reference", "")
    for parent in ("case", "referral"):
        if not reference and getattr(obj, f"{parent}_id", None) is not None:
            reference = getattr(getattr(obj, parent), "reference", "")
    return audit_record_access(actor=actor, obj=obj, case_reference=str(reference or ""))


@dataclass(frozen=True)
class AuditEntry:
    """One event for ``audit_record_bulk``: the same fields ``audit_record`` takes."""

    actor: Any
    action: str
    obj: models.Model | None = None
    object_type: str = ""
    object_id: str = ""
    case_reference: str = ""
    payload: dict[str, Any] = field(default_factory=dict)


def audit_record_bulk(entries: Sequence[AuditEntry]) -> int:
    """Append many events to the chain at once, in the order given, in the caller's
    transaction: the same events ``audit_record`` would write one by one, each linked to
    the one before. Their ids are drawn while the chain lock is held, in the chain's order,
    so the chain reads back in id order however the rows are inserted. Returns how many
    were written."""
    if not connection.in_atomic_block:
        raise RuntimeError("audit_record_bulk must be called inside transaction.atomic().")
    if not entries:
        return 0
    key = audit_key()
    request_id = current_request_id()
    now = timezone.now()
    stamp = canonical_timestamp(now)  # what the hash covers, formatted once for all
    previous = _chain_head()
    ids = reserve_ids(AuditEvent, len(entries))
    rows: list[dict[str, Any]] = []
    people: dict[Any, tuple[Any, str, str]] = {}
    for event_id, entry in zip(ids, entries, strict=True):
        object_type, object_id = entry.object_type, entry.object_id
        if entry.obj is not None:
            object_type = object_type or entry.obj._meta.label_lower
            object_id = object_id or str(entry.obj.pk)
        actor = entry.actor
        if actor is None or isinstance(actor, AnonymousUser):
            actor_id, name, email = None, "System", ""
        else:
            if actor.pk not in people:
                people[actor.pk] = (actor.pk, actor.get_full_name(), actor.email)
            actor_id, name, email = people[actor.pk]
        row: dict[str, Any] = {
            "id": event_id,
            "occurred_at": now,
            "actor_id": actor_id,
            "actor_name": name,
            "actor_email": email,
            "action": entry.action,
            "object_type": object_type,
            "object_id": object_id,
            "case_reference": entry.case_reference,
            "payload": _normalised(entry.payload),
            "request_id": request_id,
            "chain_format": CURRENT_FORMAT,
            "previous_hash": previous,
        }
        row["hash"] = compute_hash(
            previous, {**row, "occurred_at": stamp}, key=key, chain_format=CURRENT_FORMAT
        )
        previous = row["hash"]
        rows.append(row)
    return insert_rows(AuditEvent, rows)
