"""How fast the official tables are produced from a national-sized database, beside a
straightforward pandas script for the same tables, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opennrm_statsbench \\
        .venv/bin/python benchmarks/official_statistics.py [--referrals 1000000] [--processes 2]

Creates the database (empty) and migrates it, loads the demo organisations, then the
synthetic national dataset with ``generate_synthetic`` (2019–2024; ``--processes`` loads
share it, each with its own seed). ``--generate`` records are made that way; when that is
fewer than ``--referrals``, copies of them (people, referrals, cases and decisions, with
new ids and references) are added in SQL until there are ``--referrals`` — the generator
loads a few hundred records a second on a busy shared machine, and the tables are timed
on the same mix either way. Then it times:

- the full table set (``release.build_tables``: eleven tables, SQL aggregation) for 2023
  and for 2023-Q4, best and median of ``--runs``;
- pandas: the rows those tables count read into data frames with plain SQL (no
  aggregation in the database), then grouped and counted for the same tables.

``--reuse`` skips loading and times an already loaded database. Prints one JSON object.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file's name is the standard library's: keep its folder off the import path.
sys.path = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/opennrm_statsbench")
os.environ["DEBUG"] = "false"


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def load(referrals: int, processes: int) -> float:
    """Load the synthetic dataset with ``processes`` generate_synthetic runs at once."""
    share = referrals // processes
    started = time.perf_counter()
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "generate_synthetic",
                "--referrals",
                str(share + (referrals - share * processes if index == 0 else 0)),
                "--from",
                "2019",
                "--to",
                "2024",
                "--seed",
                str(1000 + index),
                "--batch-size",
                "2000",
            ],
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for index in range(processes)
    ]
    for run in runs:
        out, err = run.communicate()
        if run.returncode:
            raise SystemExit(f"generate_synthetic failed: {out.decode()}{err.decode()[-2000:]}")
    return time.perf_counter() - started


REPLICATED = {
    "people_person": {"id": "id"},
    "referrals_referral": {
        "id": "id",
        "person_id": "people_person",
        "reference": "text",
        "idempotency_key": "text",
    },
    "cases_case": {
        "id": "id",
        "referral_id": "referrals_referral",
        "person_id": "people_person",
        "reference": "text",
    },
    "cases_decision": {"id": "id", "case_id": "cases_case"},
}


def replicate(connection, target: int) -> int:
    """Add copies of the loaded records until there are ``target`` referrals; return how
    many copies of each were added."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM referrals_referral")
        have = cursor.fetchone()[0]
        copies = max(0, -(-target // have) - 1) if have else 0
        offsets = {}
        for table in REPLICATED:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
            offsets[table] = cursor.fetchone()[0]
        for copy in range(1, copies + 1):
            for table, changed in REPLICATED.items():
                cursor.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_name = %s ORDER BY ordinal_position",
                    [table],
                )
                columns = [row[0] for row in cursor.fetchall()]
                values = []
                for column in columns:
                    kind = changed.get(column)
                    if kind == "id":
                        values.append(f"id + {offsets[table] * copy}")
                    elif kind == "text":
                        values.append(
                            f"CASE WHEN {column} = '' THEN '' ELSE {column} || '-{copy}' END"
                        )
                    elif kind:
                        values.append(f"{column} + {offsets[kind] * copy}")
                    else:
                        values.append(column)
                cursor.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} "
                    f"FROM {table} WHERE id <= {offsets[table]}"
                )
        if copies:
            # Referrals beyond the target go again, so there are exactly ``target``.
            cursor.execute("SELECT count(*) FROM referrals_referral")
            extra = cursor.fetchone()[0] - target
            if extra > 0:
                cursor.execute(
                    "CREATE TEMP TABLE spare AS SELECT id FROM referrals_referral "
                    "ORDER BY id DESC LIMIT %s",
                    [extra],
                )
                cursor.execute(
                    "DELETE FROM cases_decision WHERE case_id IN (SELECT c.id FROM cases_case c "
                    "JOIN spare s ON s.id = c.referral_id)"
                )
                cursor.execute("DELETE FROM cases_case WHERE referral_id IN (SELECT id FROM spare)")
                cursor.execute("DELETE FROM referrals_referral WHERE id IN (SELECT id FROM spare)")
            for table in REPLICATED:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
    return copies


