"""Inserting many rows quickly, for the bulk services (historic imports and the synthetic
national dataset). Only an app's own services call these, for their own models.

Rows are plain mappings of field name to value, not model instances (building a model
instance costs more than inserting its row). Ids are taken from the table's sequence
first, so the caller knows every row's id before it is written and can refer to it from
other rows and from the audit trail. On PostgreSQL rows go in with ``COPY``; on SQLite
with one prepared ``INSERT`` run for every row.

The SQL is assembled from table and column names taken from the models' metadata (quoted
by the database backend), never from input; every value is a bound parameter.
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models

type Row = Mapping[str, Any]


class JSONText(str):
    """A JSON column's value already written as JSON text (by pydantic, say): inserted as
    it is instead of being serialised again."""


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new ids for ``model``'s table, in ascending order.

    PostgreSQL hands them out from the table's sequence, so concurrent writers never get
    the same ones. SQLite has no sequence to draw from: the next ids after the largest
    are used, and SQLite's single writer makes that safe within a transaction (a clash
    would fail the insert, never overwrite a row).
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return sorted(int(row[0]) for row in cursor.fetchall())
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        start = int(cursor.fetchone()[0]) + 1
        return list(range(start, start + count))


def _concrete(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.Field)]


def _columns(model: type[models.Model], names: Sequence[str]) -> list[models.Field[Any, Any]]:
    by_name = {f.attname: f for f in _concrete(model)} | {f.name: f for f in _concrete(model)}
    return [by_name[name] for name in names]


def insert_rows(model: type[models.Model], rows: Iterable[Row]) -> int:
    """Insert ``rows`` into ``model``'s table; return how many. Each row gives ``id`` and
    any fields by name (a foreign key by its ``*_id`` attribute); fields it leaves out
    take their defaults, as ``Model.objects.create`` would give them."""
    rows = list(rows)
    if not rows:
        return 0
    fields = _concrete(model)
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in rows[0]}
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    names = [f.attname for f in fields]
    json_columns = {i for i, f in enumerate(fields) if isinstance(f, models.JSONField)}

    def values(row: Row) -> list[Any]:
        found = [row[name] if name in row else defaults[name] for name in names]
        for i in json_columns:
            if not isinstance(found[i], JSONText):
                found[i] = json.dumps(found[i], cls=DjangoJSONEncoder)
        return found

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            prepared = []
            for row in rows:
                found = values(row)
                prepared.append(
                    [
                        value if i in json_columns else field.get_db_prep_save(value, connection)
                        for i, (field, value) in enumerate(zip(fields, found, strict=True))
                    ]
                )
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
            cursor.executemany(sql, prepared)
    return len(rows)


# PostgreSQL takes at most 65,535 parameters in one statement.
_MAX_PARAMETERS = 60_000


def update_rows(model: type[models.Model], names: Sequence[str], rows: Iterable[Row]) -> None:
    """Set the fields ``names`` of existing rows (each row gives ``id`` and those fields)."""
    fields = _columns(model, names)
    table = connection.ops.quote_name(model._meta.db_table)
    parameters = [
        [
            field.get_db_prep_save(row[name], connection)
            for field, name in zip(fields, names, strict=True)
        ]
        + [row["id"]]
        for row in rows
    ]
    if not parameters:
        return
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            assignments = ", ".join(
                f"{connection.ops.quote_name(str(f.column))} = %s" for f in fields
            )
            sql = f"UPDATE {table} SET {assignments} WHERE id = %s"  # noqa: S608
            cursor.executemany(sql, parameters)
            return
        # One statement per chunk: the new values joined in from a VALUES list.
        width = len(fields) + 1
        casts = ", ".join(
            f"{connection.ops.quote_name(str(f.column))} = v.c{i}::{f.db_type(connection)}"
            for i, f in enumerate(fields)
        )
        aliases = ", ".join([f"c{i}" for i in range(len(fields))] + ["id"])
        step = max(1, _MAX_PARAMETERS // width)
        for start in range(0, len(parameters), step):
            chunk = parameters[start : start + step]
            row_sql = "(" + ", ".join(["%s"] * width) + ")"
            values = ", ".join([row_sql] * len(chunk))
            sql = f"UPDATE {table} AS t SET {casts} FROM (VALUES {values}) AS v({aliases}) "  # noqa: S608
            cursor.execute(sql + "WHERE t.id = v.id", [value for row in chunk for value in row])
