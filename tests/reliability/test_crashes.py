"""Crash drills: kill -9 of the web service and of PostgreSQL while referrals stream in;
PostgreSQL restarting under load. Nothing acknowledged is lost, nothing is half-written,
the audit chain verifies, and the service answers 503 while the database is down and
recovers by itself."""

import re
import threading
import time
import uuid
from dataclasses import dataclass, field

import httpx

from tests.reliability.harness import (
    RUNTIME,
    adult_body,
    issue_token,
    manage,
    submit,
    verify_chain,
)

DEMO_PASSWORD_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Stream:
    """Clients submitting referrals, each retrying with the same Idempotency-Key until it
    is acknowledged (201), as a well-behaved client system does."""

    base: str
    token: str
    clients: int = 4
    acknowledged: dict[str, str] = field(default_factory=dict)  # key -> reference
    failures: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, number: int) -> None:
        n = 0
        with httpx.Client(base_url=self.base, timeout=10) as client:
            while not self.stop.is_set():
                key, body = uuid.uuid4().hex, adult_body(number * 100_000 + n)
                n += 1
                deadline = time.monotonic() + 60
                while time.monotonic() < deadline:
                    try:
                        response = submit(client, self.token, body, key)
                    except httpx.HTTPError:
                        with self.lock:
                            self.failures += 1
                        time.sleep(0.2)
                        continue
                    with self.lock:
                        self.statuses[response.status_code] = (
                            self.statuses.get(response.status_code, 0) + 1
                        )
                    if response.status_code == 201:
                        with self.lock:
                            self.acknowledged[key] = response.json()["reference"]
                        break
                    time.sleep(0.2)

    def __enter__(self) -> "Stream":
        self.threads = [
            threading.Thread(target=self.run, args=(i,), daemon=True) for i in range(self.clients)
        ]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=90)


def assert_nothing_lost_or_half_written(cluster, stream: Stream) -> None:
    references = set(stream.acknowledged.values())
    assert references, "no referral was acknowledged"
    quoted = ",".join(f"'{r}'" for r in references)
    stored = set(
        cluster.psql(
            f"SELECT reference FROM referrals_referral WHERE reference IN ({quoted})"
        ).split()
    )
    assert stored == references, f"lost: {references - stored}"
    # Complete: every NRM referral has its person, its case and its audit event.
    orphans = cluster.psql(
        "SELECT count(*) FROM referrals_referral r LEFT JOIN cases_case c ON c.referral_id = r.id "
        "WHERE r.kind = 'nrm' AND c.id IS NULL"
    ).strip()
    assert orphans == "0", f"{orphans} referrals without a case"
    unaudited = cluster.psql(
        "SELECT count(*) FROM referrals_referral r WHERE NOT EXISTS (SELECT 1 FROM "
        "audit_auditevent e WHERE e.object_type = 'referrals.referral' "
        "AND e.object_id = r.id::text)"
    ).strip()
    assert unaudited == "0", f"{unaudited} referrals without an audit event"
    assert "Audit chain intact" in verify_chain(cluster.url(RUNTIME))


def test_kill_9_of_the_web_service_loses_nothing_acknowledged(service, seeded):
    token = issue_token(seeded.url(RUNTIME), "ngo.fr@demo.opennrm.test")
    with Stream(service.base, token) as stream:
        time.sleep(3)
        before = len(stream.acknowledged)
        service.kill9()
        killed_at = time.monotonic()
        time.sleep(1)
        service.start()
        restart = time.monotonic() - killed_at
        time.sleep(3)
    assert len(stream.acknowledged) > before
    assert_nothing_lost_or_half_written(seeded, stream)
    print(
        f"\nkill -9 gunicorn: {len(stream.acknowledged)} acknowledged, "
        f"{stream.failures} connection failures retried, back in {restart:.1f} s, "
        f"statuses {stream.statuses}"
    )


def test_kill_9_of_postgresql_loses_nothing_acknowledged(service, seeded):
    token = issue_token(seeded.url(RUNTIME), "ngo.fr@demo.opennrm.test")
    with Stream(service.base, token) as stream:
        time.sleep(3)
        before = len(stream.acknowledged)
        seeded.kill9()
        time.sleep(1)
        seeded.start()  # crash recovery from the write-ahead log
        time.sleep(4)
    assert len(stream.acknowledged) > before
    assert_nothing_lost_or_half_written(seeded, stream)
    print(
        f"\nkill -9 PostgreSQL: {len(stream.acknowledged)} acknowledged, "
        f"{stream.failures} connection failures retried, statuses {stream.statuses}"
    )


def authenticator_code(database_url: str, email: str) -> str:
    """The code the demo account's authenticator app shows now (its key is in the
    database the drill seeded)."""
    from binascii import unhexlify

    from django_otp.oath import TOTP

    script = (
        "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
        f"print(TOTPDevice.objects.get(user__email={email!r}, confirmed=True).key)\n"
    )
    key = manage("shell", "-c", script, database_url=database_url).strip().splitlines()[-1]
    return f"{TOTP(unhexlify(key)).token():06d}"


def sign_in(client: httpx.Client, email: str, database_url: str) -> None:
    """The password, then the second factor, as a person signs in."""
    page = client.get("/account/sign-in/")
    token = DEMO_PASSWORD_RE.search(page.text).group(1)
    from opennrm.demo.accounts import DEMO_PASSWORD

    response = client.post(
        "/account/sign-in/",
        data={"username": email, "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{client.base_url}/account/sign-in/"},
    )
    assert response.status_code == 302, response.text[:500]
    page = client.get("/account/two-factor/")
    token = DEMO_PASSWORD_RE.search(page.text).group(1)
    response = client.post(
        "/account/two-factor/",
        data={"code": authenticator_code(database_url, email), "csrfmiddlewaretoken": token},
        headers={"Referer": f"{client.base_url}/account/two-factor/"},
    )
    assert response.status_code == 302, response.text[:500]


def test_database_restart_answers_503_and_recovers_within_ten_seconds(service, seeded):
    token = issue_token(seeded.url(RUNTIME), "caseworker@demo.opennrm.test")
    api_headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=service.base, timeout=10) as browser:
        sign_in(browser, "caseworker@demo.opennrm.test", seeded.url(RUNTIME))
        assert browser.get("/cases/").status_code == 200
        assert browser.get("/api/v1/me", headers=api_headers).status_code == 200

        seeded.stop("fast")
        page = browser.get("/cases/")
        api = browser.get("/api/v1/me", headers=api_headers)
        health = browser.get("/healthz")
        assert page.status_code == 503
        assert "Sorry, the service is unavailable" in page.text
        assert page.headers["Retry-After"]
        assert api.status_code == 503
        assert api.json()["detail"] == "The service is unavailable. Try again later."
        assert health.status_code == 503

        seeded.start()
        up_at = time.monotonic()
        recovered = None
        while time.monotonic() - up_at < 10:
            if (
                browser.get("/cases/").status_code == 200
                and browser.get("/api/v1/me", headers=api_headers).status_code == 200
            ):
                recovered = time.monotonic() - up_at
                break
            time.sleep(0.1)
    assert recovered is not None, "the service did not recover within 10 s"
    print(f"\nDatabase restart: 503 while down; recovered {recovered:.2f} s after it was back")
