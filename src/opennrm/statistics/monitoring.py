"""Fairness monitoring: positive decision rates and median waiting times by nationality
(UK, EU, other and each of the ten most frequent), gender, age group and decision maker,
each group beside everyone else (``fairness``), for one stage and period."""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from opennrm.statistics import charts, queries
from opennrm.statistics.fairness import (
    RateComparison,
    WaitComparison,
    compare_rates,
    compare_waits,
)
from opennrm.statistics.groups import nationality_group
from opennrm.statistics.labels import (
    AGE_LABELS,
    AGE_ORDER,
    GENDER_LABELS,
    GENDER_ORDER,
    nationality_name,
)
from opennrm.statistics.queries import Scope
from opennrm.statistics.release import decision_maker_names

TOP_NATIONALITIES = 10
FIELDS = ("nationality", "gender", "age", "decision_maker")


@dataclass
class Breakdown:
    key: str
    title: str
    rates: list[RateComparison]
    waits: list[WaitComparison]
    chart: charts.Chart | None = None
    everyone_rate: float | None = None


@dataclass
class FairnessReport:
    stage: str
    decisions: int
    breakdowns: list[Breakdown] = field(default_factory=list)

    @property
    def flagged_rates(self) -> list[tuple[Breakdown, RateComparison]]:
        return [(b, r) for b in self.breakdowns for r in b.rates if r.flagged]

    @property
    def flagged_waits(self) -> list[tuple[Breakdown, WaitComparison]]:
        return [(b, w) for b in self.breakdowns for w in b.waits if w.flagged]


def _nationality(value: str) -> str:
    return nationality_name(value) if value.strip() else "Unknown"


def _group_rows(
    rows: Iterable[dict[str, Any]], key: Callable[[dict[str, Any]], list[str]]
) -> tuple[dict[str, tuple[int, int]], tuple[int, int]]:
    """Per group (a row may count in several), (positive, all); and the whole."""
    positive: Counter[str] = Counter()
    total: Counter[str] = Counter()
    whole = [0, 0]
    for row in rows:
        n = int(row["n"])
        yes = n if row["outcome"] == "positive" else 0
        whole[0] += yes
        whole[1] += n
        for group in key(row):
            positive[group] += yes
            total[group] += n
    return {g: (positive[g], total[g]) for g in total}, (whole[0], whole[1])


def _group_histograms(
    rows: Iterable[dict[str, Any]], key: Callable[[dict[str, Any]], list[str]]
) -> tuple[dict[str, Counter[int]], Counter[int]]:
    groups: dict[str, Counter[int]] = {}
    whole: Counter[int] = Counter()
    for row in rows:
        n, days = int(row["n"]), int(row["days"])
        whole[days] += n
        for group in key(row):
            groups.setdefault(group, Counter())[days] += n
    return groups, whole


def fairness_report(scope: Scope, stage: str) -> FairnessReport:
    """The report for the decisions at ``stage`` made in the scope's period."""
    with queries.snapshot():
        outcome_rows = queries.decision_outcomes(scope, stage, *FIELDS)
        wait_rows = queries.waiting_days(scope, stage, *FIELDS)
    names = decision_maker_names(r["decision_maker"] for r in outcome_rows)
    by_nationality: Counter[str] = Counter()
    for row in outcome_rows:
        by_nationality[_nationality(row["nationality"])] += int(row["n"])
    largest = [n for n, _ in by_nationality.most_common() if n != "Unknown"][:TOP_NATIONALITIES]

    def nationalities(row: dict[str, Any]) -> list[str]:
        name = _nationality(row["nationality"])
        groups = [_group_label(nationality_group(row["nationality"]))]
        if name in largest and name not in groups:
            groups.append(name)
        return groups

    breakdowns: list[tuple[str, str, Callable[[dict[str, Any]], list[str]], list[str]]] = [
        (
            "nationality",
            _("Nationality"),
            nationalities,
            [_("UK"), _("EU"), _("Other nationalities"), _("Unknown"), *largest],
        ),
        (
            "gender",
            _("Gender"),
            lambda r: [GENDER_LABELS.get(r["gender"], GENDER_LABELS["other"])],
            [GENDER_LABELS[g] for g in GENDER_ORDER],
        ),
        (
            "age",
            _("Age at exploitation"),
            lambda r: [AGE_LABELS.get(r["age"] or "unknown", AGE_LABELS["unknown"])],
            [AGE_LABELS[a] for a in AGE_ORDER],
        ),
        (
            "decision_maker",
            _("Decision maker"),
            lambda r: [names.get(r["decision_maker"], "")],
            sorted(names.values()),
        ),
    ]
    report = FairnessReport(stage, sum(int(r["n"]) for r in outcome_rows))
    for key, title, grouping, order in breakdowns:
        groups, whole = _group_rows(outcome_rows, grouping)
        rates = compare_rates({"": whole, **groups})
        histograms, everyone = _group_histograms(wait_rows, grouping)
        waits = compare_waits(histograms, whole=everyone)
        rank = {name: i for i, name in enumerate(order)}
        rates.sort(key=lambda r: (rank.get(r.group, len(rank)), r.group))
        waits.sort(key=lambda w: (rank.get(w.group, len(rank)), w.group))
        everyone_rate = whole[0] / whole[1] if whole[1] else None
        chart = (
            charts.interval_chart(
                _("Positive decision rate by %(breakdown)s") % {"breakdown": title.lower()},
                _(
                    "Each line is a group's 95%% confidence interval and the dot its rate; the "
                    "vertical line is everyone's rate."
                ),
                [(r.group, r.rate, r.low, r.high) for r in rates if r.decisions],
                everyone_rate,
            )
            if rates
            else None
        )
        report.breakdowns.append(Breakdown(key, title, rates, waits, chart, everyone_rate))
    return report


def _group_label(group: str) -> str:
    return {
        "UK": _("UK"),
        "EU": _("EU"),
        "Other": _("Other nationalities"),
        "Unknown": _("Unknown"),
    }[group]