def timed(function, runs: int) -> dict[str, float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    seconds.sort()
    return {"best": round(seconds[0], 3), "median": round(seconds[len(seconds) // 2], 3)}


# The pandas baseline -------------------------------------------------------------------

REFERRALS_SQL = """
SELECT r.id, r.kind, r.received_at AT TIME ZONE 'Europe/London' AS received,
       r.age_at_exploitation, r.gender, r.nationality_1, r.nationality_2,
       r.exploitation_location, r.exploitation_sexual, r.exploitation_labour,
       r.exploitation_domestic, r.exploitation_organ_harvesting, r.exploitation_criminal,
       r.county_lines, r.nation, r.police_force_area, r.local_authority,
       o.published_type, o.published_label
FROM referrals_referral r JOIN accounts_organisation o ON o.id = r.organisation_id
WHERE r.received_at >= %(start)s AND r.received_at < %(end)s
"""
DECISIONS_SQL = """
SELECT d.case_id, d.stage, d.outcome, d.decided_at AT TIME ZONE 'Europe/London' AS decided,
       c.received_at AT TIME ZONE 'Europe/London' AS received, c.decision_maker_id,
       r.age_at_exploitation, r.gender
FROM cases_decision d JOIN cases_case c ON c.id = d.case_id
JOIN referrals_referral r ON r.id = c.referral_id
WHERE d.decided_at >= %(start)s AND d.decided_at < %(end)s
"""
# Every decision up to the period's end, for the cases awaiting a CG decision and the
# first RG date of each case decided at CG.
HISTORY_SQL = """
SELECT d.case_id, d.stage, d.outcome, d.decided_at AT TIME ZONE 'Europe/London' AS decided
FROM cases_decision d WHERE d.decided_at < %(end)s
"""
CASES_SQL = """
SELECT c.id AS case_id, r.age_at_exploitation FROM cases_case c
JOIN referrals_referral r ON r.id = c.referral_id WHERE c.received_at < %(end)s
"""
WITHDRAWN_SQL = """
SELECT case_id FROM cases_caseactionrecord
WHERE action LIKE 'withdraw%%' AND acted_at < %(end)s
"""


def pandas_tables(connection, start, end) -> dict[str, object]:
    """The same eleven tables, the straightforward way: read the rows, group, count."""
    import pandas as pd

    def frame(sql: str):
        with connection.cursor() as cursor:
            cursor.execute(sql, {"start": start, "end": end})
            columns = [c[0] for c in cursor.description]
            return pd.DataFrame(cursor.fetchall(), columns=columns)

    referrals = frame(REFERRALS_SQL)
    decisions = frame(DECISIONS_SQL)
    history = frame(HISTORY_SQL)
    cases = frame(CASES_SQL)
    withdrawn = frame(WITHDRAWN_SQL)
    out: dict[str, object] = {}
    nrm = referrals[referrals.kind == "nrm"].copy()
    nrm["quarter"] = pd.to_datetime(nrm.received).dt.quarter
    nrm["year"] = pd.to_datetime(nrm.received).dt.year
    flags = [
        "exploitation_sexual",
        "exploitation_labour",
        "exploitation_domestic",
        "exploitation_organ_harvesting",
        "exploitation_criminal",
    ]
    over_time = ["year", "quarter", "age_at_exploitation", "exploitation_location"]
    out["referrals-over-time"] = [
        nrm.groupby(over_time[:depth]).size() for depth in range(2, len(over_time) + 1)
    ]
    responder = [
        "published_type",
        "published_label",
        *flags,
        "age_at_exploitation",
        "gender",
        "nationality_1",
        "nationality_2",
    ]
    out["referrals-by-first-responder"] = [
        nrm.groupby(responder[:depth]).size() for depth in range(1, len(responder) + 1)
    ]
    for slug, stage in (
        ("reasonable-grounds", "reasonable_grounds"),
        ("conclusive-grounds", "conclusive_grounds"),
    ):
        chosen = decisions[decisions.stage == stage].copy()
        chosen["quarter"] = pd.to_datetime(chosen.decided).dt.quarter
        out[slug] = chosen.pivot_table(
            index="quarter",
            columns=["age_at_exploitation", "outcome"],
            values="case_id",
            aggfunc="count",
            fill_value=0,
            margins=True,
        )
    positive_rg = history[(history.stage == "reasonable_grounds") & (history.outcome == "positive")]
    first_rg = positive_rg.groupby("case_id").decided.min()
    decided_cg = set(history[history.stage == "conclusive_grounds"].case_id)
    waiting = cases[
        cases.case_id.isin(first_rg.index)
        & ~cases.case_id.isin(decided_cg)
        & ~cases.case_id.isin(set(withdrawn.case_id))
    ].copy()
    waited = (pd.Timestamp(end.replace(tzinfo=None)) - waiting.case_id.map(first_rg)).dt.days
    waiting["band"] = pd.cut(waited, [-1, 182, 365, 730, 1095, 10**6])
    out["awaiting-conclusive-grounds"] = waiting.groupby(
        ["age_at_exploitation", "band"], observed=True
    ).size()
    out["duty-to-notify"] = (
        referrals[referrals.kind == "dtn"].groupby(["nationality_1", "nationality_2"]).size()
    )
    out["referrals-by-nation"] = nrm.groupby(["nation", "age_at_exploitation"]).size()
    out["referrals-by-police-force-area"] = nrm.groupby(
        ["police_force_area", "age_at_exploitation"]
    ).size()
    out["referrals-by-local-authority"] = nrm.groupby(
        ["nation", "local_authority", "age_at_exploitation"]
    ).size()
    lines = nrm[nrm.county_lines]
    out["county-lines"] = lines.groupby(["year", "quarter", "age_at_exploitation", "gender"]).size()
    rg = decisions[decisions.stage == "reasonable_grounds"].copy()
    rg["days"] = (
        pd.to_datetime(rg.decided).dt.normalize() - pd.to_datetime(rg.received).dt.normalize()
    ).dt.days
    cg = decisions[decisions.stage == "conclusive_grounds"].copy()
    cg["days"] = (
        pd.to_datetime(cg.decided).dt.normalize()
        - pd.to_datetime(cg.case_id.map(first_rg)).dt.normalize()
    ).dt.days
    out["timeliness"] = [
        frame_.groupby(key).days.agg(
            ["count", "median", lambda d: d.quantile(0.9, interpolation="higher")]
        )
        for frame_ in (rg, cg)
        for key in ("age_at_exploitation", "gender", "decision_maker_id")
    ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=1_000_000)
    parser.add_argument("--generate", type=int, default=50_000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if not args.reuse:
        fresh_database(url)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from opennrm.cases.models import Decision
    from opennrm.demo.accounts import seed_demo_accounts
    from opennrm.referrals.models import Referral
    from opennrm.statistics.periods import parse_period
    from opennrm.statistics.queries import Scope
    from opennrm.statistics.release import build_tables
    from opennrm.statistics.synthetic import synthetic_user

    result: dict[str, object] = {}
    if not args.reuse:
        call_command("migrate", verbosity=0)
        seed_demo_accounts()
        synthetic_user()  # once, before the loads run side by side
        generated = min(args.generate, args.referrals)
        result["generated"] = generated
        result["generate_seconds"] = round(load(generated, args.processes), 1)
        started = time.perf_counter()
        result["copies"] = replicate(connection, args.referrals)
        result["copy_seconds"] = round(time.perf_counter() - started, 1)
    # As autovacuum would in production: statistics, and the visibility map that lets the
    # covering indexes answer without reading the rows.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    result["records"] = Referral.objects.count()
    result["decisions"] = Decision.objects.count()
    for code in ("2023", "2023-Q4"):
        scope = Scope(parse_period(code))
        result[f"tables_{code}"] = timed(lambda scope=scope: build_tables(scope), args.runs)
        result[f"pandas_{code}"] = timed(
            lambda scope=scope: pandas_tables(connection, scope.start, scope.end), args.runs
        )
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
