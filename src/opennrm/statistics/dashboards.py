"""The dashboards: the national picture for statisticians and senior caseworkers (trends by
quarter, the age and exploitation mix, the backlog, timeliness), and each area's local
picture for its panel or local authority (children referred, decisions and their
timeliness beside the competent authority's).

Each section is one function of (scope, protection) returning a ``Section``; a dashboard is
a tuple of them, so a new figure is a new function added to the tuple. Counts for an area
are always protected (``Protection`` with the configured threshold).
"""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from django.utils.translation import gettext as _

from opennrm.statistics import charts, fairness, queries
from opennrm.statistics.disclosure import Protection
from opennrm.statistics.groups import AGE_BAND_ORDER
from opennrm.statistics.labels import (
    AGE_LABELS,
    AGE_ORDER,
    GENDER_LABELS,
    GENDER_ORDER,
    exploitation_label_from_flags,
    exploitation_rank,
    nationality_label,
)
from opennrm.statistics.periods import Period, Quarter, quarter_of, recent_quarters
from opennrm.statistics.presenters import (
    Figure,
    FigureTable,
    Section,
    measure,
    protected_counts,
    protected_grid,
    protected_list,
)
from opennrm.statistics.queries import Scope

type SectionBuilder = Callable[[Scope, Protection], Section]

TREND_QUARTERS = 8


def _trend_scope(scope: Scope) -> tuple[Scope, tuple[Quarter, ...]]:
    """The eight quarters up to the end of the scope's period."""
    last = quarter_of(scope.period.last_day)
    quarters = recent_quarters(last.start, TREND_QUARTERS)
    period = Period(f"{quarters[0].code}..{last.code}", quarters[0].start, last.end)
    return replace(scope, period=period), quarters


def _items(table: FigureTable, column: int = 0) -> list[tuple[str, float | None, str]]:
    """(label, value, text) of one column of a table's rows, for a chart (no total)."""
    found = []
    for label, figures in table.rows[:-1]:
        cell = figures[column]
        found.append((label, None if cell.withheld else cell.value, cell.text))
    return found


def _ages() -> list[str]:
    return [AGE_LABELS[a] for a in AGE_ORDER]


# The national dashboard ---------------------------------------------------------------


def referrals_trend(scope: Scope, protection: Protection) -> Section:
    trend, quarters = _trend_scope(scope)
    rows = queries.referrals_by_quarter(trend, "age_at_exploitation")
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        label = f"{row['year']} Q{row['quarter']}"
        counts[(label, AGE_LABELS.get(row["age_at_exploitation"], AGE_LABELS["unknown"]))] += row[
            "n"
        ]
    labels = [f"{q.year} Q{q.number}" for q in quarters]
    table = protected_grid(_("Quarter"), labels, _ages(), counts, protection)
    chart = charts.column_chart(
        _("NRM referrals by quarter"),
        _("Columns show all NRM referrals in each of the last %(n)s quarters.")
        % {"n": TREND_QUARTERS},
        _items(table, column=len(_ages())),
    )
    return Section(
        "trend",
        _("Referrals by quarter"),
        _("NRM referrals received in each quarter, by age at exploitation."),
        table,
        chart,
    )


def exploitation_mix(scope: Scope, protection: Protection) -> Section:
    rows = queries.referrals_by(scope, *queries.EXPLOITATION_FLAGS, "age_at_exploitation")
    counts: Counter[tuple[str, str]] = Counter()
    totals: Counter[str] = Counter()
    for row in rows:
        category = exploitation_label_from_flags(
            sexual=row["exploitation_sexual"],
            labour=row["exploitation_labour"],
            domestic=row["exploitation_domestic"],
            organ_harvesting=row["exploitation_organ_harvesting"],
            criminal=row["exploitation_criminal"],
        )
        age = AGE_LABELS.get(row["age_at_exploitation"], AGE_LABELS["unknown"])
        counts[(category, age)] += row["n"]
        totals[category] += row["n"]
    categories = sorted(totals, key=lambda c: (-totals[c], exploitation_rank(c)))
    table = protected_grid(_("Exploitation type"), categories, _ages(), counts, protection)
    chart = charts.bar_chart(
        _("NRM referrals by exploitation type"),
        _("Bars show all NRM referrals in the period for each type or combination of types."),
        _items(table, column=len(_ages())),
    )
    return Section(
        "mix",
        _("Age and exploitation type"),
        _(
            "NRM referrals in the period by exploitation type (each combination its own) and age "
            "at exploitation, most frequent first."
        ),
        table,
        chart,
    )


