"""Two-factor sign-in: no route with case data is reachable with a password alone; codes
are single-use; backup codes; lockout after repeated wrong codes; password reset does not
bypass it; demo secrets are shown only by the demo's settings.

These tests opt out of the suite's fully-verified ``force_login`` (tests/two_factor.py)
wherever they need a half-signed-in session.
"""

import re
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from opennrm.access.policy import ROUTES
from opennrm.accounts import two_factor
from opennrm.accounts.services import api_token_issue
from opennrm.audit.models import AuditEvent
from tests.factories import TEST_PASSWORD, person_with_role
from tests.integration.access.test_access_matrix import (
    FRAMEWORK_ROUTES,
    _kwargs,
    api_url,
    build_world,
    page_routes,
)
from tests.integration.security.test_headers import production_env
from tests.two_factor import authenticator_for, code_for, force_login_password_only

pytestmark = pytest.mark.django_db

TWO_FACTOR = reverse("accounts:two-factor")


def _password(client: Client, email: str, password: str = TEST_PASSWORD, next_url: str = ""):
    url = reverse("accounts:sign-in") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": email, "password": password})


# No route is reachable half-signed-in ---------------------------------------------------


def _route_urls(world) -> list[tuple[str, str, str]]:
    """(route, method, url) for every route in the policy, pointed at real objects."""
    patterns = page_routes()
    found = []
    for name, route in sorted(ROUTES.items()):
        if name in FRAMEWORK_ROUTES or name == "accounts:sign-out":
            continue  # signing out would end the session being tested
        arguments = list(route.by_argument[1]) if route.by_argument else [None]
        objects = world.objects[route.obj][:1] if route.obj else [None]
        for obj in objects:
            for argument in arguments[:1]:
                for method in route.methods:
                    if " " in name:
                        verb, path = name.split(" ", 1)
                        if verb != method:
                            continue
                        url = api_url(path, obj)
                        if url is not None:
                            found.append((name, verb, url))
                        continue
                    kwargs = _kwargs(patterns[name], obj, argument)
                    if kwargs is not None:
                        found.append((name, method, reverse(name, kwargs=kwargs)))
    return found


def test_no_route_answers_with_a_password_alone(demo) -> None:
    world = build_world(demo)
    case = world.objects["case"][0]
    secrets = {case.reference, case.person.given_name, case.person.family_name} - {""}
    urls = _route_urls(world)
    assert len(urls) > 40
    checked = 0
    for who in ("auditor", "caseworker", "police.fr", "admin"):
        client = Client()
        force_login_password_only(client, demo[who])
        for name, method, url in urls:
            route = ROUTES[name]
            response = client.get(url) if method == "GET" else client.post(url, {})
            checked += 1
            body = response.content.decode(errors="replace")
            if route.public or route.second_factor:
                assert response.status_code < 500, (name, response.status_code)
                continue
            if " " in name:  # the API
                assert response.status_code == 401, (who, name, response.status_code)
            else:
                assert response.status_code == 302, (who, name, response.status_code)
                assert response["Location"].startswith(TWO_FACTOR), (who, name)
            leaked = [s for s in secrets if s in body]
            assert not leaked, (who, name, leaked)
    assert checked > 150


def test_a_bearer_token_is_for_systems_and_needs_no_second_factor(demo) -> None:
    token = api_token_issue(actor=None, user=demo["caseworker"])
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_the_half_signed_in_page_shows_no_navigation(client: Client, demo) -> None:
    force_login_password_only(client, demo["caseworker"])
    authenticator_for(demo["caseworker"])
    body = client.get(TWO_FACTOR).content.decode()
    assert "Enter your security code" in body
    assert 'id="navigation"' not in body


# Enrolment ------------------------------------------------------------------------------


