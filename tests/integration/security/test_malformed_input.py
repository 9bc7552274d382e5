"""Malformed input never causes a server error: control characters in a path or query
string are refused with 400 (or the page is not found), on pages and in the API."""

import json

import pytest
from django.test import Client

from opennrm.accounts.services import api_token_issue
from opennrm.referrals.models import Referral
from tests.integration.referrals.bodies import adult_body

pytestmark = pytest.mark.django_db

PAGES = [
    "/cases/%00/",
    "/cases/NRM-2026-000001%00/",
    "/cases/?assigned=%00",
    "/cases/?state=open%01",
    "/referrals/NRM%00/",
    "/referrals/?q=%00",
    "/audit/?case=%00",
    "/home/?x=%7F",
    "/account/sign-in/?next=%00",
    "/%00",
    "/cases/%0D%0A/",
]
API = [
    "/api/v1/cases/%00",
    "/api/v1/cases?assigned=%00",
    "/api/v1/referrals/%00",
    "/api/v1/me?x=%1B",
]


@pytest.fixture
def caseworker_client(client: Client, demo) -> Client:
    client.force_login(demo["caseworker"])
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("url", PAGES)
def test_control_characters_in_page_addresses_get_the_bad_request_page(
    caseworker_client: Client, url: str
) -> None:
    response = caseworker_client.get(url)
    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.content.decode()


@pytest.mark.parametrize("url", API)
def test_control_characters_in_api_addresses_get_a_json_400(client: Client, demo, url) -> None:
    client.raise_request_exception = False
    token = api_token_issue(actor=None, user=demo["caseworker"])
    response = client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 400
    assert "characters that are not allowed" in response.json()["detail"]


@pytest.mark.parametrize("url", ["/cases/?q=a%09b", "/cases/?q=line%0Aline"])
def test_tabs_and_new_lines_in_a_query_are_allowed(caseworker_client: Client, url: str) -> None:
    assert caseworker_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/cases/?assigned=%C2%B2",
        "/cases/?after=%C2%B2_%C2%B2",
        "/cases/?age=%D9%A3",
        "/api/v1/cases?after=2026-01-01_%C2%B2",
        "/api/v1/cases?limit=%C2%B2",
    ],
)
def test_unicode_digits_in_numeric_filters_do_not_crash(client: Client, demo, url: str) -> None:
    client.raise_request_exception = False
    client.force_login(demo["caseworker"])
    assert client.get(url).status_code in (200, 400, 422)


def test_unicode_digit_as_the_assigned_filter_of_the_cases_api(client: Client, demo) -> None:
    client.raise_request_exception = False
    token = api_token_issue(actor=None, user=demo["caseworker"])
    response = client.get(
        "/api/v1/cases?assigned=%C2%B2", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code in (200, 422)


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"account": "She was\u0000 made to work"}, ["account"]),
        (
            {"person": {**adult_body()["person"], "given_name": "A\u0000na"}},
            ["person", "given_name"],
        ),
        (
            {"exploitation": {"types": ["lab\u0000our"], "location": "uk"}},
            ["exploitation", "types", 0],
        ),
    ],
)
def test_a_nul_in_an_api_body_is_a_422_naming_the_field(client: Client, demo, change, loc) -> None:
    client.raise_request_exception = False
    token = api_token_issue(actor=None, user=demo["ngo.fr"])
    response = client.post(
        "/api/v1/referrals",
        data=json.dumps(adult_body(**change)),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc
    assert not Referral.objects.exists()
