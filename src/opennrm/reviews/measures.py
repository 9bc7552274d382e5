"""Measures of the safeguards on decisions, by stage and deciding body: how many decisions
the independent review panel reviewed, how often it agreed, how long reviews took, and how
many quality checks sent a decision back.

The table is built from **measure providers**: each contributes columns, worked out in one
grouped query over all cases (never a query per row). Another app adds its own columns by
registering a provider (``register_measure_provider``) from its ``AppConfig.ready``: for
example reconsideration requests and overturn rates, keyed the same way, by
``(stage, decision maker id)``.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from opennrm.accounts.models import Organisation
from opennrm.cases.models import DecisionStage
from opennrm.reviews.domain import CheckOutcome, ReviewOutcome, Tally, median_days
from opennrm.reviews.models import IndependentReview, QualityCheck


class Kind(StrEnum):
    """How a column's values read: a count, a rate (0 to 1) or a number of days."""

    COUNT = "count"
    RATE = "rate"
    DAYS = "days"


@dataclass(frozen=True)
class Column:
    """One measure: a stable key (the API's field name), its label and kind."""

    key: str
    label: Any
    kind: Kind
    description: Any = ""


# (stage, decision maker's organisation id) -> {column key: value}
Key = tuple[str, int]
Values = dict[Key, dict[str, float | int | None]]


@dataclass(frozen=True)
class MeasureProvider:
    """Columns of the measures table and the function that fills them for every row."""

    name: str
    columns: tuple[Column, ...]
    compute: Callable[[], Values]


def _review_values() -> Values:
    concluded = IndependentReview.objects.filter(concluded_at__isnull=False)
    counts = concluded.values("stage", "case__decision_maker_id").annotate(
        reviewed=Count("id"), agreed=Count("id", filter=Q(outcome=ReviewOutcome.AGREE))
    )
    durations: dict[Key, list[float]] = defaultdict(list)
    for stage, body, opened, ended in concluded.values_list(
        "stage", "case__decision_maker_id", "opened_at", "concluded_at"
    ):
        if ended is not None:
            durations[(stage, body)].append((ended - opened).total_seconds() / 86400)
    values: Values = {}
    for row in counts:
        key = (row["stage"], row["case__decision_maker_id"])
        values[key] = {
            "decisions_reviewed": row["reviewed"],
            "review_agreement_rate": Tally(row["agreed"], row["reviewed"]).rate,
            "median_days_in_review": median_days(durations[key]),
        }
    waiting = (
        IndependentReview.objects.filter(concluded_at__isnull=True)
        .values("stage", "case__decision_maker_id")
        .annotate(n=Count("id"))
    )
    for open_row in waiting:
        key = (open_row["stage"], open_row["case__decision_maker_id"])
        values.setdefault(key, {})["reviews_waiting"] = open_row["n"]
    return values


def _check_values() -> Values:
    rows = (
        QualityCheck.objects.filter(checked_at__isnull=False)
        .values("stage", "case__decision_maker_id")
        .annotate(
            checked=Count("id"), returned=Count("id", filter=Q(outcome=CheckOutcome.RETURNED))
        )
    )
    return {
        (row["stage"], row["case__decision_maker_id"]): {
            "quality_checks": row["checked"],
            "quality_checks_sent_back": row["returned"],
        }
        for row in rows
    }


REVIEW_MEASURES = MeasureProvider(
    "independent_review",
    (
        Column(
            "decisions_reviewed",
            _("Decisions reviewed"),
            Kind.COUNT,
            _("Proposed negative decisions the independent review panel concluded on"),
        ),
        Column(
            "review_agreement_rate",
            _("Review agreement rate"),
            Kind.RATE,
            _("The share of reviewed decisions the panel agreed with"),
        ),
        Column(
            "median_days_in_review",
            _("Median days in review"),
            Kind.DAYS,
            _("From the decision being sent to the panel to its conclusion"),
        ),
        Column("reviews_waiting", _("Reviews waiting"), Kind.COUNT, _("Not yet concluded")),
    ),
    _review_values,
)
CHECK_MEASURES = MeasureProvider(
    "quality_check",
    (
        Column(
            "quality_checks",
            _("Quality checks"),
            Kind.COUNT,
            _("Proposed negative decisions a senior caseworker checked"),
        ),
        Column(
            "quality_checks_sent_back",
            _("Sent back"),
            Kind.COUNT,
            _("Checks that sent the decision back to the decision maker"),
        ),
    ),
    _check_values,
)

# The providers in column order. Add one with ``register_measure_provider``.
MEASURE_PROVIDERS: list[MeasureProvider] = [REVIEW_MEASURES, CHECK_MEASURES]


def register_measure_provider(provider: MeasureProvider) -> None:
    """Add a provider's columns to the measures page and API (registering the same name
    again replaces it)."""
    for index, existing in enumerate(MEASURE_PROVIDERS):
        if existing.name == provider.name:
            MEASURE_PROVIDERS[index] = provider
            return
    MEASURE_PROVIDERS.append(provider)


@dataclass
class Row:
    stage: str
    stage_label: str
    decision_maker: str
    values: dict[str, float | int | None] = field(default_factory=dict)


@dataclass(frozen=True)
class MeasuresTable:
    columns: list[Column]
    rows: list[Row]


def measures_table(providers: Iterable[MeasureProvider] | None = None) -> MeasuresTable:
    """Every provider's measures, one row per stage and deciding body that has any."""
    chosen = list(MEASURE_PROVIDERS if providers is None else providers)
    merged: Values = defaultdict(dict)
    for provider in chosen:
        for key, values in provider.compute().items():
            merged[key].update(values)
    names = dict(
        Organisation.objects.filter(pk__in={body for _stage, body in merged}).values_list(
            "pk", "name"
        )
    )
    columns = [column for provider in chosen for column in provider.columns]
    stage_labels = dict(DecisionStage.choices)
    order = {value: index for index, value in enumerate(DecisionStage.values)}
    rows = [
        Row(
            stage=stage,
            stage_label=str(stage_labels.get(stage, stage)),
            decision_maker=names.get(body, ""),
            values={column.key: values.get(column.key) for column in columns},
        )
        for (stage, body), values in merged.items()
    ]
    rows.sort(key=lambda row: (order.get(row.stage, 99), row.decision_maker))
    return MeasuresTable(columns=columns, rows=rows)