def test_first_sign_in_sets_up_an_authenticator_app_with_backup_codes(client: Client) -> None:
    user = person_with_role("caseworker", email="new.cw@example.test")
    response = _password(client, "new.cw@example.test", next_url="/cases/")
    assert response["Location"] == f"{TWO_FACTOR}?next=%2Fcases%2F"
    response = client.get(response["Location"])
    assert response["Location"].startswith(reverse("accounts:two-factor-set-up"))
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body  # the QR code, inline
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert two_factor.grouped(two_factor.secret_of(device)) in body
    # The same key on reload: scanning then reloading does not break the app's codes.
    assert (
        client.get(reverse("accounts:two-factor-set-up"))
        .content.decode()
        .count(two_factor.grouped(two_factor.secret_of(device)))
    )
    assert client.get("/cases/")["Location"].startswith(TWO_FACTOR)

    wrong = client.post(reverse("accounts:two-factor-set-up"), {"code": "12345"})
    assert wrong.status_code == 400
    assert "Enter the security code in the correct format" in wrong.content.decode()
    done = client.post(
        reverse("accounts:two-factor-set-up") + "?next=/cases/",
        {"code": code_for(device), "next": "/cases/"},
    )
    assert done.status_code == 302
    assert done["Location"].startswith(reverse("accounts:backup-codes"))
    codes_page = client.get(done["Location"]).content.decode()
    codes = re.findall(r"<code>([a-z0-9]+)</code>", codes_page)
    assert len(codes) == two_factor.BACKUP_CODE_COUNT
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    # Shown once.
    assert "<code>" not in client.get(reverse("accounts:backup-codes")).content.decode()
    assert client.get("/cases/").status_code == 200
    assert AuditEvent.objects.filter(action=two_factor.ENROLLED, object_id=str(user.pk)).exists()


def test_someone_with_an_app_cannot_replace_it_half_signed_in(client: Client, demo) -> None:
    authenticator_for(demo["caseworker"])
    force_login_password_only(client, demo["caseworker"])
    response = client.get(reverse("accounts:two-factor-set-up"))
    assert response["Location"].startswith(TWO_FACTOR)
    assert not TOTPDevice.objects.filter(user=demo["caseworker"], confirmed=False).exists()


# Verification ---------------------------------------------------------------------------


