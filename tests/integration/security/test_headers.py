"""Response headers: CSP, HSTS in production, nosniff, referrer policy, and no caching of
anything a signed-in person or an API caller receives."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from opennrm.accounts.services import api_token_issue

pytestmark = pytest.mark.django_db


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production deployment, with real-looking keys."""
    return {
        **os.environ,
        "PYTHONPATH": f"{settings.BASE_DIR / 'src'}:{settings.BASE_DIR}",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "s" * 64,
        "OPENNRM_AUDIT_KEY": "a" * 48,
        "OPENNRM_EVIDENCE_KEY": "ZXZpZGVuY2Uta2V5LWZvci10aGUtaHN0cy10ZXN0MzI=",
        "ALLOWED_HOSTS": "opennrm.example.gov.uk",
        "DEBUG": "false",
        **overrides,
    }


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.parametrize("url", ["/", "/account/sign-in/", "/api/v1/me"])
def test_content_security_policy(client: Client, url: str) -> None:
    csp = directives(client.get(url))
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp.get("script-src", [])
    if not url.startswith("/api/"):  # pages carry the nonce for their one inline script
        assert any(source.startswith("'nonce-") for source in csp["script-src"])


def test_the_inline_script_carries_the_nonce_of_its_response(client: Client) -> None:
    response = client.get("/account/sign-in/")
    nonce = next(s for s in directives(response)["script-src"] if s.startswith("'nonce-"))
    body = response.content.decode()
    assert f'nonce="{nonce[7:-1]}"' in body
    assert body.count("<script") == body.count(f'nonce="{nonce[7:-1]}"') + body.count(" src=")


@pytest.mark.parametrize("url", ["/", "/account/sign-in/", "/api/v1/me", "/healthz"])
def test_nosniff_referrer_policy_and_no_framing_everywhere(client: Client, url: str) -> None:
    response = client.get(url)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_pages_for_signed_in_people_are_never_stored(client: Client, demo) -> None:
    client.force_login(demo["caseworker"])
    for url in ["/home/", "/cases/", "/account/sign-in/"]:
        response = client.get(url, follow=False)
        assert no_store(response), url
        assert "private" in response["Cache-Control"]


def test_every_api_answer_is_never_stored(client: Client, demo) -> None:
    token = api_token_issue(actor=None, user=demo["caseworker"])
    assert no_store(client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}))
    assert no_store(client.get("/api/v1/me"))  # 401
    assert no_store(client.get("/api/v1/openapi.json"))


def test_public_pages_for_visitors_may_be_cached(client: Client) -> None:
    # The start page holds nothing personal; it is the only kind of page left cacheable.
    assert not no_store(client.get("/"))


def test_production_sends_hsts_for_at_least_a_year() -> None:
    # Production settings refuse to load in the test process (they demand real keys), so
    # load them in a child process with the keys set, as a deployment would.
    env = production_env()
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz', secure=True, headers={'host': 'opennrm.example.gov.uk'})\n"
        "print(r['Strict-Transport-Security'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    header = result.stdout.strip().splitlines()[-1]
    max_age = int(header.split("max-age=")[1].split(";")[0])
    assert max_age >= 31_536_000
    assert "includeSubDomains" in header


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("OPENNRM_AUDIT_KEY", "", "OPENNRM_AUDIT_KEY must be set"),
        ("OPENNRM_AUDIT_KEY", "short", "OPENNRM_AUDIT_KEY must be set"),
        ("OPENNRM_EVIDENCE_KEY", "", "OPENNRM_EVIDENCE_KEY must be set"),
        ("OPENNRM_EVIDENCE_KEY", "bm90LTMyLWJ5dGVz", "OPENNRM_EVIDENCE_KEY must be set"),
        ("SECURE_HSTS_SECONDS", "3600", "SECURE_HSTS_SECONDS must be at least a year"),
    ],
)
def test_production_refuses_missing_or_weak_keys(variable: str, value: str, message: str) -> None:
    env = production_env(**{variable: value})
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_sign_in_page_itself_is_not_cached(client: Client) -> None:
    # It carries a CSRF token; Django's never_cache covers it for visitors too.
    assert no_store(client.get(reverse("accounts:sign-in")))
