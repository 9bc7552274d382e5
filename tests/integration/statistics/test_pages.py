"""The statistics pages and API as each role uses them: who sees what, bad input, the audit
trail, and query counts that stay flat as the data grows."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from opennrm.accounts.models import Organisation
from opennrm.audit.models import AuditEvent
from opennrm.statistics.synthetic import generate
from tests.integration.statistics.fixture import hand_year

pytestmark = pytest.mark.django_db

PAGES = [
    "/statistics/?period=2023",
    "/statistics/tables/referrals-by-first-responder/?period=2023",
    "/statistics/dashboard/?period=2023",
    "/statistics/fairness/?period=2023",
    "/statistics/open-data/?period=2023",
    "/statistics/areas/",
    "/statistics/first-responders/",
]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def panel(name: str = "Cardiff") -> Organisation:
    return Organisation.objects.get(name=f"{name} child decision-making panel")


def test_a_statistician_sees_every_page_and_each_view_is_audited(demo) -> None:
    hand_year(demo)
    client = signed_in(demo["statistician"])
    before = AuditEvent.objects.filter(object_type="statistics").count()
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
    recorded = AuditEvent.objects.filter(object_type="statistics").order_by("id")[before:]
    assert [e.object_id for e in recorded] == [
        "release",
        "referrals-by-first-responder",
        "dashboard",
        "fairness",
        "open-data",
    ]
    assert recorded[0].payload == {"period": "2023"}
    assert recorded[0].actor == demo["statistician"]


def test_the_statisticians_home_leads_with_the_latest_release(demo) -> None:
    response = signed_in(demo["statistician"]).get("/home/")
    text = response.content.decode()
    assert 'data-section="statistics"' in text
    assert "/statistics/dashboard/" in text


def test_senior_caseworkers_see_the_dashboard_but_cannot_download(demo) -> None:
    client = signed_in(demo["senior.caseworker"])
    assert client.get("/statistics/dashboard/?period=2023").status_code == 200
    assert client.get("/statistics/release/download/?period=2023&format=ods").status_code == 403
    assert client.get("/statistics/open-data/").status_code == 403


def test_a_panel_sees_only_its_own_area(demo) -> None:
    hand_year(demo)
    client = signed_in(demo["panel.chair"])
    assert client.get("/statistics/").status_code == 403
    assert client.get("/statistics/dashboard/").status_code == 403
    own = client.get(f"/statistics/areas/{panel().pk}/?period=2023")
    assert own.status_code == 200
    text = own.content.decode()
    assert "City of Cardiff Council" in text
    assert "fewer than 10" in text
    assert client.get(f"/statistics/areas/{panel('Hull').pk}/").status_code == 404
    home = client.get("/home/").content.decode()
    assert f"/statistics/areas/{panel().pk}/" in home
    areas = client.get("/statistics/areas/").content.decode()
    assert re.findall(r"/statistics/areas/(\d+)/", areas) == [str(panel().pk)]


def test_a_local_authority_sees_its_own_area_and_others_see_none(demo) -> None:
    cardiff = Organisation.objects.get(name="City of Cardiff Council")
    council = signed_in(demo["cardiff.fr"])
    assert council.get(f"/statistics/areas/{cardiff.pk}/").status_code == 200
    assert council.get(f"/statistics/areas/{panel().pk}/").status_code == 404
    charity = signed_in(demo["ngo.fr"])
    assert "You cannot see any area" in charity.get("/statistics/areas/").content.decode()
    assert charity.get(f"/statistics/areas/{cardiff.pk}/").status_code == 404
    assert "Local pictures" not in charity.get("/home/").content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/statistics/dashboard/?period=2023-Q5", "Enter a year, like 2023, or a quarter"),
        ("/statistics/dashboard/?period=2023&area=999999", "Select an area you can see"),
        ("/statistics/dashboard/?period=2023&threshold=0", "The threshold must be 1 or more"),
        ("/statistics/tables/timeliness/?period=1999", "from 2009 onwards"),
        ("/statistics/fairness/?stage=appeal", "Select reasonable grounds or conclusive grounds"),
        ("/statistics/open-data/?k=1", "k must be 2 or more"),
    ],
)
def test_bad_filters_get_an_error_summary(demo, url, message) -> None:
    response = signed_in(demo["statistician"]).get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "govuk-error-summary" in text
    assert message in text
    assert "<title>Error:" in text


def test_a_bad_threshold_on_a_local_picture_and_an_unknown_table(demo) -> None:
    client = signed_in(demo["panel.chair"])
    text = client.get(f"/statistics/areas/{panel().pk}/?threshold=-1").content.decode()
    assert "The threshold must be 1 or more" in text
    assert signed_in(demo["statistician"]).get("/statistics/tables/nothing/").status_code == 404
    bad = signed_in(demo["statistician"]).get("/statistics/release/download/?format=pdf")
    assert bad.status_code == 400


def test_downloads_are_files_and_are_audited(demo) -> None:
    hand_year(demo)
    client = signed_in(demo["statistician"])
    ods = client.get("/statistics/release/download/?period=2023&format=ods")
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert 'filename="nrm-statistics-release-2023.ods"' in ods["Content-Disposition"]
    assert ods.content[:2] == b"PK"
    csv = client.get("/statistics/tables/duty-to-notify/download/?period=2023&format=csv")
    assert csv.content.decode("utf-8-sig").splitlines()[0] == "Nationality,Total"
    open_data = client.get("/statistics/open-data/download/?period=2023&k=2")
    assert open_data.content.decode("utf-8-sig").startswith("Record,Record type,Quarter received")
    exported = AuditEvent.objects.filter(action="statistics.exported").order_by("id")
    assert [e.object_id for e in exported] == ["release", "duty-to-notify", "open-data"]


def test_published_names_are_changed_by_statisticians(demo) -> None:
    met = Organisation.objects.get(name="Metropolitan Police Service")
    client = signed_in(demo["statistician"])
    empty = client.post(
        f"/statistics/first-responders/{met.pk}/",
        {"published_label": " ", "published_type": "police"},
    )
    assert "Enter the name to publish" in empty.content.decode()
    done = client.post(
        f"/statistics/first-responders/{met.pk}/",
        {"published_label": "Metropolitan Police", "published_type": "police"},
    )
    assert done.status_code == 302
    met.refresh_from_db()
    assert met.published_label == "Metropolitan Police"
    event = AuditEvent.objects.filter(action="account.organisation_published_as").latest("id")
    assert event.payload == {"from_type": "police", "to_type": "police", "label_changed": True}
    assert (
        signed_in(demo["senior.caseworker"])
        .get(f"/statistics/first-responders/{met.pk}/")
        .status_code
        == 403
    )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def audit_lock() -> int:
    """PostgreSQL takes the audit chain's lock with a query of its own."""
    return 1 if connection.vendor == "postgresql" else 0


