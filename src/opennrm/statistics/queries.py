"""The counts behind the official tables, aggregated in the database.

Each function is one ``GROUP BY`` over the indexed fact columns of referrals, cases and
decisions (never a walk through rows in Python), written with the ORM so that PostgreSQL
and SQLite give the same answer. Dates are counted in UK time: a referral received at
00:30 on 1 April (BST) falls in the second quarter.
"""

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import (
    Coalesce,
    ExtractDay,
    ExtractMonth,
    ExtractQuarter,
    ExtractYear,
    TruncDate,
)

from opennrm.cases.models import Case as CaseModel
from opennrm.cases.models import CaseActionRecord, Decision
from opennrm.people.models import MissingEpisode
from opennrm.referrals.models import Referral
from opennrm.reviews.models import CheckOutcome, IndependentReview, QualityCheck, ReviewOutcome
from opennrm.statistics.periods import Period

NRM = "nrm"
DTN = "dtn"
RG = "reasonable_grounds"
CG = "conclusive_grounds"
POSITIVE = "positive"
EXPLOITATION_FLAGS = (
    "exploitation_sexual",
    "exploitation_labour",
    "exploitation_domestic",
    "exploitation_organ_harvesting",
    "exploitation_criminal",
)


def uk_time() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def moment(day: date) -> datetime:
    """The first moment of ``day`` in UK time."""
    return datetime.combine(day, time.min, tzinfo=uk_time())


@dataclass(frozen=True)
class Scope:
    """What a query counts: a period, and optionally one area's local authorities (a
    child's referral names the local authority whose children's services were told)."""

    period: Period
    authorities: frozenset[str] | None = None
    children_only: bool = False

    @property
    def start(self) -> datetime:
        return moment(self.period.start)

    @property
    def end(self) -> datetime:
        return moment(self.period.end)


class DaysBetween(Func):
    """Whole days from one date to a later one (both ``TruncDate`` values)."""

    output_field = IntegerField()
    arg_joiner = " - "
    template = "(%(expressions)s)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(ROUND(julianday(%(expressions)s)) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def _local_date(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=uk_time())


def _quarter_annotations(field: str) -> dict[str, Any]:
    return {
        "year": ExtractYear(field, tzinfo=uk_time()),
        "quarter": ExtractQuarter(field, tzinfo=uk_time()),
    }


def referrals(scope: Scope, kind: str | None = NRM) -> QuerySet[Referral]:
    """The referrals received in the scope's period (NRM referrals unless ``kind`` says
    otherwise; ``None`` for both kinds), in its area. Unordered, ready to group."""
    queryset = Referral.objects.filter(received_at__gte=scope.start, received_at__lt=scope.end)
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    if scope.authorities is not None:
        queryset = queryset.filter(local_authority__in=sorted(scope.authorities))
    if scope.children_only:
        queryset = queryset.filter(is_child=True)
    return queryset.order_by()


def _issued(queryset: QuerySet[Decision]) -> QuerySet[Decision]:
    """``queryset`` without the proposed negative decisions that were not, or not yet,
    issued: sent back at their quality check, disagreed with by the independent review
    panel, or still waiting for either. The decision maker's next decision is the one
    counted."""
    checks = QualityCheck.objects.filter(decision=OuterRef("pk")).exclude(
        outcome=CheckOutcome.PASSED
    )
    reviews = IndependentReview.objects.filter(decision=OuterRef("pk")).exclude(
        outcome=ReviewOutcome.AGREE
    )
    # Two NOT EXISTS, not NOT (EXISTS OR EXISTS): PostgreSQL turns each into an anti-join
    # (and may run the scan in parallel) instead of a subquery per decision.
    return queryset.exclude(Exists(checks)).exclude(Exists(reviews))


def _not_issued_sql(decision: str) -> str:
    """What ``_issued`` leaves out, as conditions for raw SQL on a decision table aliased
    ``decision``."""
    # Table names and outcome values come from the models, not from input.
    checks, reviews = _sql(QualityCheck), _sql(IndependentReview)
    passed, agree = CheckOutcome.PASSED.value, ReviewOutcome.AGREE.value
    sql = f" AND NOT EXISTS (SELECT 1 FROM {checks} q WHERE q.decision_id = {decision}.id"  # noqa: S608
    sql += f" AND q.outcome <> '{passed}')"
    sql += f" AND NOT EXISTS (SELECT 1 FROM {reviews} v WHERE v.decision_id = {decision}.id"  # noqa: S608
    sql += f" AND v.outcome <> '{agree}')"
    return sql