def test_the_code_completes_sign_in_with_a_new_session_id(client: Client, demo) -> None:
    user = demo["caseworker"]
    device = authenticator_for(user)
    _password(client, user.email, "demo-password-opennrm")
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    response = client.post(TWO_FACTOR, {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("home:home")
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert client.get("/cases/").status_code == 200
    event = AuditEvent.objects.filter(action=two_factor.VERIFIED, object_id=str(user.pk)).get()
    assert event.payload == {"kind": "authenticator"}


def test_a_code_works_only_once(demo) -> None:
    user = demo["caseworker"]
    device = authenticator_for(user)
    code = code_for(device)
    first, second = Client(), Client()
    for client in (first, second):
        _password(client, user.email, "demo-password-opennrm")
    assert first.post(TWO_FACTOR, {"code": code})["Location"] == reverse("home:home")
    response = second.post(TWO_FACTOR, {"code": code})
    assert response.status_code == 400
    assert "The security code is not right" in response.content.decode()
    assert second.get("/cases/")["Location"].startswith(TWO_FACTOR)


def test_a_wrong_code_shows_a_govuk_error(client: Client, demo) -> None:
    authenticator_for(demo["caseworker"])
    force_login_password_only(client, demo["caseworker"])
    for code, message in (
        ("", "Enter the 6-digit security code"),
        ("abcdef", "Enter the security code in the correct format"),
        ("000000", "The security code is not right"),
    ):
        response = client.post(TWO_FACTOR, {"code": code})
        body = response.content.decode()
        assert response.status_code == 400
        assert "govuk-error-summary" in body
        assert message in body
        assert "<title>Error:" in body


def test_a_backup_code_works_once(demo) -> None:
    user = demo["caseworker"]
    authenticator_for(user)
    codes = two_factor.backup_codes_issue(user=user)
    url = reverse("accounts:two-factor-backup")
    first, second = Client(), Client()
    for client in (first, second):
        force_login_password_only(client, user)
    assert first.post(url, {"code": codes[0].upper()})["Location"] == reverse("home:home")
    assert first.get("/cases/").status_code == 200
    response = second.post(url, {"code": codes[0]})
    assert response.status_code == 400
    assert "already been used" in response.content.decode()
    assert two_factor.backup_codes_left(user) == two_factor.BACKUP_CODE_COUNT - 1


def test_repeated_wrong_codes_lock_the_second_factor_and_are_audited(client: Client, demo) -> None:
    user = demo["caseworker"]
    device = authenticator_for(user)
    force_login_password_only(client, user)
    limit = two_factor.failure_limit()
    for _ in range(limit - 1):
        assert client.post(TWO_FACTOR, {"code": "000000"}).status_code == 400
    response = client.post(TWO_FACTOR, {"code": "000000"})
    assert response.status_code == 429
    assert "You cannot sign in at the moment" in response.content.decode()
    # The half-signed-in session ended with the lockout.
    assert reverse("accounts:sign-in") in client.get("/home/")["Location"]
    locked = AuditEvent.objects.filter(action=two_factor.LOCKED_OUT, object_id=str(user.pk))
    assert locked.count() == 1
    assert (
        AuditEvent.objects.filter(action=two_factor.FAILED, object_id=str(user.pk)).count() == limit
    )

    # The password still works, the right code does not, until the lockout has passed.
    _password(client, user.email, "demo-password-opennrm")
    assert client.post(TWO_FACTOR, {"code": code_for(device)}).status_code == 429
    later = timezone.now() + timedelta(seconds=two_factor.lockout_seconds() + 60)
    with time_machine.travel(later, tick=False):
        _password(client, user.email, "demo-password-opennrm")
        response = client.post(TWO_FACTOR, {"code": code_for(device)})
        assert response["Location"] == reverse("home:home")


def test_wrong_backup_codes_count_towards_the_lockout(client: Client, demo) -> None:
    user = demo["caseworker"]
    authenticator_for(user)
    two_factor.backup_codes_issue(user=user)
    force_login_password_only(client, user)
    statuses = [
        client.post(reverse("accounts:two-factor-backup"), {"code": "wrongcode"}).status_code
        for _ in range(two_factor.failure_limit())
    ]
    assert statuses[-1] == 429
    assert two_factor.second_factor_locked(user)


# Password reset -------------------------------------------------------------------------


def test_password_reset_does_not_sign_in_or_skip_the_second_factor(
    client: Client, demo, mailoutbox
) -> None:
    user = demo["caseworker"]
    signed_in_elsewhere = Client()
    signed_in_elsewhere.force_login(user)
    assert signed_in_elsewhere.get("/cases/").status_code == 200

    client.post(reverse("accounts:password-reset"), {"email": user.email})
    link = re.search(r"(/account/password-reset/[^/\s]+/[^/\s]+/)", mailoutbox[0].body)
    assert link is not None
    form_url = client.get(link.group(1))["Location"]
    new_password = "a-brand-new-long-password-7"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response["Location"] == reverse("accounts:password-reset-complete")
    # Not signed in by the reset, and every earlier session is over.
    assert reverse("accounts:sign-in") in client.get("/cases/")["Location"]
    assert reverse("accounts:sign-in") in signed_in_elsewhere.get("/cases/")["Location"]
    assert AuditEvent.objects.filter(action="account.password_reset", actor=user).exists()
    # The new password gets only as far as the second factor.
    assert _password(client, user.email, new_password)["Location"] == TWO_FACTOR
    assert client.get("/cases/")["Location"].startswith(TWO_FACTOR)


def test_the_password_validators_still_apply_to_a_reset(client: Client, demo, mailoutbox) -> None:
    client.post(reverse("accounts:password-reset"), {"email": demo["caseworker"].email})
    link = re.search(r"(/account/password-reset/[^/\s]+/[^/\s]+/)", mailoutbox[0].body)
    form_url = client.get(link.group(1))["Location"]
    response = client.post(
        form_url, {"new_password1": "password123", "new_password2": "password123"}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


# Demo secrets ---------------------------------------------------------------------------


def test_seed_demo_prints_authenticator_keys_only_where_the_setting_allows(db, settings) -> None:
    settings.OPENNRM_DEMO_SHOW_SECRETS = True
    shown = StringIO()
    call_command("seed_demo", stdout=shown)
    device = TOTPDevice.objects.get(user__email="caseworker@demo.opennrm.test", confirmed=True)
    line = next(row for row in shown.getvalue().splitlines() if "caseworker@demo" in row)
    key = two_factor.grouped(two_factor.secret_of(device))
    assert key in line

    settings.OPENNRM_DEMO_SHOW_SECRETS = False
    hidden = StringIO()
    call_command("seed_demo", stdout=hidden)
    assert key not in hidden.getvalue()
    assert key.split()[0] not in hidden.getvalue()
    assert "otpauth://" not in hidden.getvalue()
    # Running it again keeps the same keys (the demo's phones keep working).
    assert TOTPDevice.objects.filter(user__email="caseworker@demo.opennrm.test").count() == 1


def test_production_never_shows_a_secret() -> None:
    env = production_env(OPENNRM_DEMO_SHOW_SECRETS="true")
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "print(settings.OPENNRM_DEMO_SHOW_SECRETS)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    assert result.stdout.strip().splitlines()[-1] == "False"
