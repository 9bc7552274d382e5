"""Writes of the statistics: every view, search and export is recorded in the audit trail
(who counted what, over which period and area, and in what form), and releases are
written to files."""

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from opennrm.audit.services import audit_record
from opennrm.statistics import exports
from opennrm.statistics.exports import ExportError, Format, Release
from opennrm.statistics.queries import Scope
from opennrm.statistics.selectors import Publication, published_tables
from opennrm.statistics.tables import PublishedTable

STATISTICS_TYPE = "statistics"


def statistics_access_record(
    *,
    actor: Any,
    action: str,
    subject: str,
    scope: Scope | None = None,
    area_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> None:
    """Record that ``actor`` viewed, searched or exported statistics (``action`` such as
    ``statistics.viewed``); ``subject`` names what (a table, a dashboard). Ids, codes and
    dates only: never free text."""
    payload: dict[str, Any] = dict(details or {})
    if scope is not None:
        payload["period"] = scope.period.code
    if area_id is not None:
        payload["area"] = area_id
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=action,
            object_type=STATISTICS_TYPE,
            object_id=subject[:64],
            payload=payload,
        )


def release_title(scope: Scope, area_name: str = "") -> str:
    where = f" for {area_name}" if area_name else ""
    return f"National Referral Mechanism statistics{where}, {scope.period.title}"


def protection_note(publication: Publication) -> str:
    threshold = publication.protection.threshold
    protected = "every table" if publication.protect_all else "tables below national level"
    text = (
        f"In {protected}, counts from 1 to {threshold - 1} are withheld and shown as [c], "
        "and further counts are withheld where a total would reveal them."
        if threshold and threshold > 1
        else "No counts are withheld."
    )
    if not publication.protect_all and threshold and threshold > 1:
        text += " National tables are published in full, as the Home Office publishes them."
    if publication.protection.rounding > 1:
        text += f" Published counts are rounded to the nearest {publication.protection.rounding}."
    return text


def release_make(
    *,
    scope: Scope,
    slugs: Sequence[str] | None,
    publication: Publication,
    area_name: str = "",
    progress: Callable[[str], None] | None = None,
) -> Release:
    tables: list[PublishedTable] = published_tables(
        scope=scope, slugs=slugs, publication=publication, progress=progress
    )
    return Release(
        title=release_title(scope, area_name),
        period_title=scope.period.title,
        produced_on=timezone.localdate(),
        tables=tables,
        protection_note=protection_note(publication),
        area_note=area_name,
    )


def release_export(
    *,
    actor: Any,
    scope: Scope,
    slugs: Sequence[str] | None,
    publication: Publication,
    file_format: Format,
    destination: Path,
    area_id: int | None = None,
    area_name: str = "",
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Build the release and write it to ``destination`` (atomically), recording the
    export in the audit trail. ``ExportError`` if the file cannot be written."""
    release = release_make(
        scope=scope, slugs=slugs, publication=publication, area_name=area_name, progress=progress
    )
    written = exports.write_file(release, file_format, destination)
    statistics_access_record(
        actor=actor,
        action="statistics.exported",
        subject=",".join(slugs) if slugs else "all",
        scope=scope,
        area_id=area_id,
        details={
            "format": file_format.value,
            "threshold": publication.protection.threshold,
            "protect_all": publication.protect_all,
            "rounding": publication.protection.rounding,
        },
    )
    return written


__all__ = ["ExportError", "release_export", "release_make", "statistics_access_record"]
