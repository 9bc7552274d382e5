"""Keyset ("cursor") pagination: pages that stay fast however deep, and stable while rows
are added. One helper for the pages and the API."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, Model, Q, QuerySet

from opennrm.core.exceptions import ApplicationError

# How an empty key is written in a cursor: rows with no date come after every dated row.
NO_DATE = "none"


@dataclass(frozen=True)
class KeysetPage[T: Model]:
    """One page of rows and the cursor for the next page (``None`` on the last page)."""

    items: list[T]
    next_cursor: str | None


def cursor_for(row: Any, key: str) -> str:
    """The cursor that continues after ``row``: its ``key`` date (or none) and its id."""
    value: date | None = getattr(row, key)
    return f"{value.isoformat() if value else NO_DATE}_{row.pk}"


def _parse(cursor: str) -> tuple[date | None, int]:
    try:
        key_text, id_text = cursor.split("_", 1)
        value = None if key_text == NO_DATE else date.fromisoformat(key_text)
        return value, int(id_text)
    except ValueError:
        raise ApplicationError(
            "The cursor is not one this service gave you", field="cursor"
        ) from None


def keyset_page[T: Model](
    queryset: QuerySet[T], *, key: str, cursor: str = "", limit: int, descending: bool = False
) -> KeysetPage[T]:
    """Up to ``limit`` rows of ``queryset`` ordered by (``key``, id), after ``cursor``.

    ``key`` names a date column; rows where it is empty come last in either direction. A
    cursor this helper did not make is refused with an ``ApplicationError`` on ``cursor``.
    """
    if descending:
        queryset = queryset.order_by(F(key).desc(nulls_last=True), "-id")
    else:
        queryset = queryset.order_by(F(key).asc(nulls_last=True), "id")
    if cursor:
        value, pk = _parse(cursor)
        after_id = Q(id__lt=pk) if descending else Q(id__gt=pk)
        if value is None:
            queryset = queryset.filter(Q(**{f"{key}__isnull": True}) & after_id)
        else:
            beyond = Q(**{f"{key}__lt" if descending else f"{key}__gt": value})
            queryset = queryset.filter(
                beyond | (Q(**{key: value}) & after_id) | Q(**{f"{key}__isnull": True})
            )
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return KeysetPage(rows, cursor_for(rows[-1], key) if more and rows else None)
