"""The headline figures of a release: what the statistician's home and the statistics
page lead with."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from opennrm.statistics import fairness, queries
from opennrm.statistics.periods import Period, Quarter, quarter_of
from opennrm.statistics.queries import Scope


def latest_complete_quarter(today: date) -> Period:
    """The last quarter that has ended: the latest that can be released."""
    current = quarter_of(today)
    previous = (
        Quarter(current.year - 1, 4)
        if current.number == 1
        else Quarter(current.year, current.number - 1)
    )
    return Period(previous.code, previous.start, previous.end)


@dataclass(frozen=True)
class Headline:
    referrals: int
    children: int
    duty_to_notify: int
    rg_decisions: int
    rg_positive: int
    cg_decisions: int
    cg_positive: int
    awaiting_cg: int
    rg_median_days: float | None

    @property
    def child_percent(self) -> int:
        return _percent(self.children, self.referrals)

    @property
    def rg_positive_percent(self) -> int:
        return _percent(self.rg_positive, self.rg_decisions)

    @property
    def cg_positive_percent(self) -> int:
        return _percent(self.cg_positive, self.cg_decisions)


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def headline_figures(scope: Scope) -> Headline:
    """Referrals, Duty to Notify reports, decisions and the backlog for the period."""
    with queries.snapshot():
        return _headline(scope)


def _headline(scope: Scope) -> Headline:
    kinds = Counter(
        {
            (r["kind"], r["age_at_exploitation"]): r["n"]
            for r in queries.referrals_by(scope, "kind", "age_at_exploitation", kind=None)
        }
    )
    nrm = sum(n for (kind, _age), n in kinds.items() if kind == queries.NRM)
    children = kinds.get((queries.NRM, "child"), 0)
    outcomes = {
        stage: Counter({r["outcome"]: r["n"] for r in queries.decision_outcomes(scope, stage)})
        for stage in (queries.RG, queries.CG)
    }
    histogram: Counter[int] = Counter()
    for row in queries.waiting_days(scope, queries.RG):
        histogram[int(row["days"])] += row["n"]
    return Headline(
        referrals=nrm,
        children=children,
        duty_to_notify=sum(n for (kind, _age), n in kinds.items() if kind == queries.DTN),
        rg_decisions=sum(outcomes[queries.RG].values()),
        rg_positive=outcomes[queries.RG].get("positive", 0),
        cg_decisions=sum(outcomes[queries.CG].values()),
        cg_positive=outcomes[queries.CG].get("positive", 0),
        awaiting_cg=queries.counted(queries.awaiting_conclusive_grounds(scope)),
        rg_median_days=fairness.median(histogram),
    )
