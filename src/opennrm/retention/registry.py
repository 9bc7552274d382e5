"""The kinds of record the service keeps, how long, and how each is disposed of.

Each app registers its kinds in its own ``retention.py`` (found by
``RetentionConfig.ready``): ``register(RecordType(...))``. The retention job
(``services.retention_apply``) asks every kind for the records whose time is up and has
each disposed of by the app that owns it, unless a legal hold covers its case.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Expired:
    """A record whose retention period is over."""

    object_id: str
    case_reference: str
    record: Any


@dataclass(frozen=True)
class RecordType:
    """A kind of record, its retention rule and how it is disposed of.

    ``expired(now)`` yields the records whose time is up at ``now``; ``dispose(record)``
    deletes or anonymises one, inside the job's transaction, and says which it did
    ("deleted" or "anonymised"). ``period`` and ``source`` describe the rule for people.
    """

    key: str
    label: str | Promise
    period: Callable[[], str]
    source: str | Promise
    expired: Callable[[datetime], Iterable[Expired]]
    dispose: Callable[[Any], str]
    order: int = 100


_TYPES: dict[str, RecordType] = {}


def register(record_type: RecordType) -> None:
    """Add a kind of record (registering a key again replaces it)."""
    _TYPES[record_type.key] = record_type


def record_types() -> list[RecordType]:
    """Every registered kind, in a stable order."""
    return sorted(_TYPES.values(), key=lambda t: (t.order, t.key))


def record_type(key: str) -> RecordType:
    return _TYPES[key]
