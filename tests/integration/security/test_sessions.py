"""Sessions: a new id at sign-in; signing out ends every session on the server; idle and
absolute limits with a warning page before the idle one; cookie attributes (with the
``__Host-`` prefix in production)."""

import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opennrm.accounts.models import UserSession
from opennrm.audit.models import AuditEvent
from tests.integration.security.test_headers import production_env
from tests.two_factor import authenticator_for, code_for

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:sign-in")


def test_signing_in_gives_a_new_session_id(client: Client, demo) -> None:
    # A session that existed before signing in (say, one an attacker planted) is not the
    # one the person ends up signed in to.
    client.get(SIGN_IN)
    session = client.session
    session["planted"] = "yes"
    session.save()
    planted = session.session_key
    client.cookies[settings.SESSION_COOKIE_NAME] = planted
    client.post(
        SIGN_IN, {"username": demo["caseworker"].email, "password": "demo-password-opennrm"}
    )
    after_password = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after_password != planted
    assert not Session.objects.filter(session_key=planted).exists()
    client.post(
        reverse("accounts:two-factor"), {"code": code_for(authenticator_for(demo["caseworker"]))}
    )
    assert client.cookies[settings.SESSION_COOKIE_NAME].value not in (planted, after_password)
    assert UserSession.objects.filter(
        user=demo["caseworker"], session_key=client.cookies[settings.SESSION_COOKIE_NAME].value
    ).exists()


def test_signing_out_ends_every_session_of_the_person_on_the_server(demo) -> None:
    user = demo["caseworker"]
    browsers = [Client(), Client(), Client()]
    for browser in browsers:
        browser.force_login(user)
        assert browser.get("/cases/").status_code == 200
    stolen_cookie = browsers[1].cookies[settings.SESSION_COOKIE_NAME].value
    other = Client()
    other.force_login(demo["senior.caseworker"])
    assert UserSession.objects.filter(user=user).count() == 3

    browsers[0].post(reverse("accounts:sign-out"))
    for browser in browsers:
        assert SIGN_IN in browser.get("/cases/")["Location"]
    # A copy of a cookie taken before is worth nothing: the session is gone from the store.
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = stolen_cookie
    assert SIGN_IN in replay.get("/cases/")["Location"]
    assert not Session.objects.filter(session_key=stolen_cookie).exists()
    assert UserSession.objects.filter(user=user).count() == 0
    assert other.get("/cases/").status_code == 200
    event = AuditEvent.objects.filter(action="account.sessions_ended", object_id=str(user.pk)).get()
    assert event.payload == {"count": 2, "reason": "signed_out"}


def test_a_person_can_end_their_other_sessions(demo) -> None:
    user = demo["caseworker"]
    here, elsewhere = Client(), Client()
    here.force_login(user)
    elsewhere.force_login(user)
    page = here.get(reverse("accounts:account")).content.decode()
    assert "Sign out of every other session" in page
    here.post(reverse("accounts:account"), {"action": "end_other_sessions"})
    assert here.get("/cases/").status_code == 200
    assert SIGN_IN in elsewhere.get("/cases/")["Location"]


def _at(minutes: float):
    return time_machine.travel(timezone.now() + timedelta(minutes=minutes), tick=False)


def test_an_idle_session_ends_after_fifteen_minutes(client: Client, demo) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(demo["caseworker"])
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert client.get("/cases/").status_code == 200
    # Activity restarted the clock: 28 minutes after signing in, 14 after the last request.
    with time_machine.travel(start + timedelta(minutes=28), tick=False):
        assert client.get("/cases/").status_code == 200
    with time_machine.travel(start + timedelta(minutes=43, seconds=30), tick=False):
        response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next=%2Fcases%2F"
    page = client.get(response["Location"]).content.decode()
    assert "We signed you out because you did nothing for 15 minutes" in page
    assert AuditEvent.objects.filter(
        action="account.session_expired", payload__reason="idle"
    ).exists()


def test_the_api_refuses_an_idle_session_with_401(client: Client, demo) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(demo["caseworker"])
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        assert client.get("/api/v1/me").status_code == 401


