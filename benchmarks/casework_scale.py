"""Load cases into PostgreSQL in steps and time the casework pages at each size.

Each case carries a whole referral as the form records it (two exploitation situations,
the first responder's assessment, risks, background, every free-text answer filled), so the
case page measured is the one a decision maker reads.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opennrm_bench \
        .venv/bin/python benchmarks/casework_scale.py [--sizes 10000,100000,1000000]

Creates the database if needed, migrates it, loads the demo organisations and people, then
adds cases (each with its referral, person and two hash-chained audit events) with
PostgreSQL COPY, and prints p50/p95 server times for the work queue, the overdue filter
and the case page: first as the load left the operating system's cache, then with every
table and index read into it (as on a server that has been running). Server time is
measured in-process with Django's test client, so it includes routing, the ORM, templates
and middleware but not the network.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/opennrm_bench")
os.environ["DEBUG"] = "false"


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


ensure_database(os.environ["DATABASE_URL"])

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from opennrm.accounts.models import Organisation, User  # noqa: E402
from opennrm.audit.chain import CURRENT_FORMAT, GENESIS_HASH, compute_hash  # noqa: E402
from opennrm.audit.services import audit_key  # noqa: E402
from opennrm.demo.accounts import seed_demo_accounts  # noqa: E402
from opennrm.people.domain import match_key  # noqa: E402
from opennrm.policy import add_working_days  # noqa: E402
from opennrm.referrals.schema import ReferralSubmission  # noqa: E402
from tests.two_factor import force_login_verified  # noqa: E402

TEXT = (
    "She was offered work in a hand car wash by a man she met through a cousin; her passport "
    "was taken on arrival, she worked fourteen hours a day and was told she owed for travel. "
)
SITUATION = {
    "started_on": "2024-03",
    "ended_on": "2025",
    "uk_places": ["Leeds", "Bradford"],
    "how_it_started": TEXT,
    "journey": TEXT,
    "what_they_were_made_to_do": TEXT,
    "how_they_were_treated": TEXT,
    "living_conditions": TEXT,
    "why_they_stayed": TEXT,
    "how_they_left": TEXT,
}
WHOLE_REFERRAL = ReferralSubmission.model_validate(
    {
        "kind": "nrm",
        "nation": "england",
        "person": {
            "under_18": "no",
            "under_18_at_exploitation": "no",
            "consent": True,
            "consent_statement_shown": "I understand what the NRM is and agree to be referred.",
            "given_name": "Test",
            "family_name": "Person",
            "date_of_birth": "1994-03-02",
            "gender": "female",
            "nationalities": ["Albanian"],
            "languages": ["Albanian", "Italian"],
            "interpreter_needed": True,
            "communication_needs": TEXT,
        },
        "exploitation": {"types": ["labour", "domestic_servitude"], "location": "uk"},
        "account": TEXT * 4,
        "situations": [SITUATION, {**SITUATION, "started_on": "2023"}],
        "assessment": {
            "indicators": ["documents_held", "debt_bondage", "threats"],
            "interview": TEXT,
            "professional_insight": TEXT,
        },
        "exploiters": TEXT,
        "background": {"education": TEXT, "employment_history": TEXT},
        "risk": {"future_exploitation_concerns": TEXT},
        "crime_reference": "13/123456/25",
    }
).model_dump_json(exclude={"received_at", "immigration"})

STATES = ["awaiting_rg"] * 3 + ["recovery_period", "awaiting_cg", "positive_cg", "negative_rg"]
NATIONS = ["england"] * 8 + ["wales", "scotland", "northern_ireland"]


def next_id(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
        return int(cursor.fetchone()[0])


def reset_sequence(table: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        )


def chain_head() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT hash FROM audit_auditevent ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return row[0] if row else GENESIS_HASH


def load(count: int, start_number: int) -> None:
    """Add ``count`` cases, with referral, person and audit events, by COPY."""
    rng = random.Random(start_number)
    ngo = Organisation.objects.get(name="The Salvation Army")
    authority = Organisation.objects.get(name="Single Competent Authority")
    submitter = User.objects.get(email="ngo.fr@demo.opennrm.test")
    person_id, referral_id, case_id = (
        next_id("people_person"),
        next_id("referrals_referral"),
        next_id("cases_case"),
    )
    previous = chain_head()
    today = date.today()
    raw = connection.connection
    with raw.cursor() as cursor:
        with cursor.copy(
            "COPY people_person (id, given_name, family_name, aliases, date_of_birth,"
            " age_disputed, gender, nationalities, under_18_at_referral, under_18_at_exploitation,"
            " created_at, match_key) FROM STDIN"
        ) as copy:
            for i in range(count):
                born = date(1990, 1, 1) + timedelta(days=rng.randrange(8000))
                copy.write_row(
                    (
                        person_id + i,
                        "Test",
                        f"Person {start_number + i}",
                        "[]",
                        born,
                        False,
                        rng.choice(["female", "male"]),
                        '["Albanian"]',
                        "no",
                        "no",
                        datetime.now(UTC),
                        match_key(born),
                    )
                )
        received = [
            datetime.combine(today - timedelta(days=rng.randrange(900)), datetime.min.time(), UTC)
            for _ in range(count)
        ]
        with cursor.copy(
            "COPY referrals_referral (id, reference, kind, organisation_id, submitted_by_id,"
            " nation, person_id, is_child, answers, received_at, submitted_at, idempotency_key,"
            " request_digest, first_responder_type, age_at_exploitation, gender, nationality_1,"
            " nationality_2, exploitation_location, exploitation_labour, exploitation_sexual,"
            " exploitation_criminal, exploitation_domestic, exploitation_organ_harvesting,"
            " exploitation_other, county_lines, local_authority, police_force_area)"
            " FROM STDIN"
        ) as copy:
            for i in range(count):
                copy.write_row(
                    (
                        referral_id + i,
                        f"BEN-{start_number + i:09d}",
                        "nrm",
                        ngo.pk,
                        submitter.pk,
                        "england",
                        person_id + i,
                        False,
                        WHOLE_REFERRAL,
                        received[i],
                        received[i],
                        "",
                        "",
                        "ngo",
                        "adult",
                        "female",
                        "Albanian",
                        "",
                        "uk",
                        True,
                        False,
                        False,
                        True,
                        False,
                        False,
                        False,
                        "",
                        "",
                    )
                )
        events = []
        with cursor.copy(
            "COPY cases_case (id, reference, referral_id, person_id, state, is_child, nation,"
            " local_authority, decision_maker_type, decision_maker_id, panel_site, routing_reason,"
            " received_at, rg_due, recovery_period_ends, cg_earliest, suspended_from, version,"
            " created_at, updated_at, withdrawal_reason, duplicate_of, next_deadline,"
            " next_deadline_kind) FROM STDIN"
        ) as copy:
            for i in range(count):
                reference = f"BEN-{start_number + i:09d}"
                nation = rng.choice(NATIONS)
                state = rng.choice(STATES)
                received_on = received[i].date()
                due = add_working_days(received_on, 5, nation)
                ends = received_on + timedelta(days=40) if state != "awaiting_rg" else None
                upcoming = {
                    "awaiting_rg": (due, "rg_due"),
                    "recovery_period": (ends, "recovery_period_ends"),
                    "awaiting_cg": (ends, "cg_possible_from"),
                }.get(state, (None, ""))
                copy.write_row(
                    (
                        case_id + i,
                        reference,
                        referral_id + i,
                        person_id + i,
                        state,
                        False,
                        nation,
                        "",
                        "competent_authority",
                        authority.pk,
                        "",
                        "Adult",
                        received[i],
                        due,
                        ends,
                        ends,
                        "",
                        1,
                        received[i],
                        received[i],
                        "",
                        "",
                        *upcoming,
                    )
                )
                for action in ("referral.submitted", "case.opened"):
                    fields = {
                        "occurred_at": received[i],
                        "actor_id": submitter.pk,
                        "actor_name": submitter.full_name,
                        "actor_email": submitter.email,
                        "action": action,
                        "object_type": "cases.case",
                        "object_id": str(case_id + i),
                        "case_reference": reference,
                        "payload": {},
                        "request_id": "",
                    }
                    digest = compute_hash(
                        previous, fields, key=audit_key(), chain_format=CURRENT_FORMAT
                    )
                    events.append((fields, previous, digest))
                    previous = digest
        with cursor.copy(
            "COPY audit_auditevent (occurred_at, actor_id, actor_name, actor_email, action,"
            " object_type, object_id, case_reference, payload, request_id, previous_hash, hash,"
            " chain_format)"
            " FROM STDIN"
        ) as copy:
            for fields, before, digest in events:
                copy.write_row(
                    (
                        fields["occurred_at"],
                        fields["actor_id"],
                        fields["actor_name"],
                        fields["actor_email"],
                        fields["action"],
                        fields["object_type"],
                        fields["object_id"],
                        fields["case_reference"],
                        json.dumps(fields["payload"]),
                        "",
                        before,
                        digest,
                        CURRENT_FORMAT,
                    )
                )
    raw.commit()
    for table in ("people_person", "referrals_referral", "cases_case"):
        reset_sequence(table)
    # As autovacuum would in production: statistics and the visibility map (index-only
    # scans for the overdue counts).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def cache_tables() -> bool:
    """Read every table, index and out-of-line value into the operating system's cache, as
    on a server that has been answering requests for a while (the database, 4.3 GB at a
    million cases, fits in memory). Needs PostgreSQL's ``pg_prewarm`` extension (shipped
    with PostgreSQL's contrib modules); without it the cache is left as it is."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_prewarm'")
        if cursor.fetchone() is None:
            return False
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        cursor.execute(
            "SELECT sum(pg_prewarm(c.oid, 'read')) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind IN ('r', 'i', 't') AND c.relpersistence = 'p'"
            " AND n.nspname IN ('public', 'pg_toast')"
        )
    return True