def decisions(scope: Scope, stage: str) -> QuerySet[Decision]:
    """The decisions at ``stage`` made in the scope's period, about cases in its area;
    a proposed negative decision only once it was issued."""
    queryset = _issued(
        Decision.objects.filter(stage=stage, decided_at__gte=scope.start, decided_at__lt=scope.end)
    )
    if scope.authorities is not None:
        queryset = queryset.filter(case__local_authority__in=sorted(scope.authorities))
    if scope.children_only:
        queryset = queryset.filter(case__is_child=True)
    return queryset.order_by()


@contextmanager
def snapshot() -> Iterator[None]:
    """Run a whole set of tables against one view of the records: on PostgreSQL in a
    repeatable-read transaction (every table of a release counts the same records) and
    without JIT compilation, which costs these one-off aggregations more than it saves."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                if outermost:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                cursor.execute("SET LOCAL jit = off")
                # Enough memory to group a year of a national database without spilling.
                cursor.execute("SET LOCAL work_mem = '64MB'")
        yield


def _rows(queryset: QuerySet[Any], *fields: str) -> list[dict[str, Any]]:
    return list(queryset.values(*fields).annotate(n=Count("id")).order_by())


def referrals_by_quarter(
    scope: Scope, *fields: str, kind: str | None = NRM, county_lines_only: bool = False
) -> list[dict[str, Any]]:
    """Referrals grouped by year, quarter and ``fields`` (only those flagged as county
    lines if asked)."""
    queryset = referrals(scope, kind)
    if county_lines_only:
        queryset = queryset.filter(county_lines=True)
    queryset = queryset.annotate(**_quarter_annotations("received_at"))
    return _rows(queryset, "year", "quarter", *fields)


def referrals_by(scope: Scope, *fields: str, kind: str | None = NRM) -> list[dict[str, Any]]:
    return _rows(referrals(scope, kind), *fields)


def referrals_by_first_responder(scope: Scope) -> list[dict[str, Any]]:
    """Referrals by organisation, exploitation flags, age at exploitation, gender and the
    two nationality columns (the published labels are joined on afterwards)."""
    return _rows(
        referrals(scope),
        "organisation_id",
        *EXPLOITATION_FLAGS,
        "age_at_exploitation",
        "gender",
        "nationality_1",
        "nationality_2",
    )


def decisions_by_quarter(scope: Scope, stage: str) -> list[dict[str, Any]]:
    """Decisions by year and quarter of the decision, outcome and age at exploitation."""
    queryset = decisions(scope, stage).annotate(
        **_quarter_annotations("decided_at"), age=F("case__referral__age_at_exploitation")
    )
    return _rows(queryset, "year", "quarter", "outcome", "age")


# How long a case has waited since its positive RG decision, as the backlog table bands it.
WAITING_BANDS: tuple[tuple[int, str], ...] = (
    (182, "Under 6 months"),
    (365, "6 months to 1 year"),
    (730, "1 to 2 years"),
    (1095, "2 to 3 years"),
)
WAITING_LONGEST = "3 years or more"
WAITING_ORDER: tuple[str, ...] = (*(label for _, label in WAITING_BANDS), WAITING_LONGEST)


def _sql(model: type[Any]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _zone() -> str:
    zone = str(settings.TIME_ZONE)
    if not re.fullmatch(r"[A-Za-z_]+(/[A-Za-z_]+)*", zone):
        raise ValueError(f"TIME_ZONE {zone!r} is not a plain zone name")
    return zone


def _local_date_sql(column: str) -> str:
    """A timestamp column's date in UK time, in this database's SQL."""
    if connection.vendor == "postgresql":
        return f"(({column}) AT TIME ZONE '{_zone()}')::date"
    # Django registers this function on every SQLite connection (``TruncDate`` uses it).
    return f"django_datetime_cast_date({column}, '{_zone()}', 'UTC')"


def _days_sql(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"({_local_date_sql(later)} - {_local_date_sql(earlier)})"
    return (
        f"CAST(ROUND(julianday({_local_date_sql(later)}) - "
        f"julianday({_local_date_sql(earlier)})) AS INTEGER)"
    )


def _extract_sql(part: str, column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT({part.upper()} FROM ({column}) AT TIME ZONE '{_zone()}') AS INTEGER)"
    return f"django_datetime_extract('{part}', {column}, '{_zone()}', 'UTC')"


def _moment(value: datetime) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def _scope_sql(scope: Scope, case: str) -> tuple[str, list[Any]]:
    """The scope's area and age conditions on a case table aliased ``case``."""
    conditions: list[str] = []
    params: list[Any] = []
    if scope.authorities is not None:
        names = sorted(scope.authorities)
        conditions.append(f"{case}.local_authority IN ({', '.join(['%s'] * len(names))})")
        params += names
    if scope.children_only:
        conditions.append(f"{case}.is_child = %s")
        params.append(True)
    return "".join(f" AND {c}" for c in conditions), params


