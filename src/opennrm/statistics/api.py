"""`/api/v1/statistics/...`: the official tables, fairness monitoring and each area's
local picture as JSON.

Thin: selectors say what the caller may count (an area they may not see answers 404), the
same disclosure control as the pages and files protects the counts, and every call is
recorded in the audit trail.
"""

from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from opennrm.access import evaluate
from opennrm.access.policy import Permission
from opennrm.core.api_schemas import Message, ValidationErrorResponse
from opennrm.core.exceptions import Forbidden, NotFound
from opennrm.statistics import dashboards, selectors, services
from opennrm.statistics.disclosure import Protection
from opennrm.statistics.headlines import latest_complete_quarter
from opennrm.statistics.monitoring import fairness_report
from opennrm.statistics.periods import Period
from opennrm.statistics.queries import Scope
from opennrm.statistics.release import TABLES
from opennrm.statistics.selectors import Publication

router = Router(tags=["statistics"])

PERIOD_DESCRIPTION = (
    "A year (`2023`) or a quarter (`2023-Q4`); the latest complete quarter if left out."
)


def _period(text: str) -> Period:
    return selectors.period_from(text, default=latest_complete_quarter(timezone.localdate()))


def _require(request: HttpRequest, permission: Permission) -> None:
    if not evaluate.holds_somewhere(request.user, permission):
        raise Forbidden("Your role does not allow statistics")


class TableSummaryOut(Schema):
    slug: str
    title: str
    description: str
    protected_by_default: bool = Field(description="Below national level: counts are protected.")


class TableQuery(Schema):
    period: str = Field("", description=PERIOD_DESCRIPTION)
    area: int | None = Field(None, description="An area's `id` from `/statistics/areas`.")
    threshold: int | None = Field(
        None, description="Withhold counts below this (1 or more; the configured one if left out)."
    )
    protect_all: bool = Field(False, description="Protect national tables too.")
    rounding: int = Field(0, ge=0, le=1000, description="Round published counts to this base.")


class TableOut(Schema):
    slug: str
    title: str
    period: str
    columns: list[str]
    rows: list[list[str | int | float]] = Field(
        description="Counts are numbers; a withheld count is the string `[c]`."
    )
    notes: list[str]
    threshold: int | None = Field(description="Counts below this are withheld (none if null).")
    withheld: int


@router.get("/statistics/tables", response={200: list[TableSummaryOut], 401: Message, 403: Message})
def list_tables(request: HttpRequest) -> Status[Any]:
    """The official tables of a release."""
    _require(request, Permission.STATISTICS_VIEW)
    return Status(
        200,
        [
            TableSummaryOut(
                slug=spec.slug,
                title=spec.title,
                description=spec.description,
                protected_by_default=spec.local,
            )
            for spec in TABLES.values()
        ],
    )


@router.get(
    "/statistics/tables/{table}",
    response={
        200: TableOut,
        401: Message,
        403: Message,
        404: Message,
        422: ValidationErrorResponse,
    },
)
def get_table(request: HttpRequest, table: str, query: Query[TableQuery]) -> Status[Any]:
    """One official table for a period, for the whole UK or one area (protected).

    422 with the field for an unknown period or a threshold below 1; 404 for an unknown
    table or an area you may not see.
    """
    _require(request, Permission.STATISTICS_VIEW)
    if table not in TABLES:
        raise NotFound(f"There is no table called {table[:50]!r}", field="table")
    period = _period(query.period)
    publication = Publication(
        selectors.protection(threshold=query.threshold, rounding=query.rounding),
        query.protect_all,
    )
    scope = selectors.scope_for(user=request.user, period=period, area_id=query.area)  # type: ignore[arg-type]
    published = selectors.published_tables(scope=scope, slugs=[table], publication=publication)[0]
    services.statistics_access_record(
        actor=request.user,
        action="statistics.viewed",
        subject=table,
        scope=scope,
        area_id=query.area,
    )
    return Status(
        200,
        TableOut(
            slug=published.slug,
            title=published.title,
            period=period.code,
            columns=published.columns,
            rows=published.plain_rows(),
            notes=published.notes,
            threshold=published.protection.threshold,
            withheld=published.withheld,
        ),
    )


class RateOut(Schema):
    group: str
    decisions: int
    positive: int
    rate: float
    low: float
    high: float
    rest_rate: float
    p_value: float
    flagged: bool
    direction: str


class WaitOut(Schema):
    group: str
    decisions: int
    median_days: float | None
    low: float | None
    high: float | None
    rest_median_days: float | None
    flagged: bool
    direction: str


class BreakdownOut(Schema):
    key: str
    title: str
    rates: list[RateOut]
    waits: list[WaitOut]


