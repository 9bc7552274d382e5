"""`make restore`: restore a `make backup` dump into a fresh PostgreSQL database.

    make restore BACKUP=var/backups/opennrm-20261123T010000Z.dump \
                 TARGET_DATABASE_URL=postgres://postgres@db-host/opennrm_restored

The target database must not exist yet: it is created by the connecting role (one allowed
to create databases, such as the PostgreSQL administrator) and the dump is restored into
it in one transaction, stopping at the first error. Ownership and grants are not taken
from the dump: run scripts/create-database-roles.sql against the new database afterwards
(it hands everything to the owner role and grants the runtime role its rows), then
`manage.py verify_audit_chain` with DATABASE_URL pointing at it.
Exits non-zero, naming the problem, if anything fails.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo


def fail(message: str) -> None:
    print(message, file=sys.stderr)
    raise SystemExit(1)


def check_sum(backup: Path) -> None:
    sidecar = backup.with_name(backup.name + ".sha256")
    if not sidecar.exists():
        print(f"No {sidecar.name}: the dump's checksum is not checked.", file=sys.stderr)
        return
    expected = sidecar.read_text().split()[0]
    actual = hashlib.sha256(backup.read_bytes()).hexdigest()
    if actual != expected:
        fail(f"{backup} does not match its checksum: it is damaged or was changed.")


def main() -> None:
    backup = Path(os.environ.get("BACKUP", ""))
    target = os.environ.get("TARGET_DATABASE_URL", "")
    if not backup.is_file():
        fail("Set BACKUP to the dump file to restore (made by `make backup`).")
    if not target.startswith(("postgres://", "postgresql://")):
        fail("Set TARGET_DATABASE_URL to the PostgreSQL database to create and restore into.")
    check_sum(backup)
    params = conninfo_to_dict(target)
    name = str(params.get("dbname") or "")
    if not name:
        fail("TARGET_DATABASE_URL must name the database to create.")
    maintenance = make_conninfo(target, dbname="postgres")
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists:
            fail(f"The database {name} already exists: restore into a fresh one.")
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    result = subprocess.run(
        [
            "pg_restore",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--dbname",
            target,
            str(backup),
        ],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        fail(f"pg_restore failed; the database {name} is left for inspection:\n{result.stderr}")
    print(f"Restored {backup} into {name}.")


if __name__ == "__main__":
    main()
