"""Reads of the statistics, limited by the access policy: what a person may count, over
which area, and the published tables they get."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from opennrm.access import evaluate
from opennrm.access.evaluate import Subject
from opennrm.access.policy import Permission
from opennrm.accounts.models import Organisation
from opennrm.core.exceptions import ApplicationError, Forbidden
from opennrm.statistics.areas import Area, area_of, area_organisations
from opennrm.statistics.disclosure import DisclosureError, Protection
from opennrm.statistics.periods import Period, UnknownPeriod, parse_period
from opennrm.statistics.queries import Scope
from opennrm.statistics.release import UnknownTable, build_tables, table_spec
from opennrm.statistics.tables import PublishedTable, Table, publish


def default_threshold() -> int:
    return int(settings.OPENNRM_STATISTICS_THRESHOLD)


def default_k() -> int:
    return int(settings.OPENNRM_OPEN_DATA_K)


def period_from(text: str | None, *, default: Period) -> Period:
    """The period asked for, or ``default`` when none was; an unknown one is refused."""
    if not text:
        return default
    try:
        return parse_period(text)
    except UnknownPeriod as error:
        raise ApplicationError(str(error), field="period") from error


def areas_for_user(*, user: Subject) -> QuerySet[Organisation]:
    """The areas whose local picture ``user`` may see, by name."""
    return evaluate.restrict(area_organisations(), user, Permission.AREA_VIEW_STATISTICS)


def area_get_for(*, user: Subject, area_id: int | str) -> Area:
    """One area ``user`` may see; ``NotFound`` for any other (as if it did not exist)."""
    organisation = evaluate.get_for(
        area_organisations(),
        user,
        Permission.AREA_VIEW_STATISTICS,
        record_view=False,
        pk=area_id,
    )
    return area_of(organisation)


def scope_for(
    *,
    user: Subject,
    period: Period,
    area_id: int | str | None = None,
    children_only: bool = False,
) -> Scope:
    """What ``user`` may count: the whole country with ``statistics.view``, or an area
    they may see (``NotFound`` for another)."""
    if area_id in (None, ""):
        if not evaluate.holds_somewhere(user, Permission.STATISTICS_VIEW):
            raise Forbidden("Your role does not allow national statistics", field="area")
        return Scope(period, children_only=children_only)
    assert area_id is not None
    area = area_get_for(user=user, area_id=area_id)
    return Scope(period, authorities=area.authorities, children_only=children_only)


def protection(
    *, threshold: int | str | None = None, rounding: int | str | None = None
) -> Protection:
    """The protection asked for (the configured threshold when none is given)."""
    try:
        chosen = default_threshold() if threshold is None or threshold == "" else int(threshold)
        rounded = 0 if rounding is None or rounding == "" else int(rounding)
    except ValueError as error:
        raise ApplicationError("The threshold must be a whole number", field="threshold") from error
    try:
        return Protection(threshold=chosen, rounding=rounded)
    except DisclosureError as error:
        field = "threshold" if "threshold" in str(error) else "rounding"
        raise ApplicationError(str(error), field=field) from error


@dataclass(frozen=True)
class Publication:
    """How tables are protected: local tables (and all tables of an area) always with
    ``protection``; national tables only when ``protect_all``."""

    protection: Protection
    protect_all: bool = False

    def for_table(self, table: Table, scope: Scope) -> Protection:
        if self.protect_all or table.local or scope.authorities is not None:
            return self.protection
        return Protection(threshold=None, rounding=self.protection.rounding)


def published_tables(
    *,
    scope: Scope,
    slugs: Sequence[str] | None,
    publication: Publication,
    progress: Callable[[str], None] | None = None,
) -> list[PublishedTable]:
    """The tables named (or all), counted over ``scope`` and protected for publication."""
    try:
        for slug in slugs or ():
            table_spec(slug)
    except UnknownTable as error:
        raise ApplicationError(str(error), field="table") from error
    return [
        publish(table, publication.for_table(table, scope))
        for table in build_tables(scope, slugs, progress)
    ]
