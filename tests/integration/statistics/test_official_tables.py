"""The official tables: a small year worked out by hand, and a synthetic year whose every
total adds up and agrees with the records counted directly."""

import pytest

from opennrm.cases.models import Decision
from opennrm.referrals.models import Referral
from opennrm.statistics.disclosure import NONE, Protection
from opennrm.statistics.periods import parse_period
from opennrm.statistics.queries import Scope, moment
from opennrm.statistics.release import TABLES, build_tables
from opennrm.statistics.synthetic import generate
from opennrm.statistics.tables import publish
from tests.integration.statistics.fixture import hand_year

pytestmark = pytest.mark.django_db

T = "Total"
ADULT, CHILD = "Adult (18 or over)", "Child (17 or under)"


@pytest.fixture
def year(demo):
    hand_year(demo)
    return {t.slug: publish(t, NONE) for t in build_tables(Scope(parse_period("2023")))}


def test_referrals_over_time_by_hand(year) -> None:
    assert year["referrals-over-time"].columns == [
        "Year",
        "Quarter",
        "Age at exploitation",
        "Location of exploitation",
        "NRM referrals",
    ]
    assert year["referrals-over-time"].plain_rows() == [
        ["2023", "Q1", ADULT, "UK", 1],
        ["2023", "Q1", ADULT, "Overseas", 1],
        ["2023", "Q1", ADULT, T, 2],
        ["2023", "Q1", T, T, 2],
        ["2023", "Q2", ADULT, "UK", 1],
        ["2023", "Q2", ADULT, T, 1],
        ["2023", "Q2", CHILD, "UK", 1],
        ["2023", "Q2", CHILD, T, 1],
        ["2023", "Q2", T, T, 2],
        ["2023", "Q3", ADULT, "UK and Overseas", 1],
        ["2023", "Q3", ADULT, T, 1],
        ["2023", "Q3", T, T, 1],
        ["2023", "Q4", ADULT, "Not specified or unknown", 1],
        ["2023", "Q4", ADULT, T, 1],
        ["2023", "Q4", T, T, 1],
        [T, T, T, T, 6],
    ]