def timings(client: Client, paths: list[str]) -> tuple[float, float]:
    samples = []
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    setup_test_environment()
    call_command("migrate", verbosity=0)
    seed_demo_accounts()
    client = Client()
    # Signed in with the password and the second factor, as every staff session is.
    force_login_verified(client, User.objects.get(email="caseworker@demo.opennrm.test"))
    loaded = next_id("cases_case") - 1
    print(f"{'cases':>9} | {'page':<22} | {'p50 ms':>7} | {'p95 ms':>7}")
    for size in [int(s) for s in args.sizes.split(",")]:
        if loaded < size:
            started = time.perf_counter()
            load(size - loaded, loaded + 1)
            print(f"(loaded {size - loaded} cases in {time.perf_counter() - started:.0f} s)")
            loaded = size
        references = [f"BEN-{random.randint(1, loaded):09d}" for _ in range(args.requests)]
        cache.clear()
        started = time.perf_counter()
        client.get("/cases/")
        cold = (time.perf_counter() - started) * 1000
        print(f"{size:>9} | {'work queue, cold cache':<22} | {cold:7.1f} |       -", flush=True)
        for label, paths in (
            ("work queue", ["/cases/"] * args.requests),
            ("overdue filter", ["/cases/?due=overdue"] * args.requests),
            ("case page, as loaded", [f"/cases/{ref}/" for ref in references]),
        ):
            client.get(paths[0])  # warm caches
            p50, p95 = timings(client, paths)
            print(f"{size:>9} | {label:<22} | {p50:7.1f} | {p95:7.1f}", flush=True)
        if cache_tables():
            others = [f"BEN-{random.randint(1, loaded):09d}" for _ in range(args.requests)]
            p50, p95 = timings(client, [f"/cases/{ref}/" for ref in others])
            print(f"{size:>9} | {'case page, cached':<22} | {p50:7.1f} | {p95:7.1f}", flush=True)


if __name__ == "__main__":
    main()