def snapshot_queries() -> int:
    """A set of tables is counted in one transaction (a savepoint inside a test's); on
    PostgreSQL it also sets two things for itself."""
    return 2 + (2 if connection.vendor == "postgresql" else 0)


@pytest.mark.parametrize(
    ("url", "expected", "audited"),
    [
        # Each includes the signed-in person's second-factor device, read on every request.
        ("/statistics/tables/referrals-by-first-responder/?period=2023", 12, True),
        ("/statistics/dashboard/?period=2023", 17, True),
        ("/statistics/fairness/?period=2023", 12, True),
        ("/statistics/first-responders/", 7, False),
    ],
)
def test_query_counts_stay_flat_as_the_data_grows(
    demo, django_assert_num_queries, url, expected, audited
) -> None:
    expected += (audit_lock() + snapshot_queries()) if audited else 0
    client = signed_in(demo["statistician"])
    hand_year(demo)
    with django_assert_num_queries(expected):
        client.get(url)
    generate(referrals=150, first_year=2023, last_year=2023, seed=3)
    with django_assert_num_queries(expected):
        client.get(url)


def test_a_local_pictures_queries_stay_flat(demo, django_assert_num_queries) -> None:
    client = signed_in(demo["panel.chair"])
    url = f"/statistics/areas/{panel().pk}/?period=2023"
    hand_year(demo)
    small = _queries(client, url)
    generate(referrals=150, first_year=2023, last_year=2023, seed=4)
    with django_assert_num_queries(small):
        client.get(url)


# The API ---------------------------------------------------------------------------


