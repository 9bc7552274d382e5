"""Keyset ("cursor") pagination: pages that stay fast however deep, and stable while rows
are added. One helper for the pages and the API."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Model, Q, QuerySet

from opennrm.core.exceptions import ApplicationError


@dataclass(frozen=True)
class KeysetPage[T: Model]:
    """One page of rows and the cursor for the next page (``None`` on the last page)."""

    items: list[T]
    next_cursor: str | None


def cursor_for(row: Any, key: str) -> str:
    """The cursor that continues after ``row``: its ``key`` date and its id."""
    value: date = getattr(row, key)
    return f"{value.isoformat()}_{row.pk}"


def keyset_page[T: Model](
    queryset: QuerySet[T], *, key: str, cursor: str = "", limit: int, descending: bool = False
) -> KeysetPage[T]:
    """Up to ``limit`` rows of ``queryset`` ordered by (``key``, id), after ``cursor``.

    ``key`` names a date column that is never empty. A cursor this helper did not make is
    refused with an ``ApplicationError`` on ``cursor``.
    """
    order = (f"-{key}", "-id") if descending else (key, "id")
    queryset = queryset.order_by(*order)
    if cursor:
        try:
            key_text, id_text = cursor.split("_", 1)
            value, pk = date.fromisoformat(key_text), int(id_text)
        except ValueError:
            raise ApplicationError(
                "The cursor is not one this service gave you", field="cursor"
            ) from None
        if descending:
            queryset = queryset.filter(Q(**{f"{key}__lt": value}) | Q(**{key: value, "id__lt": pk}))
        else:
            queryset = queryset.filter(Q(**{f"{key}__gt": value}) | Q(**{key: value, "id__gt": pk}))
    rows = list(queryset[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return KeysetPage(rows, cursor_for(rows[-1], key) if more and rows else None)