def backlog(scope: Scope, protection: Protection) -> Section:
    rows = queries.awaiting_conclusive_grounds(scope)
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        counts[(row["waited"], AGE_LABELS.get(row["age"], AGE_LABELS["unknown"]))] += row["n"]
    table = protected_grid(
        _("Time since positive reasonable grounds decision"),
        list(queries.WAITING_ORDER),
        _ages(),
        counts,
        protection,
    )
    chart = charts.bar_chart(
        _("Cases awaiting a conclusive grounds decision"),
        _("Bars show how many cases were waiting at the end of the period, by time waited."),
        _items(table, column=len(_ages())),
    )
    return Section(
        "backlog",
        _("Backlog"),
        _(
            "Cases awaiting a conclusive grounds decision on %(day)s, by how long since their "
            "positive reasonable grounds decision."
        )
        % {"day": f"{scope.period.last_day:%-d %B %Y}"},
        table,
        chart,
    )


def timeliness_trend(scope: Scope, protection: Protection) -> Section:
    trend, quarters = _trend_scope(scope)
    stages = {
        queries.RG: _("Referral to reasonable grounds"),
        queries.CG: _("Reasonable grounds to conclusive grounds"),
    }
    table = FigureTable([_("Quarter")])
    histograms: dict[tuple[str, str], Counter[int]] = {}
    for stage in stages:
        table.columns += [
            _("%(stage)s: decisions") % {"stage": stages[stage]},
            _("%(stage)s: median days") % {"stage": stages[stage]},
        ]
        for row in queries.waiting_days(trend, stage, by_quarter=True):
            key = (stage, f"{row['year']} Q{row['quarter']}")
            histograms.setdefault(key, Counter())[int(row["days"])] += row["n"]
    items = []
    for quarter in quarters:
        label = f"{quarter.year} Q{quarter.number}"
        figures = []
        for stage in stages:
            histogram = histograms.get((stage, label), Counter())
            n = fairness.count(histogram)
            figures += [
                measure(float(n), n, protection),
                measure(fairness.median(histogram), n, protection),
            ]
        table.rows.append((label, figures))
        rg_median = figures[1]
        items.append((label, None if rg_median.withheld else rg_median.value, rg_median.text))
    table.rows.append((_("All quarters shown"), _period_medians(trend, stages, protection)))
    chart = charts.column_chart(
        _("Median days from referral to reasonable grounds decision"),
        _(
            "Columns show the median days to a reasonable grounds decision for the decisions "
            "made in each quarter."
        ),
        items,
    )
    return Section(
        "timeliness",
        _("Timeliness"),
        _(
            "How long decisions took, for the decisions made in each quarter: calendar days "
            "from the referral, and from the first positive reasonable grounds decision."
        ),
        table,
        chart,
    )


def _period_medians(scope: Scope, stages: dict[str, str], protection: Protection) -> list[Figure]:
    figures = []
    for stage in stages:
        histogram: Counter[int] = Counter()
        for row in queries.waiting_days(scope, stage):
            histogram[int(row["days"])] += row["n"]
        n = fairness.count(histogram)
        figures += [
            measure(float(n), n, protection),
            measure(fairness.median(histogram), n, protection),
        ]
    return figures


NATIONAL_SECTIONS: tuple[SectionBuilder, ...] = (
    referrals_trend,
    exploitation_mix,
    backlog,
    timeliness_trend,
)


# The local picture ---------------------------------------------------------------------


def children_by_exploitation(scope: Scope, protection: Protection) -> Section:
    rows = queries.referrals_by(scope, *queries.EXPLOITATION_FLAGS)
    totals: Counter[str] = Counter()
    for row in rows:
        totals[
            exploitation_label_from_flags(
                sexual=row["exploitation_sexual"],
                labour=row["exploitation_labour"],
                domestic=row["exploitation_domestic"],
                organ_harvesting=row["exploitation_organ_harvesting"],
                criminal=row["exploitation_criminal"],
            )
        ] += row["n"]
    items = sorted(totals.items(), key=lambda kv: (-kv[1], exploitation_rank(kv[0])))
    table = protected_list(_("Exploitation type"), _("Children referred"), items, protection)
    return Section(
        "exploitation",
        _("Children referred by exploitation type"),
        _("Each combination of types is its own category."),
        table,
        charts.bar_chart(
            _("Children referred by exploitation type"),
            _("Bars show the children referred for each type or combination."),
            _items(table),
        ),
    )


def children_by_age(scope: Scope, protection: Protection) -> Section:
    counts = Counter({row["band"]: row["n"] for row in queries.age_bands_at_referral(scope)})
    items = [(band, counts.get(band, 0)) for band in AGE_BAND_ORDER if band in counts]
    table = protected_list(_("Age when referred"), _("Children referred"), items, protection)
    return Section(
        "age",
        _("Children referred by age"),
        _("Age on the day of referral, from the date of birth (or the estimated age)."),
        table,
        charts.bar_chart(
            _("Children referred by age"),
            _("Bars show the children of each age band."),
            _items(table),
        ),
    )


def children_by_gender(scope: Scope, protection: Protection) -> Section:
    counts = Counter({row["gender"]: row["n"] for row in queries.referrals_by(scope, "gender")})
    items = [(GENDER_LABELS[g], counts[g]) for g in GENDER_ORDER if counts.get(g)]
    table = protected_list(_("Gender"), _("Children referred"), items, protection)
    return Section("gender", _("Children referred by gender"), "", table, None)


