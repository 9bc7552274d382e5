"""A bounded loopback load test: simulated caseworkers and first responders using the API.

    .venv/bin/python benchmarks/load_test.py --base http://127.0.0.1:8000 \
        --responder-token onrm_... --caseworker-token onrm_... [--users 50] [--duration 60]

Each simulated person starts at a random moment in the first 1.5 s (people do not all
arrive in the same millisecond) and loops until the time is up, pausing 0.5–1.5 s between
actions ("think time"):

- first responders (40%) submit a referral (with an Idempotency-Key) and read it back;
- caseworkers (60%) read their work queue, open a case from it, and now and then ask
  who they are (``/me``).

Reports requests, errors (any status other than the expected one, or no answer), and the
p50, p95 and p99 latency per action and overall, as JSON on the last line. Sends traffic
to the given base address only; use it on loopback.
"""

import argparse
import asyncio
import json
import random
import statistics
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

import httpx

REFERRAL = {
    "kind": "nrm",
    "nation": "england",
    "person": {
        "under_18": "no",
        "under_18_at_exploitation": "no",
        "consent": True,
        "consent_statement_shown": "I understand what the NRM is and agree to be referred.",
        "given_name": "Load",
        "family_name": "Test",
        "date_of_birth": "1990-01-01",
        "gender": "female",
        "nationalities": ["Albanian"],
    },
    "exploitation": {"types": ["labour"], "location": "uk"},
    "account": "Made to work in a car wash for no pay (load test).",
}


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def record(self, action: str, started: float, ok: bool, kind: str = "") -> None:
        self.latencies[action].append(time.perf_counter() - started)
        if not ok:
            self.errors[action] += 1
            self.kinds[f"{action}: {kind}"] += 1


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


async def timed(results: Results, action: str, expected: int, request) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response = await request
    except httpx.HTTPError as error:
        results.record(action, started, ok=False, kind=type(error).__name__)
        return None
    ok = response.status_code == expected
    results.record(action, started, ok=ok, kind=str(response.status_code))
    return response


def think(rng) -> float:
    """A pause between two actions, in seconds."""
    return rng.uniform(0.5, 1.5)


async def first_responder(client, token, deadline, results, rng):
    headers = {"Authorization": f"Bearer {token}"}
    await asyncio.sleep(rng.uniform(0, 1.5))  # people do not all arrive at the same instant
    while time.monotonic() < deadline:
        body = json.loads(json.dumps(REFERRAL))
        body["person"]["given_name"] = f"Load{rng.randrange(10**6)}"
        made = await timed(
            results,
            "submit referral",
            201,
            client.post(
                "/api/v1/referrals",
                json=body,
                headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
            ),
        )
        if made is not None and made.status_code == 201:
            reference = made.json()["reference"]
            await asyncio.sleep(think(rng))
            await timed(
                results,
                "read referral",
                200,
                client.get(f"/api/v1/referrals/{reference}", headers=headers),
            )
        await asyncio.sleep(think(rng))


async def caseworker(client, token, deadline, results, rng):
    headers = {"Authorization": f"Bearer {token}"}
    await asyncio.sleep(rng.uniform(0, 1.5))  # people do not all arrive at the same instant
    while time.monotonic() < deadline:
        queue = await timed(
            results, "work queue", 200, client.get("/api/v1/cases?limit=20", headers=headers)
        )
        await asyncio.sleep(think(rng))
        items = queue.json()["items"] if queue is not None and queue.status_code == 200 else []
        if items:
            reference = rng.choice(items)["reference"]
            await timed(
                results, "case page", 200, client.get(f"/api/v1/cases/{reference}", headers=headers)
            )
            await asyncio.sleep(think(rng))
        if rng.random() < 0.2:
            await timed(results, "me", 200, client.get("/api/v1/me", headers=headers))


async def run(base: str, responder: str, caseworker_token: str, users: int, duration: float):
    results = Results()
    deadline = time.monotonic() + duration
    # Idle connections are dropped before the server would close them (gunicorn keeps
    # them 5 s in the drills), so a request never races a closing connection.
    limits = httpx.Limits(
        max_connections=users, max_keepalive_connections=users, keepalive_expiry=2.0
    )
    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
        tasks = []
        for n in range(users):
            rng = random.Random(n)
            if n % 5 < 2:
                tasks.append(first_responder(client, responder, deadline, results, rng))
            else:
                tasks.append(caseworker(client, caseworker_token, deadline, results, rng))
        await asyncio.gather(*tasks)
    return results


def summary(results: Results, duration: float) -> dict:
    every = [value for values in results.latencies.values() for value in values]
    report = {
        "duration_s": duration,
        "requests": len(every),
        "requests_per_s": round(len(every) / duration, 1),
        "errors": sum(results.errors.values()),
        "error_kinds": dict(results.kinds),
        "overall_ms": {
            "p50": round(percentile(every, 0.50) * 1000, 1),
            "p95": round(percentile(every, 0.95) * 1000, 1),
            "p99": round(percentile(every, 0.99) * 1000, 1),
            "mean": round(statistics.fmean(every) * 1000, 1) if every else 0,
        },
        "actions": {},
    }
    for action, values in sorted(results.latencies.items()):
        report["actions"][action] = {
            "requests": len(values),
            "errors": results.errors.get(action, 0),
            "p50_ms": round(percentile(values, 0.50) * 1000, 1),
            "p95_ms": round(percentile(values, 0.95) * 1000, 1),
            "p99_ms": round(percentile(values, 0.99) * 1000, 1),
        }
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--responder-token", required=True)
    parser.add_argument("--caseworker-token", required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds (at most 600)")
    options = parser.parse_args()
    duration = min(options.duration, 600)
    results = asyncio.run(
        run(
            options.base,
            options.responder_token,
            options.caseworker_token,
            options.users,
            duration,
        )
    )
    print(json.dumps(summary(results, duration)))


if __name__ == "__main__":
    main()
