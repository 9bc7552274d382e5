"""The official tables of an NRM statistics release, with the Home Office's categories,
labels and layouts. Each table is built from one or two aggregations (``queries``); the
labels are joined on to the groups, never to rows.
"""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from opennrm.accounts.models import Organisation
from opennrm.accounts.published import (
    PUBLISHED_TYPE_LABELS,
    PublishedResponderType,
    default_published_label,
    default_published_type,
)
from opennrm.statistics import fairness, queries
from opennrm.statistics.disclosure import Total
from opennrm.statistics.labels import (
    AGE_LABELS,
    AGE_ORDER,
    AGE_SUMMARY_LABELS,
    GENDER_LABELS,
    GENDER_ORDER,
    LOCATION_LABELS,
    LOCATION_ORDER,
    NATION_LABELS,
    NATION_ORDER,
    NOT_SPECIFIED,
    OUTCOME_LABELS,
    OUTCOME_ORDER,
    TOTAL,
    UNKNOWN_NATIONALITY,
    exploitation_label_from_flags,
    exploitation_rank,
    nationality_label,
)
from opennrm.statistics.periods import Quarter
from opennrm.statistics.queries import Scope
from opennrm.statistics.tables import Band, Dimension, Key, Measure, Table, long_table, wide_table


def _ranked(labels: Sequence[str]) -> Callable[[str], Any]:
    order = {label: rank for rank, label in enumerate(labels)}
    return lambda value: (order.get(value, len(order)), value)


def _unknown_last(value: str) -> Any:
    return (value in (NOT_SPECIFIED, UNKNOWN_NATIONALITY), value.casefold())


AGE_DIMENSION = Dimension("Age at exploitation", _ranked([AGE_LABELS[a] for a in AGE_ORDER]))
GENDER_DIMENSION = Dimension("Gender", _ranked([GENDER_LABELS[g] for g in GENDER_ORDER]))
YEAR_DIMENSION = Dimension("Year")
QUARTER_DIMENSION = Dimension("Quarter")


def _age(value: str) -> str:
    return AGE_LABELS.get(value or "unknown", NOT_SPECIFIED)


def _gender(value: str) -> str:
    return GENDER_LABELS.get(value, GENDER_LABELS["other"])


def _grouped(
    rows: Iterable[dict[str, Any]], key: Callable[[dict[str, Any]], Key]
) -> dict[Key, int]:
    """Counts of ``rows`` (already aggregated) merged under their published labels."""
    merged: Counter[Key] = Counter()
    for row in rows:
        merged[key(row)] += int(row["n"])
    return dict(merged)


def _scope_note(scope: Scope) -> list[str]:
    notes = []
    if scope.authorities is not None:
        notes.append(
            "Only referrals naming one of these local authorities as the child's local "
            "authority are counted: " + ", ".join(sorted(scope.authorities)) + "."
        )
    if scope.children_only:
        notes.append("Children only (referred as under 18, or possibly under 18).")
    return notes


def _multi(scope: Scope) -> bool:
    return len(scope.period.quarters) > 1


# Referrals --------------------------------------------------------------------------


def referrals_over_time(scope: Scope) -> Table:
    rows = queries.referrals_by_quarter(scope, "age_at_exploitation", "exploitation_location")
    groups = _grouped(
        rows,
        lambda r: (
            str(r["year"]),
            f"Q{r['quarter']}",
            _age(r["age_at_exploitation"]),
            LOCATION_LABELS.get(r["exploitation_location"], NOT_SPECIFIED),
        ),
    )
    return long_table(
        slug="referrals-over-time",
        title=f"NRM referrals by age at exploitation and location of exploitation, "
        f"{scope.period.title}",
        dimensions=[
            YEAR_DIMENSION,
            QUARTER_DIMENSION,
            AGE_DIMENSION,
            Dimension(
                "Location of exploitation", _ranked([LOCATION_LABELS[v] for v in LOCATION_ORDER])
            ),
        ],
        value_heading="NRM referrals",
        groups=groups,
        rollup_from=2,
        grand_total=_multi(scope),
        notes=[
            "Referrals are counted by the date they were received (for referrals migrated "
            "from an older system, the date that system received them). Duty to Notify "
            "reports are not NRM referrals and are counted separately.",
            *_scope_note(scope),
        ],
    )