def _fetch(sql: str, params: list[Any]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def awaiting_conclusive_grounds(scope: Scope) -> list[dict[str, Any]]:
    """Cases awaiting a CG decision at the end of the period: a positive RG decision by
    then, no CG decision by then, not withdrawn by then. By age at exploitation and how
    long since the first positive RG decision.

    Read from the first positive RG and first CG moments the case service keeps on each
    case (index ``case_awaiting_cg``), not by grouping every decision by case; written in
    SQL both databases read.
    """
    end = scope.end
    bands = " ".join(
        f"WHEN c.first_positive_rg_at > %s THEN '{label}'" for _days, label in WAITING_BANDS
    )
    band_params = [_moment(end - timedelta(days=days)) for days, _label in WAITING_BANDS]
    where, params = _scope_sql(scope, "c")
    sql = f"""
        SELECT r.age_at_exploitation AS age,
               CASE {bands} ELSE '{WAITING_LONGEST}' END AS waited,
               COUNT(*) AS n
        FROM {_sql(CaseModel)} c
        JOIN {_sql(Referral)} r ON r.id = c.referral_id
        WHERE (c.first_cg_at IS NULL OR c.first_cg_at >= %s)
          AND c.first_positive_rg_at < %s{where}
          AND NOT EXISTS (
            SELECT 1 FROM {_sql(CaseActionRecord)} a
            WHERE a.case_id = c.id AND a.action LIKE %s AND a.acted_at < %s
          )
        GROUP BY r.age_at_exploitation, waited
    """  # noqa: S608 (table names from the models; every value is a parameter)
    return _fetch(
        sql,
        [*band_params, _moment(end), _moment(end), *params, "withdraw%", _moment(end)],
    )


def _cg_waiting_days(scope: Scope, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """``waiting_days`` for CG decisions: days from each case's first positive RG decision
    (kept on the case) to the CG decision."""
    columns = {
        "age": "r.age_at_exploitation",
        "gender": "r.gender",
        "nationality": "r.nationality_1",
        "decision_maker": "c.decision_maker_id",
        "decision_maker_type": "c.decision_maker_type",
        "year": _extract_sql("year", "d.decided_at"),
        "quarter": _extract_sql("quarter", "d.decided_at"),
    }
    chosen = [f"{columns[name]} AS {name}" for name in fields]
    days = _days_sql("d.decided_at", "c.first_positive_rg_at")
    group = [columns[name] for name in fields] + [days]
    where, params = _scope_sql(scope, "c")
    sql = f"""
        SELECT {", ".join([*chosen, f"{days} AS days", "COUNT(*) AS n"])}
        FROM {_sql(Decision)} d
        JOIN {_sql(CaseModel)} c ON c.id = d.case_id
        JOIN {_sql(Referral)} r ON r.id = c.referral_id
        WHERE d.stage = %s AND d.decided_at >= %s AND d.decided_at < %s
          AND c.first_positive_rg_at IS NOT NULL{_not_issued_sql("d")}{where}
        GROUP BY {", ".join(group)}
    """  # noqa: S608 (table names from the models; every value is a parameter)
    start, end = _moment(scope.start), _moment(scope.end)
    return _fetch(sql, [CG, start, end, *params])


def waiting_days(
    scope: Scope, stage: str, *fields: str, by_quarter: bool = False
) -> list[dict[str, Any]]:
    """Histograms of days waited for the decisions at ``stage`` made in the period: from
    receipt of the referral to the RG decision, or from the first positive RG decision to
    the CG decision. Grouped by ``fields`` (of the decision) and the number of days."""
    if stage == CG:
        return _cg_waiting_days(scope, (("year", "quarter") if by_quarter else ()) + fields)
    queryset = decisions(scope, stage).annotate(started=_local_date("case__received_at"))
    queryset = queryset.annotate(
        days=DaysBetween(_local_date("decided_at"), F("started")),
        age=F("case__referral__age_at_exploitation"),
        gender=F("case__referral__gender"),
        decision_maker=F("case__decision_maker_id"),
        decision_maker_type=F("case__decision_maker_type"),
        nationality=F("case__referral__nationality_1"),
    )
    if by_quarter:
        queryset = queryset.annotate(**_quarter_annotations("decided_at"))
        fields = ("year", "quarter", *fields)
    return _rows(queryset, *fields, "days")


def decision_outcomes(scope: Scope, stage: str, *fields: str) -> list[dict[str, Any]]:
    """Decisions at ``stage`` in the period by outcome and ``fields`` (``age``, ``gender``,
    ``nationality``, ``decision_maker``)."""
    queryset = decisions(scope, stage).annotate(
        age=F("case__referral__age_at_exploitation"),
        gender=F("case__referral__gender"),
        nationality=F("case__referral__nationality_1"),
        decision_maker=F("case__decision_maker_id"),
        decision_maker_type=F("case__decision_maker_type"),
    )
    return _rows(queryset, "outcome", *fields)


def age_bands_at_referral(
    scope: Scope, *fields: str, kind: str | None = NRM
) -> list[dict[str, Any]]:
    """Referrals by the person's age band on the day of referral (from the date of birth,
    else the estimated age) and ``fields``."""
    tz = uk_time()
    queryset = referrals(scope, kind).annotate(
        referred_year=ExtractYear("received_at", tzinfo=tz),
        referred_month=ExtractMonth("received_at", tzinfo=tz),
        referred_day=ExtractDay("received_at", tzinfo=tz),
        born_year=ExtractYear("person__date_of_birth"),
        born_month=ExtractMonth("person__date_of_birth"),
        born_day=ExtractDay("person__date_of_birth"),
    )
    queryset = queryset.annotate(
        before_birthday=Case(
            When(referred_month__lt=F("born_month"), then=Value(1)),
            When(Q(referred_month=F("born_month")) & Q(referred_day__lt=F("born_day")), then=1),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    queryset = queryset.annotate(
        years=Coalesce(
            F("referred_year") - F("born_year") - F("before_birthday"),
            F("person__estimated_age"),
            output_field=IntegerField(),
        )
    )
    queryset = queryset.annotate(
        band=Case(
            When(years__isnull=True, then=Value("Not known")),
            When(years__lt=12, then=Value("Under 12")),
            When(years__lt=16, then=Value("12 to 15")),
            When(years__lt=18, then=Value("16 to 17")),
            When(years__lt=25, then=Value("18 to 24")),
            When(years__lt=35, then=Value("25 to 34")),
            When(years__lt=45, then=Value("35 to 44")),
            When(years__lt=55, then=Value("45 to 54")),
            default=Value("55 and over"),
        )
    )
    return _rows(queryset, "band", *fields)


def missing_episodes(scope: Scope) -> dict[str, int]:
    """Missing episodes that began in the period, of children with a case in the scope's
    area: how many episodes, how many children, how many reported to the police and how
    many to the local authority."""
    cases = CaseModel.objects.filter(is_child=True)
    if scope.authorities is not None:
        cases = cases.filter(local_authority__in=sorted(scope.authorities))
    episodes = MissingEpisode.objects.filter(
        went_missing_at__gte=scope.start,
        went_missing_at__lt=scope.end,
        person_id__in=cases.values("person_id"),
    ).order_by()
    return episodes.aggregate(
        episodes=Count("id"),
        children=Count("person_id", distinct=True),
        police=Count("id", filter=Q(police_notified_at__isnull=False)),
        local_authority=Count("id", filter=Q(local_authority_notified_at__isnull=False)),
    )


def counted(rows: Iterable[dict[str, Any]]) -> int:
    return sum(int(row["n"]) for row in rows)