TOP_NATIONALITIES = 10


def children_by_nationality(scope: Scope, protection: Protection) -> Section:
    totals: Counter[str] = Counter()
    for row in queries.referrals_by(scope, "nationality_1", "nationality_2"):
        totals[nationality_label(row["nationality_1"], row["nationality_2"])] += row["n"]
    top = [(name, n) for name, n in totals.most_common() if name != "Unknown"][:TOP_NATIONALITIES]
    shown = {name for name, _ in top}
    others = sum(n for name, n in totals.items() if name not in shown and name != "Unknown")
    items = list(top)
    if others:
        items.append((_("Other nationalities"), others))
    if totals.get("Unknown"):
        items.append((_("Unknown"), totals["Unknown"]))
    table = protected_list(_("Nationality"), _("Children referred"), items, protection)
    return Section(
        "nationality",
        _("Children referred by nationality"),
        _(
            "The ten most frequent nationalities; British is shown as UK, a dual nationality "
            "as both."
        ),
        table,
        None,
    )


def county_lines(scope: Scope, protection: Protection) -> Section:
    counts = Counter(
        {row["county_lines"]: row["n"] for row in queries.referrals_by(scope, "county_lines")}
    )
    items = [
        (_("Flagged as county lines"), counts.get(True, 0)),
        (_("Not flagged"), counts.get(False, 0)),
    ]
    table = protected_list(_("County lines"), _("Children referred"), items, protection)
    return Section(
        "county-lines",
        _("County lines"),
        _("Children whose referral flags county lines: gangs moving drugs across county lines."),
        table,
        None,
    )


def decisions(scope: Scope, protection: Protection) -> Section:
    names = {queries.RG: _("Reasonable grounds"), queries.CG: _("Conclusive grounds")}
    outcomes = {"positive": _("Positive"), "negative": _("Negative")}
    counts: Counter[tuple[str, str]] = Counter()
    for stage, name in names.items():
        for row in queries.decision_outcomes(scope, stage):
            counts[(name, outcomes[row["outcome"]])] += row["n"]
    table = protected_grid(
        _("Decision"), list(names.values()), list(outcomes.values()), counts, protection
    )
    return Section(
        "decisions",
        _("Decisions"),
        _("Decisions made in the period about the area's children, by whoever decided them."),
        table,
        None,
    )


def timeliness_against_competent_authority(scope: Scope, protection: Protection) -> Section:
    """The area's decisions beside the competent authority's for children everywhere."""
    national = Scope(scope.period, children_only=True)
    stages = {
        queries.RG: _("Referral to reasonable grounds"),
        queries.CG: _("Reasonable grounds to conclusive grounds"),
    }
    table = FigureTable(
        [_("Decided by"), *[f"{name}: {_('median days')}" for name in stages.values()]]
    )
    rows = {
        _("This area's children"): (scope, None),
        _("Competent authority, children across the UK"): (national, "competent_authority"),
    }
    for label, (where, kind) in rows.items():
        figures = []
        for stage in stages:
            histogram: Counter[int] = Counter()
            for row in queries.waiting_days(where, stage, "decision_maker_type"):
                if kind is None or row["decision_maker_type"] == kind:
                    histogram[int(row["days"])] += row["n"]
            n = fairness.count(histogram)
            figures.append(measure(fairness.median(histogram), n, protection))
        table.rows.append((label, figures))
    return Section(
        "timeliness",
        _("Timeliness against the competent authority"),
        _(
            "Median calendar days for the decisions made in the period: this area's children "
            "(decided by the local panel where there is one) beside the competent authority's "
            "decisions for children in every area."
        ),
        table,
        None,
    )


def missing_episodes(scope: Scope, protection: Protection) -> Section:
    """Times the area's children went missing in the period: a child-protection matter the
    police and the local authority are told of, and a warning of re-trafficking."""
    counts = queries.missing_episodes(scope)
    items = [
        (_("Missing episodes that began in the period"), counts["episodes"]),
        (_("Children who went missing"), counts["children"]),
        (_("Episodes reported to the police"), counts["police"]),
        (_("Episodes reported to the local authority"), counts["local_authority"]),
    ]
    table = protected_counts(_("Missing from care or home"), _("Number"), items, protection)
    return Section(
        "missing",
        _("Missing episodes"),
        _(
            "Episodes of the area's children going missing that began in the period, and "
            "whether the police and the local authority were told."
        ),
        table,
        None,
    )


LOCAL_PICTURE_SECTIONS: tuple[SectionBuilder, ...] = (
    children_by_exploitation,
    children_by_age,
    children_by_gender,
    children_by_nationality,
    county_lines,
    missing_episodes,
    decisions,
    timeliness_against_competent_authority,
)


def build(
    sections: Sequence[SectionBuilder], scope: Scope, protection: Protection
) -> list[Section]:
    with queries.snapshot():
        return [section(scope, protection) for section in sections]
