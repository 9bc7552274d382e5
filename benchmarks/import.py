"""How fast historic referrals load: `import_referrals` (the bulk path, and a sample one at
a time) beside raw PostgreSQL `COPY` of the same lines, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opennrm_importbench \\
        .venv/bin/python benchmarks/import.py [--lines 20000] [--one-at-a-time 500]

Creates the database if needed (and empties it first), migrates it, loads the demo
organisations and people, writes synthetic referral lines (``statistics.synthetic``) to a
JSON Lines file, then times:

- ``COPY`` of the lines into a scratch table (the floor: the database storing the text);
- ``import_referrals`` with its default batches (validation, people, referrals, cases and
  the audit chain, all in bulk);
- ``import_referrals --one-at-a-time`` on the first lines of another file, for the
  per-referral service path.

Prints one JSON object with the rates.
"""

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/opennrm_importbench")
os.environ["DEBUG"] = "false"


def fresh_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--one-at-a-time", type=int, default=500, dest="single")
    args = parser.parse_args()
    fresh_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from opennrm.demo.accounts import seed_demo_accounts
    from opennrm.referrals.models import Referral
    from opennrm.statistics.synthetic import referral_lines

    call_command("migrate", verbosity=0)
    seed_demo_accounts()
    folder = Path(tempfile.mkdtemp(prefix="opennrm-import-"))
    source = folder / "referrals.jsonl"
    lines = referral_lines(args.lines, 2023, seed=1)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    sample = folder / "one-at-a-time.jsonl"
    sample.write_text("\n".join(referral_lines(args.single, 2022, seed=2)) + "\n")

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE raw_referral_lines (line jsonb)")
        started = time.perf_counter()
        with cursor.cursor.copy("COPY raw_referral_lines (line) FROM STDIN") as copy:
            for line in lines:
                copy.write_row([line])
        copy_seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE raw_referral_lines")

    def timed(path: Path, *extra: str) -> float:
        started = time.perf_counter()
        call_command(
            "import_referrals",
            str(path),
            "--as",
            "migration@demo.opennrm.test",
            *extra,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
        return time.perf_counter() - started

    bulk_seconds = timed(source)
    imported = Referral.objects.count()
    single_seconds = timed(sample, "--one-at-a-time")
    assert Referral.objects.count() == imported + args.single
    print(
        json.dumps(
            {
                "lines": args.lines,
                "copy_seconds": round(copy_seconds, 2),
                "copy_per_second": round(args.lines / copy_seconds),
                "bulk_seconds": round(bulk_seconds, 2),
                "bulk_per_second": round(imported / bulk_seconds),
                "one_at_a_time_lines": args.single,
                "one_at_a_time_per_second": round(args.single / single_seconds, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