def test_reasonable_and_conclusive_grounds_by_hand(year) -> None:
    rg = year["reasonable-grounds"]
    assert rg.columns[:5] == [
        "Year",
        "Quarter",
        "Adult (18 or over) - Negative reasonable grounds",
        "Adult (18 or over) - Positive reasonable grounds",
        "Adult (18 or over) - Total",
    ]
    assert rg.columns[-4:] == [
        "Age not specified or unknown - Negative reasonable grounds",
        "Age not specified or unknown - Positive reasonable grounds",
        "Age not specified or unknown - Total",
        "Total",
    ]
    assert rg.plain_rows() == [
        ["2023", "Q1", 1, 1, 2, 0, 0, 0, 0, 0, 0, 2],
        ["2023", "Q2", 0, 0, 0, 0, 1, 1, 0, 0, 0, 1],
        ["2023", "Q3", 0, 1, 1, 0, 0, 0, 0, 0, 0, 1],
        ["2023", "Q4", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ["2023", "Total", 1, 2, 3, 0, 1, 1, 0, 0, 0, 4],
    ]
    cg = year["conclusive-grounds"]
    assert cg.columns[2] == "Adult (18 or over) - Negative conclusive grounds"
    assert cg.plain_rows()[1] == ["2023", "Q2", 0, 1, 1, 0, 0, 0, 0, 0, 0, 1]
    assert cg.plain_rows()[-1][-1] == 1


def test_first_responders_by_their_published_names(year) -> None:
    table = year["referrals-by-first-responder"]
    assert table.columns == [
        "First responder type",
        "First responder",
        "Exploitation type",
        "Age at exploitation",
        "Gender",
        "Nationality",
        "People",
    ]
    rows = table.plain_rows()
    assert [
        "Government agency",
        "Home Office - Immigration Enforcement IE",
        "Domestic",
        ADULT,
        "Female",
        "Pakistani UK",
        1,
    ] in rows
    assert ["Government agency", "Government agency total", T, T, T, T, 1] in rows
    assert ["Local Authority", "Local Authority", "Criminal", CHILD, "Male", "UK", 1] in rows
    assert [
        "NGO and third sector",
        "The Salvation Army",
        "Sexual, Labour, Domestic & Criminal",
        ADULT,
        "Male",
        "Albanian",
        1,
    ] in rows
    assert ["NGO and third sector", "NGO and third sector total", T, T, T, T, 2] in rows
    assert [
        "Police",
        "Metropolitan Police Service",
        "Sexual & Criminal",
        ADULT,
        "Male",
        "Vietnamese",
        1,
    ] in rows
    assert ["Police", "Police total", T, T, T, T, 2] in rows
    assert rows[-1] == [T, T, T, T, T, T, 6]


def test_duty_to_notify_backlog_and_places_by_hand(year) -> None:
    assert year["duty-to-notify"].columns == ["Nationality", "Total"]
    assert year["duty-to-notify"].plain_rows() == [["Albanian", 1], ["Eritrean", 1], [T, 2]]
    assert year["awaiting-conclusive-grounds"].plain_rows() == [
        [ADULT, "Under 6 months", 1],
        [ADULT, T, 1],
        [CHILD, "6 months to 1 year", 1],
        [CHILD, T, 1],
        [T, T, 2],
    ]
    assert year["referrals-by-nation"].plain_rows() == [
        ["England", ADULT, 5],
        ["England", T, 5],
        ["Wales", CHILD, 1],
        ["Wales", T, 1],
        [T, T, 6],
    ]
    assert year["county-lines"].plain_rows() == [
        ["2023", "Q2", CHILD, "Male", 1],
        ["2023", "Q2", CHILD, T, 1],
        ["2023", "Q2", T, T, 1],
        [T, T, T, T, 1],
    ]


def test_timeliness_by_hand(year) -> None:
    rows = year["timeliness"].plain_rows()
    # Referral to RG: 10, 5, 10 and 20 days: median 10, nine in ten within 20.
    assert rows[0] == ["Referral to reasonable grounds decision", "All decisions", T, 4, 10.0, 20.0]
    assert [
        "Referral to reasonable grounds decision",
        "Age at exploitation",
        CHILD,
        1,
        10.0,
        10.0,
    ] in rows
    # RG to CG: 20 January to 1 June 2023 is 132 days.
    assert [
        "Reasonable grounds to conclusive grounds decision",
        "All decisions",
        T,
        1,
        132.0,
        132.0,
    ] in rows
    decided_by = {
        r[2]: r[3] for r in rows if r[1] == "Decision maker" and r[0].startswith("Referral")
    }
    assert decided_by == {"Cardiff child decision-making panel": 1, "Single Competent Authority": 3}


def test_local_tables_are_protected_by_default(demo) -> None:
    hand_year(demo)
    from opennrm.statistics.selectors import Publication, published_tables

    tables = published_tables(
        scope=Scope(parse_period("2023")),
        slugs=["referrals-by-local-authority", "referrals-over-time"],
        publication=Publication(Protection(threshold=10)),
    )
    local, national = tables
    assert local.withheld > 0
    assert all(
        cell.withheld or not cell.is_count or cell.value in (0, None) or cell.value >= 10
        for row in local.rows
        for cell in row
    )
    assert national.withheld == 0


def test_a_synthetic_year_adds_up(demo) -> None:
    generate(referrals=500, first_year=2023, last_year=2023, seed=5)
    scope = Scope(parse_period("2023"))
    tables = {t.slug: t for t in build_tables(scope)}
    assert set(tables) == set(TABLES)
    for table in tables.values():
        for total in table.totals:
            assert table.counts[total.total] == sum(table.counts[i] for i in total.parts), (
                f"{table.slug}: a total does not add up"
            )
    received = Referral.objects.filter(received_at__gte=scope.start, received_at__lt=scope.end)
    nrm = received.filter(kind="nrm").count()
    assert nrm > 300
    published = {slug: publish(t, NONE).plain_rows() for slug, t in tables.items()}
    assert published["referrals-over-time"][-1][-1] == nrm
    assert published["referrals-by-first-responder"][-1][-1] == nrm
    assert published["referrals-by-nation"][-1][-1] == nrm
    assert published["referrals-by-local-authority"][-1][-1] == nrm
    assert published["duty-to-notify"][-1][-1] == received.filter(kind="dtn").count()
    in_year = Decision.objects.filter(
        decided_at__gte=moment(scope.period.start), decided_at__lt=scope.end
    )
    assert (
        published["reasonable-grounds"][-1][-1]
        == in_year.filter(stage="reasonable_grounds").count()
    )
    assert (
        published["conclusive-grounds"][-1][-1]
        == in_year.filter(stage="conclusive_grounds").count()
    )
    timeliness = published["timeliness"]
    assert timeliness[0][3] == in_year.filter(stage="reasonable_grounds").count()
