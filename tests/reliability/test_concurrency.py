"""Concurrency drills against the running service: double submits and two caseworkers
deciding one case at once."""

import json
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.reliability.harness import RUNTIME, adult_body, issue_token, submit


def test_twenty_identical_submissions_with_one_key_make_exactly_one_referral(service, seeded):
    token = issue_token(seeded.url(RUNTIME), "ngo.fr@demo.opennrm.test")
    key = uuid.uuid4().hex
    body = adult_body(900)
    body["person"]["given_name"] = f"Double{key[:8]}"
    start = threading.Barrier(20)

    def one(_: int) -> httpx.Response:
        with httpx.Client(base_url=service.base, timeout=30) as client:
            start.wait()
            return submit(client, token, body, key)

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(one, range(20)))
    statuses = [r.status_code for r in responses]
    assert set(statuses) == {201}, statuses
    references = {r.json()["reference"] for r in responses}
    assert len(references) == 1
    replayed = sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses)
    assert replayed == 19
    stored = seeded.psql(
        "SELECT count(*) FROM referrals_referral r JOIN referrals_potentialvictim p "
        f"ON p.id = r.person_id WHERE p.given_name = 'Double{key[:8]}'"
    )
    assert stored.strip() == "1"
    print(f"\nDouble submit: 20 concurrent, statuses {sorted(set(statuses))}, 1 referral")


def test_two_caseworkers_deciding_one_case_at_once_one_wins_one_conflicts(service, seeded):
    url = seeded.url(RUNTIME)
    submitter = issue_token(url, "ngo.fr@demo.opennrm.test")
    deciders = [
        issue_token(url, "caseworker@demo.opennrm.test"),
        issue_token(url, "senior.caseworker@demo.opennrm.test"),
    ]
    outcomes = []
    with httpx.Client(base_url=service.base, timeout=30) as client:
        for round_ in range(10):
            made = submit(client, submitter, adult_body(1000 + round_))
            assert made.status_code == 201, made.text
            reference = made.json()["case"]["reference"]
            case = client.get(
                f"/api/v1/cases/{reference}", headers={"Authorization": f"Bearer {deciders[0]}"}
            ).json()
            start = threading.Barrier(2)

            def decide(token: str, reference=reference, case=case, start=start):
                with httpx.Client(base_url=service.base, timeout=30) as own:
                    start.wait()
                    return own.post(
                        f"/api/v1/cases/{reference}/decisions",
                        content=json.dumps(
                            {
                                "stage": "reasonable_grounds",
                                "outcome": "positive",
                                "rationale": f"Decided by {token[:10]}",
                                "version": case["version"],
                            }
                        ),
                        headers={
                            "Authorization": f"Bearer {token}",
                            "Content-Type": "application/json",
                        },
                    )

            with ThreadPoolExecutor(max_workers=2) as pool:
                results = list(pool.map(decide, deciders))
            statuses = sorted(r.status_code for r in results)
            assert statuses == [201, 409], [r.text for r in results]
            winner = next(r for r in results if r.status_code == 201).json()
            loser = next(r for r in results if r.status_code == 409).json()
            assert "changed" in loser["detail"].lower() or loser["detail"]
            final = client.get(
                f"/api/v1/cases/{reference}", headers={"Authorization": f"Bearer {deciders[0]}"}
            ).json()
            assert len(final["decisions"]) == 1
            assert final["decisions"][0]["rationale"] == winner["decisions"][0]["rationale"]
            outcomes.append(statuses)
    print(f"\nDecision race: {len(outcomes)} rounds, each one 201 and one 409, none lost")