def test_a_session_ends_after_twelve_hours_whatever_the_person_does(client: Client, demo) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(demo["caseworker"])
    for minutes in range(10, 12 * 60, 10):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            assert client.get("/home/").status_code == 200, minutes
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        response = client.get("/home/")
    assert SIGN_IN in response["Location"]
    assert "12 hours" in client.get(response["Location"]).content.decode()
    assert AuditEvent.objects.filter(
        action="account.session_expired", payload__reason="absolute"
    ).exists()


def test_the_warning_page_does_not_count_as_activity_and_can_extend(client: Client, demo) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(demo["caseworker"])
    warning = reverse("accounts:session-timeout")
    with time_machine.travel(start + timedelta(minutes=13), tick=False):
        page = client.get(warning + "?next=/cases/")
        body = page.content.decode()
        assert page.status_code == 200
        assert "You are about to be signed out" in body
        assert "Stay signed in" in body
        # The time shown is when the session ends: 15 minutes after the last activity.
        expected = timezone.localtime(start + timedelta(minutes=15)).strftime("%H:%M")
        assert expected in body
    with time_machine.travel(start + timedelta(minutes=15, seconds=30), tick=False):
        assert SIGN_IN in client.get(warning)["Location"]

    client.force_login(demo["caseworker"])
    later = timezone.now()
    with time_machine.travel(later + timedelta(minutes=14), tick=False):
        response = client.post(warning, {"next": "/cases/"})
        assert response["Location"] == "/cases/"
    with time_machine.travel(later + timedelta(minutes=28), tick=False):
        assert client.get("/cases/").status_code == 200


def test_pages_carry_the_warning_for_the_script_and_the_account_page_says_when(
    client: Client, demo
) -> None:
    client.force_login(demo["caseworker"])
    body = client.get("/home/").content.decode()
    warn_after = settings.OPENNRM_SESSION_IDLE_SECONDS - settings.OPENNRM_SESSION_WARNING_SECONDS
    assert f'data-session-warning-after="{warn_after}"' in body
    assert 'data-session-warning-url="/account/session/"' in body
    account = client.get(reverse("accounts:account")).content.decode()
    assert "We sign you out after 15 minutes without activity" in account


def test_session_and_csrf_cookies_are_httponly_and_samesite_lax(client: Client, demo) -> None:
    response = client.post(
        SIGN_IN, {"username": demo["caseworker"].email, "password": "demo-password-opennrm"}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert not cookie["domain"]


def test_production_cookies_are_secure_host_prefixed_httponly_and_lax() -> None:
    env = production_env()
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings as s\n"
        "from django.test import Client, override_settings\n"
        # No collectstatic here: serve static names unhashed, as the tests do.
        "plain = {**s.STORAGES, 'staticfiles': {'BACKEND':"
        " 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
        "with override_settings(STORAGES=plain):\n"
        "    r = Client().get('/account/sign-in/', secure=True,"
        " headers={'host': 'opennrm.example.gov.uk'})\n"
        "c = r.cookies[s.CSRF_COOKIE_NAME]\n"
        "print(s.SESSION_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.SESSION_COOKIE_DOMAIN, s.SESSION_COOKIE_PATH)\n"
        "print(c.key, c['secure'], c['httponly'], c['samesite'], c['domain'] or None,"
        " c['path'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
    )
    session_line, csrf_line = result.stdout.strip().splitlines()[-2:]
    assert session_line == "__Host-opennrm-session True True Lax None /"
    assert csrf_line == "__Host-opennrm-csrf True True Lax None /"


def test_sessions_that_expired_are_forgotten_at_the_next_sign_in(demo) -> None:
    user = demo["caseworker"]
    old = Client()
    old.force_login(user)
    key = old.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(session_key=key).delete()  # as clearsessions does once expired
    assert UserSession.objects.filter(session_key=key).exists()
    Client().force_login(user)
    assert not UserSession.objects.filter(session_key=key).exists()
    assert UserSession.objects.filter(user=user).count() == 1