def test_the_api_gives_tables_fairness_and_local_pictures(demo) -> None:
    hand_year(demo)
    client = signed_in(demo["statistician"])
    listed = client.get("/api/v1/statistics/tables").json()
    assert listed[0]["slug"] == "referrals-over-time"
    table = client.get("/api/v1/statistics/tables/duty-to-notify?period=2023").json()
    assert table["columns"] == ["Nationality", "Total"]
    assert table["rows"] == [["Albanian", 1], ["Eritrean", 1], ["Total", 2]]
    assert table["threshold"] is None
    local = client.get(
        "/api/v1/statistics/tables/referrals-by-local-authority?period=2023&threshold=5"
    ).json()
    assert local["withheld"] > 0 and local["threshold"] == 5
    fairness = client.get("/api/v1/statistics/fairness?period=2023").json()
    assert fairness["decisions"] == 4
    assert [b["key"] for b in fairness["breakdowns"]] == [
        "nationality",
        "gender",
        "age",
        "decision_maker",
    ]
    chair = signed_in(demo["panel.chair"])
    picture = chair.get(f"/api/v1/statistics/areas/{panel().pk}/local-picture?period=2023").json()
    assert picture["authorities"] == ["City of Cardiff Council"]
    first = picture["sections"][0]
    assert first["rows"][-1] == {"label": "Total", "values": ["fewer than 10"]}
    assert (
        chair.get(f"/api/v1/statistics/areas/{panel('Hull').pk}/local-picture").status_code == 404
    )
    assert chair.get("/api/v1/statistics/tables").status_code == 403


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/statistics/tables/timeliness?period=2023-Q7", "period"),
        ("/api/v1/statistics/tables/timeliness?threshold=0", "threshold"),
        ("/api/v1/statistics/fairness?period=banana", "period"),
    ],
)
def test_the_api_refuses_bad_input_with_the_field(demo, url, field) -> None:
    response = signed_in(demo["statistician"]).get(url)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == [field]


def test_the_api_answers_an_unknown_table_and_an_unseen_area_with_404(demo) -> None:
    client = signed_in(demo["statistician"])
    assert client.get("/api/v1/statistics/tables/everything").status_code == 404
    assert client.get("/api/v1/statistics/tables/timeliness?area=999999").status_code == 404


def test_a_local_picture_counts_its_children_s_missing_episodes(demo) -> None:
    from datetime import datetime

    from django.utils import timezone

    from opennrm.panels import services as panel_services
    from opennrm.statistics import dashboards
    from opennrm.statistics.disclosure import Protection
    from opennrm.statistics.periods import parse_period
    from opennrm.statistics.queries import Scope
    from tests import states

    child = states.refer_child(demo)
    other = states.refer_child(demo)
    went = timezone.make_aware(datetime(2023, 5, 2, 21, 0))
    for person, police in ((child.person, went), (other.person, None)):
        panel_services.missing_episode_record(
            actor=demo["cardiff.fr"],
            person=person,
            went_missing_at=went,
            police_notified_at=police,
            local_authority_notified_at=went,
        )
    cardiff = Scope(
        parse_period("2023"), frozenset({"City of Cardiff Council"}), children_only=True
    )
    elsewhere = Scope(parse_period("2023"), frozenset({"Hull City Council"}), children_only=True)

    def figures(scope: Scope, protection: Protection) -> list[tuple[str, str]]:
        section = dashboards.missing_episodes(scope, protection)
        return [(label, cells[0].text) for label, cells in section.table.rows]

    assert figures(cardiff, Protection(threshold=None)) == [
        ("Missing episodes that began in the period", "2"),
        ("Children who went missing", "2"),
        ("Episodes reported to the police", "1"),
        ("Episodes reported to the local authority", "2"),
    ]
    # Small numbers are protected, as everywhere below national level.
    assert {text for _label, text in figures(cardiff, Protection(threshold=10))} == {
        "fewer than 10"
    }
    assert [text for _label, text in figures(elsewhere, Protection(threshold=None))] == ["0"] * 4
    page = signed_in(demo["panel.chair"]).get(f"/statistics/areas/{panel().pk}/?period=2023")
    assert "Missing episodes that began in the period" in page.content.decode()