class FairnessOut(Schema):
    period: str
    stage: str
    decisions: int
    breakdowns: list[BreakdownOut]


class FairnessQuery(Schema):
    period: str = Field("", description=PERIOD_DESCRIPTION)
    stage: Literal["reasonable_grounds", "conclusive_grounds"] = "reasonable_grounds"


@router.get(
    "/statistics/fairness",
    response={200: FairnessOut, 401: Message, 403: Message, 422: ValidationErrorResponse},
)
def get_fairness(request: HttpRequest, query: Query[FairnessQuery]) -> Status[Any]:
    """Positive decision rates (with Wilson 95 % intervals) and median waiting times by
    nationality, gender, age group and decision maker, each group against everyone else."""
    _require(request, Permission.STATISTICS_VIEW)
    scope = Scope(_period(query.period))
    report = fairness_report(scope, query.stage)
    services.statistics_access_record(
        actor=request.user,
        action="statistics.viewed",
        subject="fairness",
        scope=scope,
        details={"stage": query.stage},
    )
    return Status(
        200,
        FairnessOut(
            period=scope.period.code,
            stage=query.stage,
            decisions=report.decisions,
            breakdowns=[
                BreakdownOut(
                    key=b.key,
                    title=b.title,
                    rates=[
                        RateOut(
                            group=r.group,
                            decisions=r.decisions,
                            positive=r.positive,
                            rate=r.rate,
                            low=r.low,
                            high=r.high,
                            rest_rate=r.rest_rate,
                            p_value=r.p_value,
                            flagged=r.flagged,
                            direction=r.direction,
                        )
                        for r in b.rates
                    ],
                    waits=[
                        WaitOut(
                            group=w.group,
                            decisions=w.decisions,
                            median_days=w.median,
                            low=w.low,
                            high=w.high,
                            rest_median_days=w.rest_median,
                            flagged=w.flagged,
                            direction=w.direction,
                        )
                        for w in b.waits
                    ],
                )
                for b in report.breakdowns
            ],
        ),
    )


class AreaOut(Schema):
    id: int
    name: str


@router.get("/statistics/areas", response={200: list[AreaOut], 401: Message, 403: Message})
def list_areas(request: HttpRequest) -> Status[Any]:
    """The areas whose local picture you may see."""
    _require(request, Permission.AREA_VIEW_STATISTICS)
    areas = selectors.areas_for_user(user=request.user)  # type: ignore[arg-type]
    return Status(200, [AreaOut(id=a.pk, name=a.name) for a in areas])


class RowOut(Schema):
    label: str
    values: list[str] = Field(
        description="Each figure as shown: a number, `fewer than N` for a small count, or `[c]`."
    )


class SectionOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[RowOut]


class LocalPictureOut(Schema):
    area: AreaOut
    authorities: list[str]
    period: str
    threshold: int
    sections: list[SectionOut]


class LocalPictureQuery(Schema):
    period: str = Field("", description=PERIOD_DESCRIPTION)
    threshold: int | None = Field(None, description="Counts below this read `fewer than N`.")


@router.get(
    "/statistics/areas/{area_id}/local-picture",
    response={200: LocalPictureOut, 401: Message, 404: Message, 422: ValidationErrorResponse},
)
def get_local_picture(
    request: HttpRequest, area_id: int, query: Query[LocalPictureQuery]
) -> Status[Any]:
    """One area's children referred (by exploitation type, age, gender, nationality,
    county lines), the decisions about them and their timeliness beside the competent
    authority's. 404 for an area you may not see."""
    area = selectors.area_get_for(user=request.user, area_id=area_id)  # type: ignore[arg-type]
    protection: Protection = selectors.protection(threshold=query.threshold)
    assert protection.threshold is not None
    scope = Scope(_period(query.period), authorities=area.authorities, children_only=True)
    sections = dashboards.build(dashboards.LOCAL_PICTURE_SECTIONS, scope, protection)
    services.statistics_access_record(
        actor=request.user,
        action="statistics.viewed",
        subject="local-picture",
        scope=scope,
        area_id=area.organisation_id,
        details={"threshold": protection.threshold},
    )
    return Status(
        200,
        LocalPictureOut(
            area=AreaOut(id=area.organisation_id, name=area.name),
            authorities=sorted(area.authorities),
            period=scope.period.code,
            threshold=protection.threshold,
            sections=[
                SectionOut(
                    key=s.key,
                    title=s.title,
                    columns=s.table.columns,
                    rows=[
                        RowOut(label=label, values=[f.text for f in figures])
                        for label, figures in s.table.rows
                    ],
                )
                for s in sections
            ],
        ),
    )
