"""The start page, health check, error pages and the OpenAPI schema."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_says_when_the_database_is_down(client: Client) -> None:
    with mock.patch("opennrm.core.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_a_lost_database_shows_the_service_unavailable_page(client: Client) -> None:
    with mock.patch(
        "opennrm.home.views.memberships_for_user", side_effect=OperationalError("gone")
    ):
        from tests.factories import person_with_role

        client.force_login(person_with_role("caseworker"))
        response = client.get("/home/")
    assert response.status_code == 503
    assert "Sorry, the service is unavailable" in response.content.decode()


def test_start_page_is_public(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "Start now" in response.content.decode()


def test_unknown_page_is_a_govuk_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_security_headers_are_sent(client: Client) -> None:
    response = client.get("/")
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Request-ID"]


def test_openapi_schema_is_3_1(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.1")


def test_start_page_title_names_the_service_once(client: Client) -> None:
    page = client.get("/").content.decode()
    title = page.split("<title>")[1].split("</title>")[0].strip()
    assert title == "Refer and decide on modern slavery cases – OpenNRM"