def _published_first_responders(ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """Each organisation's published (type, name), from its data or else the defaults."""
    found = {}
    for org in Organisation.objects.filter(pk__in=set(ids)).values(
        "id", "name", "organisation_type", "published_label", "published_type"
    ):
        kind = org["published_type"] or default_published_type(org["organisation_type"])
        label = org["published_label"] or default_published_label(
            org["name"], org["organisation_type"]
        )
        found[org["id"]] = (PUBLISHED_TYPE_LABELS[PublishedResponderType(kind)], label)
    return found


def referrals_by_first_responder(scope: Scope) -> Table:
    rows = queries.referrals_by_first_responder(scope)
    published = _published_first_responders(r["organisation_id"] for r in rows)

    def key(r: dict[str, Any]) -> Key:
        kind, label = published[r["organisation_id"]]
        return (
            kind,
            label,
            exploitation_label_from_flags(
                sexual=r["exploitation_sexual"],
                labour=r["exploitation_labour"],
                domestic=r["exploitation_domestic"],
                organ_harvesting=r["exploitation_organ_harvesting"],
                criminal=r["exploitation_criminal"],
            ),
            _age(r["age_at_exploitation"]),
            _gender(r["gender"]),
            nationality_label(r["nationality_1"], r["nationality_2"]),
        )

    return long_table(
        slug="referrals-by-first-responder",
        title=f"NRM referrals by first responder, exploitation type, age at exploitation, "
        f"gender and nationality, {scope.period.title}",
        dimensions=[
            Dimension(
                "First responder type",
                _ranked([PUBLISHED_TYPE_LABELS[t] for t in PublishedResponderType]),
            ),
            Dimension("First responder", total_label=lambda prefix: f"{prefix[0]} total"),
            Dimension("Exploitation type", lambda v: (exploitation_rank(v), v)),
            AGE_DIMENSION,
            GENDER_DIMENSION,
            Dimension("Nationality", _unknown_last),
        ],
        value_heading="People",
        groups=_grouped(rows, key),
        rollup_from=1,
        notes=[
            "First responders are shown under the name and type the statistics publish: "
            "Home Office units under their command, local authorities together as "
            "Local Authority.",
            "Every combination of exploitation types is its own category, named in the "
            "order Sexual, Labour, Domestic, Organ Harvesting, Criminal. A referral with "
            "none of these types recorded is Not specified or unknown.",
            "A dual national is shown with both nationalities in the order recorded; the "
            "referral form's British is published as UK.",
            *_scope_note(scope),
        ],
    )


def _place_table(
    scope: Scope, *, slug: str, title: str, fields: Sequence[str], headings: Sequence[str]
) -> Table:
    rows = queries.referrals_by(scope, *fields, "age_at_exploitation")

    def label(field: str, value: str) -> str:
        if field == "nation":
            return NATION_LABELS.get(value, NOT_SPECIFIED)
        return value or NOT_SPECIFIED

    groups = _grouped(
        rows,
        lambda r: (*(label(f, r[f]) for f in fields), _age(r["age_at_exploitation"])),
    )
    dimensions = [
        Dimension(heading, _ranked([NATION_LABELS[n] for n in NATION_ORDER]))
        if field == "nation"
        else Dimension(heading, _unknown_last)
        for field, heading in zip(fields, headings, strict=True)
    ]
    return long_table(
        slug=slug,
        title=f"{title}, {scope.period.title}",
        dimensions=[*dimensions, AGE_DIMENSION],
        value_heading="NRM referrals",
        groups=groups,
        notes=_scope_note(scope),
        local=slug != "referrals-by-nation",
    )


def referrals_by_nation(scope: Scope) -> Table:
    return _place_table(
        scope,
        slug="referrals-by-nation",
        title="NRM referrals by UK nation of the first responder and age at exploitation",
        fields=["nation"],
        headings=["UK nation"],
    )


def referrals_by_police_force_area(scope: Scope) -> Table:
    table = _place_table(
        scope,
        slug="referrals-by-police-force-area",
        title="NRM referrals by police force area and age at exploitation",
        fields=["police_force_area"],
        headings=["Police force area"],
    )
    table.notes.insert(
        0,
        "A referral counts under a police force area when a police force made it; others "
        "are Not specified or unknown.",
    )
    return table


def referrals_by_local_authority(scope: Scope) -> Table:
    table = _place_table(
        scope,
        slug="referrals-by-local-authority",
        title="NRM referrals by UK nation, local authority and age at exploitation",
        fields=["nation", "local_authority"],
        headings=["UK nation", "Local authority"],
    )
    table.notes.insert(
        0,
        "The local authority is the one whose children's services were told about the "
        "child; referrals of adults name none and are Not specified or unknown.",
    )
    return table


def county_lines(scope: Scope) -> Table:
    rows = queries.referrals_by_quarter(
        scope, "age_at_exploitation", "gender", county_lines_only=True
    )
    groups = _grouped(
        rows,
        lambda r: (
            str(r["year"]),
            f"Q{r['quarter']}",
            _age(r["age_at_exploitation"]),
            _gender(r["gender"]),
        ),
    )
    return long_table(
        slug="county-lines",
        title=f"NRM referrals flagged as county lines by age at exploitation and gender, "
        f"{scope.period.title}",
        dimensions=[YEAR_DIMENSION, QUARTER_DIMENSION, AGE_DIMENSION, GENDER_DIMENSION],
        value_heading="NRM referrals flagged as county lines",
        groups=groups,
        rollup_from=2,
        grand_total=_multi(scope),
        notes=[
            "County lines is criminal exploitation in which gangs move drugs across county "
            "boundaries; first responders flag it on the referral.",
            *_scope_note(scope),
        ],
    )


def duty_to_notify(scope: Scope) -> Table:
    rows = queries.referrals_by(scope, "nationality_1", "nationality_2", kind=queries.DTN)
    groups = _grouped(rows, lambda r: (nationality_label(r["nationality_1"], r["nationality_2"]),))
    return long_table(
        slug="duty-to-notify",
        title=f"Duty to Notify reports by nationality, {scope.period.title}",
        dimensions=[Dimension("Nationality", _unknown_last)],
        value_heading="Total",
        groups=groups,
        notes=[
            "Duty to Notify reports are made for adults who do not consent to enter the "
            "NRM (Modern Slavery Act 2015 s52); they carry no identity.",
            *_scope_note(scope),
        ],
    )


# Decisions --------------------------------------------------------------------------


def _decision_table(scope: Scope, stage: str, slug: str, name: str) -> Table:
    rows = queries.decisions_by_quarter(scope, stage)
    counts: Counter[tuple[tuple[str, ...], str, str]] = Counter()
    for r in rows:
        key = (str(r["year"]), f"Q{r['quarter']}")
        band = AGE_SUMMARY_LABELS.get(r["age"] or "unknown", AGE_SUMMARY_LABELS["unknown"])
        counts[(key, band, OUTCOME_LABELS[stage][r["outcome"]])] += int(r["n"])
    quarters: Sequence[Quarter] = scope.period.quarters
    return wide_table(
        slug=slug,
        title=f"{name} decisions by outcome and age at exploitation, {scope.period.title}",
        leading=["Year", "Quarter"],
        row_keys=[(str(q.year), q.label) for q in quarters],
        bands=[
            Band(
                AGE_SUMMARY_LABELS[age],
                tuple(OUTCOME_LABELS[stage][outcome] for outcome in OUTCOME_ORDER),
            )
            for age in AGE_ORDER
        ],
        counts=counts,
        total_row=(str(quarters[0].year), TOTAL) if len(quarters) > 1 else None,
        notes=[
            "Decisions are counted by the date they were made. Every decision counts, "
            "including a new decision after reconsideration; a negative decision sent for "
            "independent review counts when it was made.",
            *_scope_note(scope),
        ],
    )


def reasonable_grounds(scope: Scope) -> Table:
    return _decision_table(scope, queries.RG, "reasonable-grounds", "Reasonable grounds")


def conclusive_grounds(scope: Scope) -> Table:
    return _decision_table(scope, queries.CG, "conclusive-grounds", "Conclusive grounds")


def awaiting_conclusive_grounds(scope: Scope) -> Table:
    rows = queries.awaiting_conclusive_grounds(scope)
    groups = _grouped(rows, lambda r: (_age(r["age"]), r["waited"]))
    last_day = f"{scope.period.last_day:%-d %B %Y}"
    return long_table(
        slug="awaiting-conclusive-grounds",
        title=f"Cases awaiting a conclusive grounds decision on {last_day}, by age at "
        "exploitation and time since the positive reasonable grounds decision",
        dimensions=[
            AGE_DIMENSION,
            Dimension(
                "Time since positive reasonable grounds decision",
                _ranked(queries.WAITING_ORDER),
            ),
        ],
        value_heading="Cases awaiting a conclusive grounds decision",
        groups=groups,
        notes=[
            "A case awaits a conclusive grounds decision from its positive reasonable "
            "grounds decision until its conclusive grounds decision, unless it was "
            "withdrawn.",
            *_scope_note(scope),
        ],
    )


# Timeliness -------------------------------------------------------------------------

STAGE_NAMES = {
    queries.RG: "Referral to reasonable grounds decision",
    queries.CG: "Reasonable grounds to conclusive grounds decision",
}


def decision_maker_names(ids: Iterable[int]) -> dict[int, str]:
    return dict(Organisation.objects.filter(pk__in=set(ids)).values_list("id", "name"))


def histograms(
    rows: Iterable[dict[str, Any]], key: Callable[[dict[str, Any]], str]
) -> dict[str, Counter[int]]:
    """Per group, how many decisions took each number of days."""
    found: dict[str, Counter[int]] = defaultdict(Counter)
    for row in rows:
        found[key(row)][int(row["days"])] += int(row["n"])
    return dict(found)


def _decision_maker_key(names: Mapping[int, str]) -> Callable[[dict[str, Any]], str]:
    return lambda row: names.get(row["decision_maker"], "")


def timeliness(scope: Scope) -> Table:
    table = Table(
        slug="timeliness",
        title=f"Days from referral to reasonable grounds decision and from reasonable "
        f"grounds to conclusive grounds decision, {scope.period.title}",
        columns=["Stage", "Breakdown", "Group", "Decisions", "Median days", "90th percentile days"],
        notes=[
            "For the decisions made in the period: calendar days from the day the "
            "referral was received to the reasonable grounds decision, and from the first "
            "positive reasonable grounds decision to the conclusive grounds decision. The "
            "90th percentile is the number of days within which nine decisions in ten "
            "were made (nearest rank).",
            *_scope_note(scope),
        ],
    )
    for stage in (queries.RG, queries.CG):
        rows = queries.waiting_days(scope, stage, "age", "gender", "decision_maker")
        names = decision_maker_names(r["decision_maker"] for r in rows)
        breakdowns: list[tuple[str, Mapping[str, Counter[int]], Sequence[str]]] = [
            (
                "Age at exploitation",
                histograms(rows, lambda r: _age(r["age"])),
                [AGE_LABELS[a] for a in AGE_ORDER],
            ),
            (
                "Gender",
                histograms(rows, lambda r: _gender(r["gender"])),
                [GENDER_LABELS[g] for g in GENDER_ORDER],
            ),
            (
                "Decision maker",
                histograms(rows, _decision_maker_key(names)),
                [],
            ),
        ]
        everything: Counter[int] = Counter()
        for row in rows:
            everything[int(row["days"])] += int(row["n"])
        all_ref = _timeliness_row(table, STAGE_NAMES[stage], "All decisions", TOTAL, everything)
        for breakdown, groups, order in breakdowns:
            names_in_order = [g for g in order if g in groups] or sorted(groups)
            names_in_order += sorted(g for g in groups if g not in names_in_order)
            parts = [
                _timeliness_row(table, STAGE_NAMES[stage], breakdown, group, groups[group])
                for group in names_in_order
            ]
            if parts:
                table.totals.append(Total(all_ref, tuple(parts)))
    return table


def _timeliness_row(
    table: Table, stage: str, breakdown: str, group: str, histogram: Mapping[int, int]
) -> int:
    ref = table.add_count(fairness.count(histogram))
    table.rows.append(
        [
            stage,
            breakdown,
            group,
            ref,
            Measure(fairness.median(histogram), ref.index),
            Measure(fairness.percentile(histogram, 90), ref.index),
        ]
    )
    return ref.index


# The release ------------------------------------------------------------------------


@dataclass(frozen=True)
class TableSpec:
    slug: str
    title: str
    description: str
    build: Callable[[Scope], Table]
    # Below national level: protected by default even in a national release.
    local: bool = False


TABLES: dict[str, TableSpec] = {
    spec.slug: spec
    for spec in [
        TableSpec(
            "referrals-over-time",
            "Referrals over time",
            "NRM referrals by quarter, age at exploitation and location of exploitation.",
            referrals_over_time,
        ),
        TableSpec(
            "referrals-by-first-responder",
            "Referrals by first responder",
            "By first responder type and organisation, exploitation type (every "
            "combination), age at exploitation, gender and nationality.",
            referrals_by_first_responder,
        ),
        TableSpec(
            "reasonable-grounds",
            "Reasonable grounds decisions",
            "By quarter of decision, outcome and age at exploitation.",
            reasonable_grounds,
        ),
        TableSpec(
            "conclusive-grounds",
            "Conclusive grounds decisions",
            "By quarter of decision, outcome and age at exploitation.",
            conclusive_grounds,
        ),
        TableSpec(
            "awaiting-conclusive-grounds",
            "Cases awaiting a conclusive grounds decision",
            "At the end of the period, by age at exploitation and time waited.",
            awaiting_conclusive_grounds,
        ),
        TableSpec(
            "duty-to-notify",
            "Duty to Notify reports",
            "Reports for adults who did not consent to the NRM, by nationality.",
            duty_to_notify,
        ),
        TableSpec(
            "referrals-by-nation",
            "Referrals by UK nation",
            "By the UK nation of the first responder and age at exploitation.",
            referrals_by_nation,
        ),
        TableSpec(
            "referrals-by-police-force-area",
            "Referrals by police force area",
            "Referrals made by police forces, by force and age at exploitation.",
            referrals_by_police_force_area,
            local=True,
        ),
        TableSpec(
            "referrals-by-local-authority",
            "Referrals by local authority",
            "By UK nation, the child's local authority and age at exploitation.",
            referrals_by_local_authority,
            local=True,
        ),
        TableSpec(
            "county-lines",
            "County lines",
            "Referrals flagged as county lines, by quarter, age at exploitation and gender.",
            county_lines,
        ),
        TableSpec(
            "timeliness",
            "Timeliness",
            "Median and 90th percentile days to each decision, by age, gender and decision maker.",
            timeliness,
        ),
    ]
}


class UnknownTable(ValueError):
    pass


def table_spec(slug: str) -> TableSpec:
    try:
        return TABLES[slug]
    except KeyError:
        raise UnknownTable(
            f"There is no table called {slug!r}: choose one of " + ", ".join(TABLES)
        ) from None


def build_tables(
    scope: Scope,
    slugs: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Table]:
    """The tables named (all of them by default), in release order."""
    chosen = [table_spec(slug) for slug in slugs] if slugs else list(TABLES.values())
    found = []
    with queries.snapshot():
        for spec in chosen:
            if progress is not None:
                progress(spec.slug)
            table = spec.build(scope)
            table.local = table.local or spec.local
            found.append(table)
    return found
